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
import io.cairn.monitoring.internal.sql.SlowQuery;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/** {@code v$slow_query}: the latest statements of the database that ran at least the slow-query threshold. */
@Component(service = SystemView.class)
public final class SlowQueryView extends MonitoringView {

    private final SqlStatsComponent stats;

    @Activate
    public SlowQueryView(@Reference SqlStatsComponent stats) {
        super("v$slow_query",
                new Column("start_time", TIMESTAMP), new Column("sid", BIGINT), new Column("username", VARCHAR),
                new Column("sql_id", VARCHAR), new Column("plan_hash", VARCHAR), new Column("command", VARCHAR),
                new Column("elapsed_ms", DOUBLE), new Column("cpu_ms", DOUBLE), new Column("rows_processed", BIGINT),
                new Column("pages_read", BIGINT), new Column("lock_wait_ms", DOUBLE), new Column("sqlstate", VARCHAR),
                new Column("error_message", VARCHAR), new Column("sql_text", VARCHAR));
        this.stats = stats;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (SlowQuery q : stats.slowQueries(ctx.databaseName())) {
            rows.add(new Object[] {AshView.local(q.startTime()), q.sessionId(), q.user(), q.sqlId(), q.planHash(),
                q.command(), SqlView.ms(q.elapsedNanos()), q.cpuNanos() < 0 ? null : SqlView.ms(q.cpuNanos()), q.rows(),
                q.pagesRead(), SqlView.ms(q.lockWaitNanos()), q.sqlState(), q.errorMessage(), q.text()});
        }
        return rows;
    }
}
