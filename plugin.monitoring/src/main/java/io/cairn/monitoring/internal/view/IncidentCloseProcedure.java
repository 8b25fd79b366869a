package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.IncidentComponent;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.sql.SqlException;
import io.cairn.sql.SqlProcedure;
import io.cairn.sql.SqlProcedureResult;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemViewContext;

/**
 * {@code CALL monitoring.incident_close(id)}: closes an open incident as the session's user.
 * SQLSTATEs as the alert procedures: 02000 no such incident, 23505 already closed, 55000 storage
 * unavailable, 22023 NULL id.
 */
@Component(service = SqlProcedure.class)
public final class IncidentCloseProcedure implements SqlProcedure {

    private final IncidentComponent incidents;

    @Activate
    public IncidentCloseProcedure(@Reference IncidentComponent incidents) {
        this.incidents = incidents;
    }

    @Override
    public String name() {
        return "monitoring.incident_close";
    }

    @Override
    public List<Column> parameters() {
        return List.of(new Column("id", BIGINT));
    }

    @Override
    public SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException {
        if (args[0] == null) {
            throw new SqlException("the incident id must not be NULL", SqlException.INVALID_PARAMETER_VALUE);
        }
        String user = AlertProcedures.caller(ctx);
        Incident i = AlertProcedures.sql(() -> incidents.close(((Number) args[0]).longValue(), user));
        return SqlProcedureResult.message("incident " + i.id() + " (" + i.kind() + ", " + i.database() + ") closed by "
                + user);
    }
}
