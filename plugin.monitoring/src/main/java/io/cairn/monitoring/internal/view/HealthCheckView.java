package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.TIMESTAMP;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.HealthChecksComponent;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$health_check}: one row per health check of the database queried, run when the view is
 * read: every registered {@code HealthContributor} of that database and the plugin's
 * {@code disk_free:<name>}. Status UP (healthy), DEGRADED or DOWN (unhealthy).
 */
@Component(service = SystemView.class)
public final class HealthCheckView extends MonitoringView {

    private final HealthChecksComponent health;

    @Activate
    public HealthCheckView(@Reference HealthChecksComponent health) {
        super("v$health_check", new Column("check_name", VARCHAR), new Column("status", VARCHAR),
                new Column("detail", VARCHAR), new Column("checked_at", TIMESTAMP));
        this.health = health;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (HealthChecksComponent.Row r : health.check(ctx.databaseName())) {
            rows.add(new Object[] {r.name(), r.status(), r.detail(), AshView.local(r.checkedAt())});
        }
        return rows;
    }
}
