package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.DOUBLE;
import static io.cairn.sql.SystemView.ColumnType.INT;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;
import io.cairn.storage.BufferPoolStats;

/** {@code v$buffer_pool_stats}: one row, the database's buffer pool now and its counters since open. */
@Component(service = SystemView.class)
public final class BufferPoolStatsView extends MonitoringView {

    public BufferPoolStatsView() {
        super("v$buffer_pool_stats",
                new Column("capacity_pages", INT), new Column("used_pages", INT), new Column("pinned_pages", INT),
                new Column("dirty_pages", INT), new Column("unlogged_pages", INT), new Column("hits", BIGINT),
                new Column("misses", BIGINT), new Column("physical_reads", BIGINT), new Column("physical_writes", BIGINT),
                new Column("evictions", BIGINT), new Column("hit_ratio", DOUBLE));
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        BufferPoolStats b = ctx.transactionManager().storage().stats().bufferPool();
        return List.<Object[]>of(new Object[] {b.capacityFrames(), b.usedFrames(), b.pinnedFrames(), b.dirtyPages(),
            b.unloggedPages(), b.hits(), b.misses(), b.reads(), b.writes(), b.evictions(), b.hitRatio()});
    }
}
