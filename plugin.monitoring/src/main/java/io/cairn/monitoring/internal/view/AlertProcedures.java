package io.cairn.monitoring.internal.view;

import static io.cairn.sql.SystemView.ColumnType.BIGINT;
import static io.cairn.sql.SystemView.ColumnType.DOUBLE;
import static io.cairn.sql.SystemView.ColumnType.VARCHAR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.Alert;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.alert.AlertRule;
import io.cairn.sql.SqlException;
import io.cairn.sql.SqlProcedure;
import io.cairn.sql.SqlProcedureResult;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemViewContext;
import io.cairn.txn.SessionSnapshot;

/** {@code CALL monitoring.alert_add/alert_remove/alert_ack(...)} and the views {@code v$alert}, {@code v$alert_rule}. */
public final class AlertProcedures {

    private AlertProcedures() {
    }

    interface Call<T> {
        T run() throws AlertException;
    }

    /** The component's errors as SQLSTATEs: 22023 invalid, 02000 not found, 23505 duplicate name, 55000 unavailable. */
    static <T> T sql(Call<T> call) throws SqlException {
        try {
            return call.run();
        } catch (AlertException e) {
            throw new SqlException(e.getMessage(), switch (e.kind()) {
                case INVALID -> SqlException.INVALID_PARAMETER_VALUE;
                case NOT_FOUND -> "02000";
                case CONFLICT -> "23505";
                case UNAVAILABLE -> "55000";
            });
        }
    }

    /** The user of the session that called the procedure ("sql" if it is gone), for the audit columns. */
    static String caller(SystemViewContext ctx) {
        return ctx.transactionManager().sessionRegistry().sessions().stream()
                .filter(s -> s.sessionId() == ctx.sessionId()).map(SessionSnapshot::user).findFirst().orElse("sql");
    }

    @Component(service = SqlProcedure.class)
    public static final class Add implements SqlProcedure {
        private final AlertComponent alerts;

        @Activate
        public Add(@Reference AlertComponent alerts) {
            this.alerts = alerts;
        }

        @Override
        public String name() {
            return "monitoring.alert_add";
        }

        @Override
        public List<Column> parameters() {
            return List.of(new Column("name", VARCHAR), new Column("metric", VARCHAR), new Column("operator", VARCHAR),
                    new Column("threshold", DOUBLE), new Column("for_seconds", BIGINT), new Column("severity", VARCHAR),
                    new Column("category", VARCHAR));
        }

        @Override
        public SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException {
            Map<String, Object> f = new HashMap<>();
            String[] names = {"name", "metric", "operator", "threshold", "for_seconds", "severity", "category"};
            for (int i = 0; i < names.length; i++) {
                f.put(names[i], args[i]);
            }
            AlertRule r = sql(() -> alerts.add(AlertComponent.parse(f)));
            return SqlProcedureResult.message("alert rule " + r.id() + " added: " + r.condition());
        }
    }

    @Component(service = SqlProcedure.class)
    public static final class Remove implements SqlProcedure {
        private final AlertComponent alerts;

        @Activate
        public Remove(@Reference AlertComponent alerts) {
            this.alerts = alerts;
        }

        @Override
        public String name() {
            return "monitoring.alert_remove";
        }

        @Override
        public List<Column> parameters() {
            return List.of(new Column("name", VARCHAR));
        }

        @Override
        public SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException {
            AlertRule r = sql(() -> alerts.remove(alerts.rule(String.valueOf(args[0])).id()));
            return SqlProcedureResult.message("alert rule " + r.id() + " (" + r.name() + ") deleted");
        }
    }

    @Component(service = SqlProcedure.class)
    public static final class Ack implements SqlProcedure {
        private final AlertComponent alerts;

        @Activate
        public Ack(@Reference AlertComponent alerts) {
            this.alerts = alerts;
        }

        @Override
        public String name() {
            return "monitoring.alert_ack";
        }

        @Override
        public List<Column> parameters() {
            return List.of(new Column("id", BIGINT));
        }

        @Override
        public SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException {
            if (args[0] == null) {
                throw new SqlException("the alert id must not be NULL", SqlException.INVALID_PARAMETER_VALUE);
            }
            String user = caller(ctx);
            Alert a = sql(() -> alerts.acknowledge(((Number) args[0]).longValue(), user));
            return SqlProcedureResult.message("alert " + a.id() + " (" + a.ruleName() + ") acknowledged by " + user);
        }
    }

    /** {@code v$alert_rule}: the rules (empty while the alert database is unavailable). */
    @Component(service = SystemView.class)
    public static final class RuleView extends MonitoringView {
        private final AlertComponent alerts;

        @Activate
        public RuleView(@Reference AlertComponent alerts) {
            super("v$alert_rule", new Column("id", BIGINT), new Column("name", VARCHAR), new Column("metric", VARCHAR),
                    new Column("labels", VARCHAR), new Column("operator", VARCHAR), new Column("threshold", DOUBLE),
                    new Column("for_seconds", BIGINT), new Column("severity", VARCHAR), new Column("category", VARCHAR),
                    new Column("enabled", io.cairn.sql.SystemView.ColumnType.BOOLEAN), new Column("description", VARCHAR));
            this.alerts = alerts;
        }

        @Override
        public Iterable<Object[]> rows(SystemViewContext ctx) {
            try {
                return alerts.rules().stream().map(r -> new Object[] {r.id(), r.name(), r.metric(), r.labelText(),
                    r.operator(), r.threshold(), r.forSeconds(), r.severity(), r.category(), r.enabled(),
                    r.description()}).toList();
            } catch (AlertException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** {@code v$alert}: the alerts firing now. */
    @Component(service = SystemView.class)
    public static final class ActiveView extends MonitoringView {
        private final AlertComponent alerts;

        @Activate
        public ActiveView(@Reference AlertComponent alerts) {
            super("v$alert", new Column("id", BIGINT), new Column("rule", VARCHAR), new Column("severity", VARCHAR),
                    new Column("category", VARCHAR), new Column("series", VARCHAR), new Column("value", DOUBLE),
                    new Column("fired_at", io.cairn.sql.SystemView.ColumnType.TIMESTAMP),
                    new Column("acknowledged_by", VARCHAR));
            this.alerts = alerts;
        }

        @Override
        public Iterable<Object[]> rows(SystemViewContext ctx) {
            try {
                return alerts.active().stream().map(a -> new Object[] {a.id(), a.ruleName(), a.severity(), a.category(),
                    a.series(), a.value(), AshView.local(a.firedAt()), a.acknowledgedBy()}).toList();
            } catch (AlertException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
