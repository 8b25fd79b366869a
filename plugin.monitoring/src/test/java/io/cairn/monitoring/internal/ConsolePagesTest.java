package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.monitoring.internal.AlertComponentTest.Request;
import io.cairn.monitoring.internal.alert.Alert;
import io.cairn.monitoring.internal.alert.AlertStore;
import io.cairn.monitoring.internal.console.AlertsPage;
import io.cairn.monitoring.internal.console.IncidentsPage;
import io.cairn.monitoring.internal.console.TopSqlPage;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.monitoring.internal.incident.IncidentStore;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.rest.AlertRoutes;
import io.cairn.monitoring.internal.rest.IncidentRoutes;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.web.ConsoleContext;
import io.cairn.web.RestException;
import io.cairn.web.Role;

/**
 * The Alerts, Incidents and Top SQL console pages over real components: what a viewer and an
 * administrator see, user text (rule names, SQL, incident details) escaped, and the page's actions
 * done through the REST routes its buttons post to.
 */
class ConsolePagesTest {

    /** Markup an attacker would like to get into the console. */
    static final String EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    static final String EVIL_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;";

    @TempDir
    Path dir;

    record Context(Role role, Map<String, String> parameters) implements ConsoleContext {
        @Override
        public String user() {
            return role == Role.ADMIN ? "alice" : "victor";
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.ofNullable(parameters.get(name));
        }

        @Override
        public String csrfToken() {
            return "token";
        }
    }

    static Context viewer(String... parameters) {
        return new Context(Role.VIEWER, map(parameters));
    }

    static Context admin(String... parameters) {
        return new Context(Role.ADMIN, map(parameters));
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private DataSource alertDatabase() throws Exception {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, "jdbc:cairn:file:" + dir.resolve("alerts").toAbsolutePath());
        return new CairnDataSourceFactory().createDataSource(p);
    }

    static void assertNoRawMarkup(String page) {
        assertFalse(page.contains("<script"), page);
        assertFalse(page.contains("<img"), page);
    }

    @Test
    void alertsPageShowsFiringAlertsRulesAndHistoryAndOnlyAdminsCanAcknowledge() throws Exception {
        DataSource ds = alertDatabase();
        try (Connection keepOpen = ds.getConnection(); TestDatabase db = new TestDatabase("sales", dir.resolve("sales"))) {
            MetricsComponent metrics = new MetricsComponent();
            Components.bind(metrics, db);
            AlertComponent alerts = new AlertComponent(metrics.metrics(), new AlertStore(() -> ds), "alerts", 10, false);
            // rule names are restricted to [a-z0-9_-]; the description is free text
            alerts.add(AlertComponent.parse(Map.of("name", "evil-rule", "metric", "cairn_sessions", "labels",
                    "database=sales,state=active", "operator", ">=", "threshold", 0, "severity", "critical",
                    "category", "load", "description", "desc " + EVIL)));
            alerts.evaluate(Instant.now());
            List<Alert> firing = alerts.active();
            assertEquals(1, firing.size(), firing.toString());
            long id = firing.get(0).id();
            AlertsPage page = new AlertsPage(alerts);
            assertEquals("alerts", page.id());

            String seen = page.render(viewer());
            assertNoRawMarkup(seen);
            assertTrue(seen.contains("<h2>Firing (1)</h2>"), seen);
            assertTrue(seen.contains("<td>evil-rule</td><td>critical</td><td>load</td>"), seen);
            assertTrue(seen.contains("desc " + EVIL_ESCAPED), "the rule's description is listed, escaped");
            assertTrue(seen.contains("<button type=\"button\" disabled title=\"administrators only\">Acknowledge</button>"), seen);
            assertFalse(seen.contains("data-api-post"), "a viewer gets no live button");
            for (var rule : alerts.rules()) {
                assertTrue(seen.contains("<td>" + rule.id() + "</td>"), "every rule is listed: " + rule.name());
            }

            String asAdmin = page.render(admin());
            assertNoRawMarkup(asAdmin);
            assertTrue(asAdmin.contains("data-api-post=\"/alerts/" + id + "/ack\""), asAdmin);
            assertTrue(asAdmin.contains("data-confirm=\"Acknowledge alert evil-rule?\""), asAdmin);

            // what the button posts: the existing route, as the administrator
            new AlertRoutes.Acknowledge(alerts).handle(new Request("POST", "/alerts/" + id + "/ack",
                    Map.of("id", String.valueOf(id)), Map.of()));
            String after = page.render(admin());
            assertFalse(after.contains("data-api-post"), "acknowledged: no button any more");
            assertTrue(after.contains("<td>alice at "), after);
            assertTrue(after.contains("<td>firing</td><td>alice</td>"), "history shows it firing and who acknowledged: " + after);
        }
    }

