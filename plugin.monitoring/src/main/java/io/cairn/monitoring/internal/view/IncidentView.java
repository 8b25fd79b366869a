package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.TIMESTAMP;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.IncidentComponent;
import io.cairn.monitoring.internal.incident.FlatJson;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/**
 * {@code v$incident}: the newest incidents of the whole container (every database, told apart by
 * {@code database_name}), newest first, as the incident component keeps them in memory; the table
 * {@code cairn_incidents} of the alert database has them all.
 */
@Component(service = SystemView.class)
public final class IncidentView extends MonitoringView {

    private final IncidentComponent incidents;

    @Activate
    public IncidentView(@Reference IncidentComponent incidents) {
        super("v$incident",
                new Column("incident_id", BIGINT), new Column("opened_at", TIMESTAMP),
                new Column("last_seen_at", TIMESTAMP), new Column("database_name", VARCHAR),
                new Column("kind", VARCHAR), new Column("severity", VARCHAR), new Column("summary", VARCHAR),
                new Column("occurrences", BIGINT), new Column("status", VARCHAR), new Column("closed_at", TIMESTAMP),
                new Column("closed_by", VARCHAR), new Column("details", VARCHAR));
        this.incidents = incidents;
    }

    @Override
    public Iterable<Object[]> rows(SystemViewContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (Incident i : incidents.recent()) {
            rows.add(new Object[] {i.id(), AshView.local(i.openedAt()), AshView.local(i.lastSeenAt()), i.database(),
                i.kind(), i.severity(), i.summary(), i.occurrences(), i.status(), AshView.local(i.closedAt()),
                i.closedBy(), FlatJson.write(i.details())});
        }
        return rows;
    }
}
