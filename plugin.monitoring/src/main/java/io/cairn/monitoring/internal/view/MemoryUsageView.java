package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$memory_usage}: the memory of the process the database runs in, one row per area: the
 * JVM heap and non-heap totals, each JVM memory pool, and the direct and mapped buffer pools.
 * Shared by every database of the container (Cairn's buffer pools live in the heap).
 */
@Component(service = SystemView.class)
public final class MemoryUsageView extends MonitoringView {

    public MemoryUsageView() {
        super("v$memory_usage",
                new Column("area", VARCHAR), new Column("kind", VARCHAR), new Column("used_bytes", BIGINT),
                new Column("committed_bytes", BIGINT), new Column("max_bytes", BIGINT));
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        var memory = ManagementFactory.getMemoryMXBean();
        row(rows, "heap", "total", memory.getHeapMemoryUsage());
        row(rows, "non-heap", "total", memory.getNonHeapMemoryUsage());
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getUsage();
            if (u != null) { // null once a pool is no longer valid
                row(rows, pool.getName(), pool.getType() == java.lang.management.MemoryType.HEAP ? "heap pool"
                        : "non-heap pool", u);
            }
        }
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            rows.add(new Object[] {pool.getName(), "buffer pool", pool.getMemoryUsed(), pool.getTotalCapacity(), null});
        }
        return rows;
    }

    private static void row(List<Object[]> rows, String area, String kind, MemoryUsage u) {
        rows.add(new Object[] {area, kind, u.getUsed(), u.getCommitted(), u.getMax() < 0 ? null : u.getMax()});
    }
}
