package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.MetricsComponent;
import io.cairn.sql.Database;
import io.cairn.sql.instrument.StatementListener;

/**
 * W9's component host wires core.sql and plugin.monitoring from their real descriptors the way
 * the container does: the plugin's views and statement listener reach the database's SQL engine,
 * its alert evaluator creates its default rules in the database, and stopping the plugin takes
 * all of it away again while the database keeps running.
 */
class ComponentHostTest {

    @TempDir
    Path tmp;

    @Test
    void wiresThePluginIntoTheDatabaseAndTakesItAwayOnStop() throws Exception {
        Class.forName("io.cairn.sql.internal.jdbc.CairnDriver");
        ComponentHost host = new ComponentHost();
        host.configure("io.cairn.database", Map.of("name", "default", "directory", tmp.resolve("db").toString()));
        ComponentHost.Started kernel = host.start(ComponentHost.descriptors(
                io.cairn.sql.internal.DatabaseComponent.class, "io.cairn.sql."));
        try {
            assertEquals(Map.of(), kernel.inactive());
            assertEquals(1, host.services(Database.class).size(), "DatabaseComponent registered its Database");
            host.configure("io.cairn.monitoring", Map.of("alertIntervalSeconds", 1L, "ashIntervalMillis", 100L,
                    "slowQueryLogDirectory", tmp.resolve("logs").toString()));
            ComponentHost.Started plugin = host.start(ComponentHost.descriptors(MetricsComponent.class,
                    "io.cairn.monitoring."));
            List<String> active = plugin.active().stream().map(ComponentHost.Active::name).toList();
            assertTrue(active.containsAll(MonitoringOverhead.REQUIRED), active.toString());
            assertTrue(plugin.inactive().get("io.cairn.monitoring.internal.rsrc.ResourceGroupComponent")
                    .contains("configuration"), "no resource group configured: " + plugin.inactive());
            assertTrue(host.services(StatementListener.class).stream()
                    .anyMatch(l -> l instanceof io.cairn.monitoring.internal.SqlStatsComponent), "v$sql's listener registered");

            try (Connection c = DriverManager.getConnection("jdbc:cairn:db:default"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO t (id) VALUES (1)");
                assertTrue(count(s, "SELECT COUNT(*) FROM v$sql") >= 2, "the listener saw the statements");
                String scrape = scrape(host);
                assertTrue(MonitoringOverhead.sum(scrape, "cairn_queries_total{database=\"default\"") >= 3, scrape);
                assertTrue(scrape.contains("cairn_buffer_pool_hit_ratio{database=\"default\"}"), "kernel gauges bound");
                long deadline = System.nanoTime() + 30_000_000_000L;
                // the first evaluation creates the tables and stores the default rules one by one
                while (alertRules(s) < AlertComponentDefaults.count() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(AlertComponentDefaults.count(), count(s, "SELECT COUNT(*) FROM cairn_alert_rules"),
                        "the evaluator ran and stored its default rules");
            }

            host.stop(plugin);
            assertEquals(List.of(), host.services(StatementListener.class));
            assertEquals(null, host.service(MetricsComponent.class));
            try (Connection c = DriverManager.getConnection("jdbc:cairn:db:default"); Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM v$sql").close(),
                        "v$sql leaves with the plugin");
                assertEquals(1, count(s, "SELECT COUNT(*) FROM t"), "the database keeps running");
            }
        } finally {
            host.stop(kernel);
        }
    }

    @Test
    void leavesAComponentInactiveWithTheReasonWhenAMandatoryServiceIsMissing() throws Exception {
        ComponentHost host = new ComponentHost();
        ComponentHost.Started plugin = host.start(ComponentHost.descriptors(MetricsComponent.class, "io.cairn.monitoring."));
        try {
            String why = plugin.inactive().get("io.cairn.monitoring.internal.AshComponent");
            assertTrue(why != null && why.contains("org.osgi.service.jdbc.DataSourceFactory")
                    && why.contains("(osgi.jdbc.driver.name=cairn)"), String.valueOf(why));
            assertTrue(plugin.active().stream().anyMatch(a -> a.name().endsWith(".MetricsComponent")),
                    "what needs nothing missing starts");
        } finally {
            host.stop(plugin);
        }
    }

    /** A component in the older style: no-arg constructor, activate and deactivate methods, a field reference. */
    public static final class MethodActivated {
        static final java.util.List<String> CALLS = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile Database database;

        void activate(Map<String, Object> props) {
            CALLS.add("activate " + props.get("greeting") + " " + (database == null ? "-" : database.name()));
        }

        void deactivate() {
            CALLS.add("deactivate");
        }
    }

    @Test
    void callsActivateAndDeactivateMethodsAndSetsFieldReferences() throws Exception {
        String xml = "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"m\" immediate=\"true\">"
                + "<property name=\"greeting\" type=\"String\" value=\"hello\"/>"
                + "<reference name=\"database\" cardinality=\"0..1\" policy=\"dynamic\" interface=\"io.cairn.sql.Database\""
                + " field=\"database\"/>"
                + "<implementation class=\"" + MethodActivated.class.getName() + "\"/></scr:component>";
        ComponentHost.Descriptor d = ComponentHost.parse(new java.io.ByteArrayInputStream(
                xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test");
        ComponentHost host = new ComponentHost();
        ComponentHost.Started started = host.start(List.of(d));
        assertEquals(Map.of(), started.inactive());
        host.stop(started);
        assertEquals(List.of("activate hello -", "deactivate"), MethodActivated.CALLS);
    }

    /** Two public one-argument constructors: SCR takes the one whose argument is an activation object. */
    public static final class TwoConstructors {
        static volatile String seen;

        public TwoConstructors(ComponentHostTest.Settings settings) {
            this(settings.limit());
        }

        public TwoConstructors(int limit) {
            seen = "limit " + limit;
        }
    }

    /** A component property type. */
    public @interface Settings {
        int limit() default 7;
    }

    @Test
    void picksTheConstructorWhoseArgumentsAreActivationObjects() throws Exception {
        String xml = "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"two\" init=\"1\">"
                + "<property name=\"limit\" type=\"Integer\" value=\"9\"/>"
                + "<implementation class=\"" + TwoConstructors.class.getName() + "\"/></scr:component>";
        ComponentHost.Descriptor d = ComponentHost.parse(new java.io.ByteArrayInputStream(
                xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test");
        ComponentHost host = new ComponentHost();
        ComponentHost.Started started = host.start(List.of(d));
        assertEquals(Map.of(), started.inactive());
        assertEquals("limit 9", TwoConstructors.seen);
        host.stop(started);
    }

    @Test
    void matchesTargetFiltersAndMapsPropertyNamesAsDeclarativeServicesDoes() {
        Map<String, Object> props = Map.of("osgi.jdbc.driver.name", "cairn", "cairn.database", new String[] {"a", "b"});
        assertTrue(ComponentHost.Filter.matches("(osgi.jdbc.driver.name=cairn)", props));
        assertFalse(ComponentHost.Filter.matches("(osgi.jdbc.driver.name=h2)", props));
        assertTrue(ComponentHost.Filter.matches("(&(cairn.database=b)(osgi.jdbc.driver.name=*))", props));
        assertTrue(ComponentHost.Filter.matches("(|(x=1)(!(y=*)))", props));
        assertThrows(IllegalArgumentException.class, () -> ComponentHost.Filter.matches("(n>=1)", props));
        assertEquals("ashIntervalMillis", ComponentHost.propertyName("ashIntervalMillis"));
        assertEquals("felix.fileinstall.filename", ComponentHost.propertyName("felix_fileinstall_filename"));
        assertEquals("a_b$c", ComponentHost.propertyName("a__b$$c"));
    }

    private static long alertRules(Statement s) throws Exception {
        try {
            return count(s, "SELECT COUNT(*) FROM cairn_alert_rules");
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String scrape(ComponentHost host) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        host.service(MetricsComponent.class).exposition().write(out);
        return out.toString();
    }

    /** The size of the plugin's default rule set (package-private there), read reflectively. */
    private static final class AlertComponentDefaults {
        static long count() throws Exception {
            java.lang.reflect.Field f = AlertComponent.class.getDeclaredField("DEFAULTS");
            f.setAccessible(true);
            return ((List<?>) f.get(null)).size();
        }
    }
}
