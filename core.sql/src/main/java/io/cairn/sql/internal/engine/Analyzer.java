package io.cairn.sql.internal.engine;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.Statistics;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.type.Values;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Transaction;

/**
 * ANALYZE: reads a whole table once and records its row count and, per column, the number of
 * distinct values, the fraction of NULLs, and the minimum and maximum. Distinct counting stops
 * growing at the memory bound (the count is then a lower bound).
 */
final class Analyzer {

    private Analyzer() {
    }

    static void analyze(Transaction txn, TableAccess a, ExecContext ctx) throws SqlException {
        int[] visible = a.visible();
        long rows = 0;
        long[] nulls = new long[visible.length];
        Object[] min = new Object[visible.length];
        Object[] max = new Object[visible.length];
        @SuppressWarnings("unchecked")
        Set<Object>[] distinct = new Set[visible.length];
        for (int i = 0; i < visible.length; i++) {
            distinct[i] = new HashSet<>();
        }
        try (RowCursor c = txn.scan(a.table().tree(), null, true, null, true, false)) {
            while (c.next()) {
                ctx.tick();
                rows++;
                Object[] row = a.decodeVisible(c.value());
                for (int i = 0; i < row.length; i++) {
                    Object v = row[i];
                    if (v == null) {
                        nulls[i]++;
                        continue;
                    }
                    if (distinct[i].size() < ctx.maxMemoryRows()) {
                        distinct[i].add(Operators.normalize(v));
                    }
                    if (min[i] == null || Values.compare(v, min[i]) < 0) {
                        min[i] = v;
                    }
                    if (max[i] == null || Values.compare(v, max[i]) > 0) {
                        max[i] = v;
                    }
                }
            }
        }
        Map<String, Statistics.ColumnStats> cols = new LinkedHashMap<>();
        for (int i = 0; i < visible.length; i++) {
            ColumnInfo ci = a.table().columns().get(visible[i]);
            cols.put(ci.name(), new Statistics.ColumnStats(distinct[i].size(), rows == 0 ? 0 : (double) nulls[i] / rows,
                    min[i] == null ? null : Values.toText(min[i]), max[i] == null ? null : Values.toText(max[i])));
        }
        Statistics.write(txn, a.table().name(), new Statistics.TableStats(rows, cols));
    }
}
