package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.resource.ResourceManager;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/** {@code v$rsrc_group}: each resource group's sessions, running statements and what the limits did. */
@Component(service = SystemView.class)
public final class ResourceGroupView extends MonitoringView {

    private final ResourceManager manager;

    @Activate
    public ResourceGroupView(@Reference ResourceManager manager) {
        super("v$rsrc_group", new Column("group_name", VARCHAR), new Column("sessions", BIGINT),
                new Column("running", BIGINT), new Column("queued_total", BIGINT), new Column("rejected_total", BIGINT),
                new Column("cancelled_total", BIGINT));
        this.manager = manager;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        manager.figures().forEach((name, f) -> rows.add(new Object[] {name, f[0], f[1] < 0 ? null : f[1], f[2], f[3], f[4]}));
        return rows;
    }
}
