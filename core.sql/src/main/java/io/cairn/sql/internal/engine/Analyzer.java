package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.Statistics;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Transaction;

/**
 * ANALYZE: reads a whole table once and records its row count and, per column, the number of
 * distinct values, the fraction of NULLs, the minimum and maximum, and an equi-depth histogram of
 * at most {@value #MAX_BUCKETS} steps built from a uniform sample of at most
 * {@value #SAMPLE_ROWS} rows (all rows when the table is smaller). Distinct counting stops
 * growing at the memory bound (the count is then a lower bound).
 */
final class Analyzer {

    /** Histogram steps per column. */
    static final int MAX_BUCKETS = 32;
    /** Rows sampled for histograms (reservoir sampling with a fixed seed, so ANALYZE is repeatable). */
    static final int SAMPLE_ROWS = 100_000;

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
        int sampleCap = (int) Math.max(1, Math.min(SAMPLE_ROWS, ctx.maxMemoryRows()));
        List<Object[]> sample = new ArrayList<>();
        Random random = new Random(42);
        try (RowCursor c = txn.scan(a.table().tree(), null, true, null, true, false)) {
            while (c.next()) {
                ctx.tick();
                rows++;
                Object[] row = a.decodeVisible(c.value());
                if (sample.size() < sampleCap) {
                    sample.add(row);
                } else {
                    long slot = (long) (random.nextDouble() * rows);
                    if (slot < sampleCap) {
                        sample.set((int) slot, row);
                    }
                }
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
        double scale = sample.isEmpty() ? 0 : (double) rows / sample.size();
        Map<String, Statistics.ColumnStats> cols = new LinkedHashMap<>();
        for (int i = 0; i < visible.length; i++) {
            ColumnInfo ci = a.table().columns().get(visible[i]);
            List<Statistics.Bucket> histogram = ci.type().kind() == SqlType.Kind.BLOB ? List.of()
                    : histogram(sample, i, scale, ctx);
            cols.put(ci.name(), new Statistics.ColumnStats(distinct[i].size(), rows == 0 ? 0 : (double) nulls[i] / rows,
                    min[i] == null ? null : Values.toText(min[i]), max[i] == null ? null : Values.toText(max[i]), histogram));
        }
        Statistics.write(txn, a.table().name(),
                new Statistics.TableStats(rows, cols, txn.snapshotScn(), System.currentTimeMillis()));
        Statistics.writeModifications(txn, a.table().name(), 0);
    }

    /**
     * The equi-depth histogram of column {@code col} of the sample: steps of about
     * sample / {@value #MAX_BUCKETS} rows, each ending at a value; a value is never split across
     * steps, so one as frequent as a whole step ends a step of its own with all its rows.
     */
    static List<Statistics.Bucket> histogram(List<Object[]> sample, int col, double scale, ExecContext ctx)
            throws SqlException {
        List<Object> values = new ArrayList<>();
        for (Object[] r : sample) {
            if (r[col] != null) {
                values.add(r[col]);
            }
        }
        if (values.isEmpty()) {
            return List.of();
        }
        SqlException[] failure = new SqlException[1];
        values.sort((x, y) -> {
            try {
                return Values.compare(x, y);
            } catch (SqlException e) {
                failure[0] = e;
                return 0;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        long target = (values.size() + MAX_BUCKETS - 1) / MAX_BUCKETS;
        List<Statistics.Bucket> buckets = new ArrayList<>();
        long rangeRows = 0;
        long rangeDistinct = 0;
        int i = 0;
        while (i < values.size()) {
            ctx.tick();
            Object v = values.get(i);
            int j = i + 1;
            while (j < values.size() && Values.compare(values.get(j), v) == 0) {
                j++;
            }
            long run = j - i;
            if (rangeRows + run >= target || j == values.size()) {
                buckets.add(new Statistics.Bucket(Statistics.bound(Values.toText(v)), Math.round(rangeRows * scale),
                        Math.round(run * scale), rangeDistinct));
                rangeRows = 0;
                rangeDistinct = 0;
            } else {
                rangeRows += run;
                rangeDistinct++;
            }
            i = j;
        }
        return buckets;
    }
}
