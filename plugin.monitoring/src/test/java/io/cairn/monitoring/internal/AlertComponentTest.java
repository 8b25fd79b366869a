package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.monitoring.internal.alert.Alert;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.alert.AlertRule;
import io.cairn.monitoring.internal.alert.AlertStore;
import io.cairn.monitoring.internal.rest.AlertRoutes;
import io.cairn.monitoring.internal.view.AlertProcedures;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.txn.Session;
import io.cairn.web.JsonObject;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;

/** Alert rules on real metrics of a real database, stored through JDBC; REST, CALL and errors. */
class AlertComponentTest {

    @TempDir
    Path dir;

    private DataSource alertDatabase() throws Exception {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, "jdbc:cairn:file:" + dir.resolve("alerts").toAbsolutePath());
        return new CairnDataSourceFactory().createDataSource(p);
    }

    /** A request as admin.web hands it over after authentication, with a parsed JSON body. */
    record Request(String method, String path, Map<String, String> pathParameters, Map<String, Object> json)
            implements RestRequest {
        @Override
        public String pathParameter(String name) {
            return pathParameters.get(name);
        }

        @Override
        public java.util.Optional<String> query(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public JsonObject body() throws RestException {
            if (json == null) {
                throw RestException.badRequest("missing_body", "no body");
            }
            return new JsonObject(json);
        }

        @Override
        public String user() {
            return "alice";
        }

        @Override
        public io.cairn.web.Role role() {
            return io.cairn.web.Role.ADMIN;
        }

        @Override
        public Map<String, String> queryParameters() {
            return Map.of();
        }
    }

    @Test
    void rulesFireForTheirDurationResolveAndAreAcknowledged() throws Exception {
        DataSource ds = alertDatabase();
        try (Connection keepOpen = ds.getConnection(); TestDatabase db = new TestDatabase("sales", dir.resolve("sales"))) {
            MetricsComponent metrics = new MetricsComponent();
            Components.bind(metrics, db);
            AlertComponent alerts = new AlertComponent(metrics.metrics(), new AlertStore(() -> ds), "alerts", 10, false);
            assertEquals(AlertComponent.DEFAULTS.size(), alerts.rules().size(), "the default rules on first use");

            AlertRule commits = alerts.add(AlertComponent.parse(Map.of("name", "many-commits", "metric",
                    "cairn_transactions_committed_total", "labels", "database=sales", "operator", ">", "threshold", "5",
                    "for_seconds", 20, "severity", "critical", "category", "load")));
            AlertRule active = alerts.add(AlertComponent.parse(Map.of("name", "any-active", "metric", "cairn_sessions",
                    "labels", "state=active", "operator", ">=", "threshold", 1, "category", "load")));
            Instant t0 = Instant.now();
            alerts.evaluate(t0);
            assertTrue(alerts.active().isEmpty(), "nothing breached yet");

            Workload.run(db, 10, 0);
            try (Session s = db.transactions().openSession("ann", "app")) {
                s.beginStatement("SELECT 1");
                Thread.sleep(250); // kernel figures are cached for 200 ms per collection
                alerts.evaluate(t0.plusSeconds(10));
                List<Alert> firing = alerts.active();
                assertEquals(1, firing.size(), "any-active fires at once, many-commits waits 20 s: " + firing);
                assertEquals("any-active", firing.get(0).ruleName());
                assertEquals("cairn_sessions{database=\"sales\",state=\"active\"}", firing.get(0).series());
                alerts.evaluate(t0.plusSeconds(31));
                firing = alerts.active();
                assertEquals(2, firing.size());
                assertEquals("many-commits", firing.get(0).ruleName(), "critical first");
                assertTrue(firing.get(0).value() >= 10);

                Alert acked = alerts.acknowledge(firing.get(0).id(), "alice");
                assertEquals("alice", acked.acknowledgedBy());
                assertEquals("alice", alerts.active().get(0).acknowledgedBy());
                s.endStatement();
            }
            Thread.sleep(250);
            alerts.evaluate(t0.plusSeconds(40));
            assertEquals(List.of("many-commits"), alerts.active().stream().map(Alert::ruleName).toList(),
                    "any-active resolved when the statement ended");
            List<Alert> history = alerts.history(10);
            assertEquals(2, history.size());
            Alert resolved = history.stream().filter(a -> a.ruleName().equals("any-active")).findFirst().orElseThrow();
            assertNotNull(resolved.resolvedAt());
            Alert open = history.stream().filter(a -> a.ruleName().equals("many-commits")).findFirst().orElseThrow();
            assertNull(open.resolvedAt());
            assertEquals("alice", open.acknowledgedBy());

            // a new component (plugin updated) finds the rules; alerts left open are closed and evaluated again
            AlertComponent again = new AlertComponent(metrics.metrics(), new AlertStore(() -> ds), "alerts", 10, false);
            assertEquals(AlertComponent.DEFAULTS.size() + 2, again.rules().size());
            assertTrue(again.history(10).stream().allMatch(a -> a.resolvedAt() != null));
            again.evaluate(Instant.now());
            again.evaluate(Instant.now().plusSeconds(21));
            assertEquals(1, again.active().size());

            // update and delete resolve the rule's alerts
            again.remove(commits.id());
            assertTrue(again.active().isEmpty());
            assertEquals(AlertComponent.DEFAULTS.size() + 1, again.rules().size());
            AlertRule disabled = again.update(active.id(), AlertComponent.parse(Map.of("name", "any-active", "metric",
                    "cairn_sessions", "operator", ">=", "threshold", 0, "category", "load", "enabled", false)));
            assertTrue(!disabled.enabled());
            try (Statement st = keepOpen.createStatement();
                    ResultSet rs = st.executeQuery("SELECT enabled, labels FROM cairn_alert_rules WHERE name = 'any-active'")) {
                assertTrue(rs.next());
                assertEquals(false, rs.getBoolean(1));
                assertEquals("", rs.getString(2) == null ? "" : rs.getString(2));
            }
        }
    }

    @Test
    void badRulesAreRefusedWithAMessageNamingTheField() throws Exception {
        DataSource ds = alertDatabase();
        try (Connection keepOpen = ds.getConnection()) {
            AlertComponent alerts = new AlertComponent(new io.cairn.monitoring.internal.metrics.CairnMetrics(),
                    new AlertStore(() -> ds), "alerts", 10, false);
            Map<String, Object> good = Map.of("name", "x", "metric", "cairn_lock_waiters", "operator", ">",
                    "threshold", 1, "category", "c");
            assertEquals("operator must be one of >, >=, <, <=, ==, was '=>'",
                    invalid(alerts, with(good, "operator", "=>")).getMessage());
            assertTrue(invalid(alerts, with(good, "metric", "lock_waiters")).getMessage().startsWith("metric must be"));
            assertTrue(invalid(alerts, with(good, "threshold", "ten")).getMessage().startsWith("threshold must be a number"));
            assertTrue(invalid(alerts, with(good, "severity", "fatal")).getMessage().startsWith("severity must be"));
            assertTrue(invalid(alerts, with(good, "for_seconds", -1)).getMessage().startsWith("for_seconds must be"));
            assertTrue(invalid(alerts, with(good, "labels", "a=b=c")).getMessage().startsWith("labels must be"));
            assertTrue(invalid(alerts, with(good, "name", "Has Space")).getMessage().startsWith("name must be"));
            alerts.add(AlertComponent.parse(good));
            AlertException dup = assertThrows(AlertException.class, () -> alerts.add(AlertComponent.parse(good)));
            assertEquals(AlertException.Kind.CONFLICT, dup.kind());
            assertEquals(AlertException.Kind.NOT_FOUND, assertThrows(AlertException.class,
                    () -> alerts.acknowledge(999, "x")).kind());
            assertEquals(AlertComponent.DEFAULTS.size() + 1, alerts.rules().size(), "nothing stored by a refused rule");
        }
    }

    @Test
    void restRoutesMapErrorsToHttpAndCallMapsThemToSqlstates() throws Exception {
        DataSource ds = alertDatabase();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            AlertComponent alerts = new AlertComponent(new io.cairn.monitoring.internal.metrics.CairnMetrics(),
                    new AlertStore(() -> ds), "alerts", 10, false);
            var add = new AlertRoutes.AddRule(alerts);
            var created = add.handle(new Request("POST", "/alerts/rules", Map.of(), Map.of("name", "waits", "metric",
                    "cairn_lock_waiters", "operator", ">", "threshold", new BigDecimal("2.5"), "for_seconds",
                    BigInteger.valueOf(60), "severity", "error", "category", "concurrency", "labels",
                    Map.of("database", "default"))));
            assertEquals(201, created.status());
            Map<?, ?> rule = (Map<?, ?>) created.body();
            assertEquals(2.5, rule.get("threshold"));
            assertEquals(Map.of("database", "default"), rule.get("labels"));
            RestException e = assertThrows(RestException.class, () -> add.handle(new Request("POST", "/alerts/rules",
                    Map.of(), Map.of("name", "bad", "metric", "cairn_x", "operator", "!=", "threshold", BigInteger.ONE,
                            "category", "c"))));
            assertEquals(400, e.status());
            assertEquals("invalid_value", e.code());
            e = assertThrows(RestException.class, () -> add.handle(new Request("POST", "/alerts/rules", Map.of(),
                    Map.of("name", "bad", "threshold", "high"))));
            assertEquals("wrong_type", e.code());
            e = assertThrows(RestException.class, () -> add.handle(new Request("POST", "/alerts/rules", Map.of(),
                    Map.of("name", "x", "colour", "red"))));
            assertEquals("unknown_field", e.code());
            e = assertThrows(RestException.class, () -> add.handle(new Request("POST", "/alerts/rules", Map.of(),
                    Map.of("name", "waits", "metric", "cairn_lock_waiters", "operator", ">", "threshold",
                            BigInteger.ONE, "category", "c"))));
            assertEquals(409, e.status());
            e = assertThrows(RestException.class, () -> new AlertRoutes.Acknowledge(alerts)
                    .handle(new Request("POST", "/alerts/x/ack", Map.of("id", "x"), Map.of())));
            assertEquals("invalid_id", e.code());
            e = assertThrows(RestException.class, () -> new AlertRoutes.Acknowledge(alerts)
                    .handle(new Request("POST", "/alerts/77/ack", Map.of("id", "77"), Map.of())));
            assertEquals(404, e.status());
            e = assertThrows(RestException.class, () -> new AlertRoutes.DeleteRule(alerts)
                    .handle(new Request("DELETE", "/alerts/rules/404", Map.of("id", "404"), null)));
            assertEquals(404, e.status());
            Map<?, ?> list = (Map<?, ?>) new AlertRoutes.ListRules(alerts)
                    .handle(new Request("GET", "/alerts/rules", Map.of(), null)).body();
            assertEquals(AlertComponent.DEFAULTS.size() + 1, ((List<?>) list.get("rules")).size());

            SqlEngine engine = c.unwrap(SqlEngine.class);
            engine.registry().addProcedure(new AlertProcedures.Add(alerts));
            engine.registry().addProcedure(new AlertProcedures.Remove(alerts));
            engine.registry().addProcedure(new AlertProcedures.Ack(alerts));
            engine.registry().addView(new AlertProcedures.RuleView(alerts));
            try (ResultSet rs = st.executeQuery("CALL monitoring.alert_add('deadlocks', 'cairn_deadlocks_total', '>', 3, 0, "
                    + "'warning', 'concurrency')")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("cairn_deadlocks_total > 3.0"), rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT operator, threshold FROM v$alert_rule WHERE name = 'deadlocks'")) {
                assertTrue(rs.next());
                assertEquals(">", rs.getString(1));
                assertEquals(3.0, rs.getDouble(2));
            }
            SQLException bad = assertThrows(SQLException.class, () -> st.execute(
                    "CALL monitoring.alert_add('d2', 'cairn_deadlocks_total', '>', 3, 0, 'loud', 'c')"));
            assertEquals("22023", bad.getSQLState());
            bad = assertThrows(SQLException.class, () -> st.execute(
                    "CALL monitoring.alert_add('deadlocks', 'cairn_deadlocks_total', '>', 3, 0, 'info', 'c')"));
            assertEquals("23505", bad.getSQLState());
            bad = assertThrows(SQLException.class, () -> st.execute("CALL monitoring.alert_ack(12345)"));
            assertEquals("02000", bad.getSQLState());
            st.execute("CALL monitoring.alert_remove('deadlocks')");
            bad = assertThrows(SQLException.class, () -> st.execute("CALL monitoring.alert_remove('deadlocks')"));
            assertEquals("02000", bad.getSQLState());
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String k, Object v) {
        Map<String, Object> m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }

    private static AlertException invalid(AlertComponent alerts, Map<String, Object> fields) {
        AlertException e = assertThrows(AlertException.class, () -> alerts.add(AlertComponent.parse(fields)));
        assertEquals(AlertException.Kind.INVALID, e.kind());
        return e;
    }
}