    @Test
    void incidentsPageListsShowsAndClosesIncidentsAndOffersDumpsToAdminsOnly() throws Exception {
        DataSource ds = alertDatabase();
        try (Connection keepOpen = ds.getConnection()) {
            IncidentComponent incidents = new IncidentComponent(new IncidentStore(() -> ds), "alerts",
                    new HealthChecksComponent(10), 10, 10, 60, false);
            try {
                incidents.raise(Incident.draft(Instant.now(), "shop", Incident.INTERNAL_ERROR, "error", "failed " + EVIL,
                        Map.of("sql", "SELECT '" + EVIL + "'", "sqlstate", "XX000"), "k1"));
                incidents.raise(Incident.draft(Instant.now(), "shop", Incident.INTERNAL_ERROR, "error", "failed " + EVIL,
                        Map.of("sql", "SELECT 2", "sqlstate", "XX000"), "k1"));
                incidents.drain();
                List<Incident> open = incidents.list(Incident.OPEN, 10);
                assertEquals(1, open.size());
                long id = open.get(0).id();
                assertEquals(2, open.get(0).occurrences());
                IncidentsPage page = new IncidentsPage(incidents);

                String seen = page.render(viewer());
                assertNoRawMarkup(seen);
                assertTrue(seen.contains("<td>open</td><td>internal_error</td><td>error</td><td>shop</td><td>failed "
                        + EVIL_ESCAPED + "</td><td>2</td>"), seen);
                assertTrue(seen.contains("disabled title=\"administrators only\">Close</button>"), seen);
                assertFalse(seen.contains("data-api-post"), seen);
                assertFalse(seen.contains("/dump"), "the dump routes are admin-only: no links for viewers");

                String detail = page.render(viewer("id", String.valueOf(id)));
                assertNoRawMarkup(detail);
                assertTrue(detail.contains("<h2>Incident " + id + ": failed " + EVIL_ESCAPED + "</h2>"), detail);
                assertTrue(detail.contains("<td>sql</td><td>SELECT &#39;" + EVIL_ESCAPED + "&#39;</td>"), detail);

                String asAdmin = page.render(admin("id", String.valueOf(id)));
                assertTrue(asAdmin.contains("data-api-post=\"/incidents/" + id + "/close\""), asAdmin);
                assertTrue(asAdmin.contains("<a href=\"/api/v1/incidents/" + id + "/dump\">"), asAdmin);
                assertTrue(asAdmin.contains("<form method=\"get\" action=\"/api/v1/diagnostics/dump\">"), asAdmin);

                new IncidentRoutes.Close(incidents).handle(new Request("POST", "/incidents/" + id + "/close",
                        Map.of("id", String.valueOf(id)), Map.of()));
                String openOnly = page.render(admin());
                assertTrue(openOnly.contains("<h2>Incidents (0)</h2>"), "the default list shows open ones: " + openOnly);
                String closed = page.render(admin("status", "closed"));
                assertTrue(closed.contains("<td>closed by alice</td>"), closed);
                assertFalse(closed.contains("data-api-post"), closed);

                RestException e = assertThrows(RestException.class, () -> page.render(viewer("status", "pending")));
                assertEquals(400, e.status());
                assertEquals("status must be open, closed or all, was 'pending'", e.getMessage());
                assertEquals(400, assertThrows(RestException.class, () -> page.render(viewer("id", "x"))).status());
                assertEquals(404, assertThrows(RestException.class, () -> page.render(viewer("id", "999"))).status());
            } finally {
                incidents.stop();
            }
        }
    }

    @Test
    void topSqlPageRanksAsChosenAndEscapesTheSqlText() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics());
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            engine.setDatabaseName("shop");
            engine.addStatementListener(stats);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(60))");
                for (int i = 0; i < 30; i++) {
                    st.executeUpdate("INSERT INTO item VALUES (" + i + ", 'n" + i + "')");
                }
                st.executeQuery("SELECT name AS \"" + EVIL + "\" FROM item").close();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM item WHERE id = ?")) {
                for (int i = 0; i < 5; i++) {
                    p.setInt(1, i);
                    p.executeQuery().close();
                }
            }
            engine.removeStatementListener(stats);
        }
        TopSqlPage page = new TopSqlPage(stats);
        String byExecutions = page.render(viewer("database", "shop", "order", "executions"));
        assertNoRawMarkup(byExecutions);
        assertTrue(byExecutions.contains("<option value=\"executions\" selected>"), byExecutions);
        int insert = byExecutions.indexOf("<td>insert into item values (?, ?)</td>");
        int select = byExecutions.indexOf("<td>select name from item where id = ?</td>");
        assertTrue(insert > 0 && select > insert, "30 inserts rank before 5 selects: " + byExecutions);
        String evilSql = "<td>select name as &quot;" + EVIL_ESCAPED + "&quot; from item</td>";
        assertTrue(byExecutions.contains(evilSql), "the aliased query's text is shown escaped: " + byExecutions);
        String byRows = page.render(viewer("database", "shop", "order", "rows", "top", "1"));
        assertTrue(byRows.contains(evilSql) || byRows.contains("<td>insert into item values (?, ?)</td>"),
                "30 rows each: the select or the inserts rank first: " + byRows);
        assertFalse(byRows.contains("<td>select name from item where id = ?</td>"), "the 5-row shape is not in the top 1");
        assertEquals(1, byRows.split("<tr><td>").length - 1, "top=1 shows one shape");

        RestException e = assertThrows(RestException.class, () -> page.render(viewer("order", "cost")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("order must be one of elapsed, executions, pages_read, rows"), e.getMessage());
        assertEquals(400, assertThrows(RestException.class, () -> page.render(viewer("top", "0"))).status());
        assertEquals(400, assertThrows(RestException.class, () -> page.render(viewer("top", "x"))).status());
    }
}
