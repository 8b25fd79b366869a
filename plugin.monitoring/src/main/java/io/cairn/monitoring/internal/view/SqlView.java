package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.DOUBLE;
import static io.cairn.sql.SystemView.ColumnType.TIMESTAMP;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.SqlStatsComponent;
import io.cairn.monitoring.internal.sql.SqlStats;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;
import io.cairn.sql.instrument.StatementDigest;

/** {@code v$sql}: one row per statement shape (digest) the database ran since the plugin started. */
@Component(service = SystemView.class)
public final class SqlView extends MonitoringView {

    private final SqlStatsComponent stats;

    @Activate
    public SqlView(@Reference SqlStatsComponent stats) {
        super("v$sql",
                new Column("sql_id", VARCHAR), new Column("plan_hash", VARCHAR), new Column("command", VARCHAR),
                new Column("sql_text", VARCHAR), new Column("sample_text", VARCHAR),
                new Column("executions", BIGINT), new Column("errors", BIGINT),
                new Column("total_elapsed_ms", DOUBLE), new Column("avg_elapsed_ms", DOUBLE),
                new Column("max_elapsed_ms", DOUBLE), new Column("total_cpu_ms", DOUBLE),
                new Column("avg_cpu_ms", DOUBLE), new Column("rows_processed", BIGINT),
                new Column("pages_read", BIGINT), new Column("pages_hit", BIGINT), new Column("wal_bytes", BIGINT),
                new Column("temp_bytes", BIGINT),
                new Column("lock_wait_ms", DOUBLE), new Column("last_active", TIMESTAMP));
        this.stats = stats;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (SqlStats.Row r : stats.sql(ctx.databaseName())) {
            long n = Math.max(1, r.executions());
            rows.add(new Object[] {StatementDigest.hex(r.digest()), r.planHash() == 0 ? null : StatementDigest.hex(r.planHash()),
                r.command(), r.digestText(), r.sampleText(), r.executions(), r.errors(), ms(r.elapsedNanos()),
                ms(r.elapsedNanos()) / n, ms(r.maxElapsedNanos()), r.cpuMeasured() ? ms(r.cpuNanos()) : null,
                r.cpuMeasured() ? ms(r.cpuNanos()) / n : null, r.rows(),
                r.pagesRead(), r.pagesHit(), r.walBytes(), r.tempBytes(), ms(r.lockWaitNanos()), AshView.local(r.lastActive())});
        }
        return rows;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
