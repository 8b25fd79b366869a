package io.cairn.monitoring.internal.rsrc;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.BOOLEAN;
import static io.cairn.sql.SystemView.ColumnType.INT;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$rsrc_group}: one row per active resource group with its limits, what it runs now and
 * its counters since the plugin started. Groups span databases, so every database shows the same rows.
 * CPU time is measured only for groups with a CPU limit (cpu_time_ms is NULL for the others).
 */
@Component(service = SystemView.class)
public final class RsrcGroupView implements SystemView {

    private static final List<Column> COLUMNS = List.of(new Column("group_name", VARCHAR),
            new Column("is_default", BOOLEAN), new Column("users", VARCHAR), new Column("databases", VARCHAR),
            new Column("limits", VARCHAR), new Column("sessions", INT), new Column("active_statements", INT),
            new Column("queued_statements", INT), new Column("admitted", BIGINT), new Column("queued_total", BIGINT),
            new Column("rejected", BIGINT), new Column("terminated", BIGINT), new Column("over_limit", BIGINT),
            new Column("statements_ended", BIGINT), new Column("cpu_time_ms", BIGINT), new Column("throttled", BIGINT));

    private final ResourceManager manager;

    @Activate
    public RsrcGroupView(@Reference ResourceManagerComponent component) {
        this(component.manager());
    }

    RsrcGroupView(ResourceManager manager) {
        this.manager = manager;
    }

    @Override
    public String name() {
        return "v$rsrc_group";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (ResourceManager.GroupStats s : manager.stats()) {
            ResourceGroup g = s.group();
            rows.add(new Object[] {g.name(), g.isDefault(), String.join(",", new TreeSet<>(g.users())),
                    g.databases().isEmpty() ? null : String.join(",", new TreeSet<>(g.databases())), g.limits(),
                    s.sessions(), s.activeStatements(), s.queuedStatements(), s.admitted(), s.queuedTotal(),
                    s.rejected(), s.terminated(), s.overLimit(), s.ended(),
                    g.cpuPerStatementMillis() > 0 ? s.cpuNanos() / 1_000_000 : null, s.throttled()});
        }
        return rows;
    }
}
