package io.cairn.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.util.tracker.ServiceTracker;

import io.cairn.sql.Database;
import io.cairn.txn.SessionRegistry;
import io.cairn.txn.WaitEvents;

/**
 * Boots the real Cairn distribution (the tar.gz the distribution module builds) and checks
 * what a user sees: active bundles, cairn:status, and a plugin feature coming and going while
 * the core keeps running. One class, one Karaf boot: keep assertions grouped here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CairnDistributionIT {

    private static final List<String> CORE_BUNDLES = List.of(
            "io.cairn.core.storage", "io.cairn.core.txn", "io.cairn.core.sql", "io.cairn.admin.web");

    @Inject
    BundleContext bundleContext;

    @Inject
    FeaturesService featuresService;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws Exception {
        String distribution = System.getProperty("cairn.distribution");
        File tarball = new File(distribution);
        if (!tarball.isFile()) {
            throw new IllegalStateException("distribution not built: " + tarball);
        }
        // Ports away from a developer's running Cairn (8101/8181/1099/44444).
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(tarball.toURI().toURL().toString())
                    .name("Cairn")
                    .unpackDirectory(new File(System.getProperty("cairn.itest.dir", "target/exam")))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", "18181"),
            // admin.web keeps Pax Web's port in step with its own configuration
            editConfigurationFilePut("etc/io.cairn.web.cfg", "port", "18181"),
        };
    }

    @Test
    public void coreBundlesAreActiveAndTheDefaultDatabaseIsOpen() throws Exception {
        for (String name : CORE_BUNDLES) {
            Bundle bundle = bundle(name);
            assertNotNull(name + " is installed", bundle);
            assertEquals(name + " is active", Bundle.ACTIVE, bundle.getState());
        }

        ServiceTracker<Database, Database> tracker = new ServiceTracker<>(bundleContext, Database.class, null);
        tracker.open();
        try {
            Database db = tracker.waitForService(30_000);
            assertNotNull("the default database is registered", db);
            assertEquals("default", db.name());
            Path home = Path.of(System.getProperty("karaf.home"));
            assertEquals(home.resolve("databases").resolve("default").toAbsolutePath().normalize(),
                    db.directory());
            assertTrue(Files.isDirectory(db.directory()));
        } finally {
            tracker.close();
        }
    }

    @Test
    public void statusCommandListsBundlesAndDataDirectory() throws Exception {
        String out = execute("cairn:status");
        for (String name : CORE_BUNDLES) {
            assertTrue("cairn:status lists " + name + ":\n" + out,
                    out.lines().anyMatch(l -> l.contains(name) && l.contains("Active")));
        }
        assertTrue("cairn:status shows the data directory:\n" + out,
                out.contains("databases" + File.separator + "default"));
    }

    @Test
    public void storageCommandsWorkOnTheDefaultDatabaseAndRejectBadArguments() throws Exception {
        String storage = execute("cairn:storage");
        assertTrue(storage, storage.contains("buffer pool") && storage.contains("durable LSN"));
        String checkpoint = execute("cairn:checkpoint full");
        assertTrue(checkpoint, checkpoint.contains("full checkpoint of default"));
        String verify = execute("cairn:verify -d default");
        assertTrue(verify, verify.contains("no problems found"));

        String vacuum = execute("cairn:vacuum");
        assertTrue(vacuum, vacuum.contains("default: vacuum up to SCN"));
        String locks = execute("cairn:locks");
        assertTrue(locks, locks.contains("locks held 0, lock waits 0, deadlocks 0"));
        String waits = execute("cairn:waits");
        assertTrue(waits, waits.contains("Wait event") || waits.contains("no waits recorded"));
        String sessions = execute("cairn:sessions");
        assertTrue(sessions, sessions.contains("SID") || sessions.contains("no sessions"));
        assertEquals("the database's kernel services are registered", 1,
                bundleContext.getServiceReferences(SessionRegistry.class, "(cairn.database=default)").size());
        assertEquals(1, bundleContext.getServiceReferences(WaitEvents.class, "(cairn.database=default)").size());

        assertTrue(executeExpectingError("cairn:checkpoint sideways").contains("unknown checkpoint mode 'sideways'"));
        assertTrue(executeExpectingError("cairn:storage -d nope").contains("no database named 'nope'"));
    }

    @Test
    public void sqlCommandRunsStatementsInOneSessionAndReportsSqlStates() throws Exception {
        String out = execute("cairn:sql \"CREATE TABLE itest_city (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL); "
                + "BEGIN; INSERT INTO itest_city VALUES (1, 'Oslo'), (2, 'Lima'); COMMIT; "
                + "SELECT name FROM itest_city WHERE id >= 1 ORDER BY name\"");
        assertTrue(out, out.contains("2 row(s) affected"));
        assertTrue(out, out.indexOf("Lima") < out.indexOf("Oslo") && out.contains("(2 rows)"));
        String csv = execute("cairn:sql --format csv \"SELECT id, name FROM itest_city ORDER BY id\"");
        assertTrue(csv, csv.contains("id,name\n1,Oslo\n2,Lima"));

        String views = execute("cairn:sql \"SELECT COUNT(*) AS sessions FROM v\\$session WHERE state = 'ACTIVE'\"");
        assertTrue("v$session lists the session running the query:\n" + views, views.contains("1") && views.contains("(1 row)"));

        assertTrue(executeExpectingError("cairn:sql \"SELECT * FROM no_such_table\"").startsWith("ERROR 42P01"));
        assertTrue(executeExpectingError("cairn:sql \"INSERT INTO itest_city VALUES (1, 'again')\"")
                .startsWith("ERROR 23505"));
        assertTrue(executeExpectingError("cairn:sql \"SELEC 1\"").startsWith("ERROR 42601"));

        // a plugin's StatementListener, registered as a whiteboard service for this database, sees statements
        java.util.List<io.cairn.sql.instrument.StatementEnd> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        Dictionary<String, Object> props = new java.util.Hashtable<>();
        props.put("cairn.database", "default");
        org.osgi.framework.ServiceRegistration<io.cairn.sql.instrument.StatementListener> reg = bundleContext.registerService(
                io.cairn.sql.instrument.StatementListener.class, ends::add, props);
        try {
            execute("cairn:sql \"SELECT name FROM itest_city WHERE id = 2\"");
            assertTrue(ends.toString(), ends.stream().anyMatch(e -> e.command().equals("SELECT")
                    && e.digest().text().equals("select name from itest_city where id = ?") && e.rows() == 1));
        } finally {
            reg.unregister();
        }
        int seen = ends.size();
        execute("cairn:sql \"SELECT 1\"");
        assertEquals("an unregistered listener hears nothing", seen, ends.size());
        assertTrue(executeExpectingError("cairn:session-kill 999999").contains("no session 999999"));
    }

    @Test
    public void aConfigurationChangeReopensTheDatabaseAndABadValueLosesNoData() throws Exception {
        execute("cairn:sql \"CREATE TABLE itest_reopen (id INT PRIMARY KEY); INSERT INTO itest_reopen VALUES (7)\"");
        org.osgi.service.cm.Configuration[] configs = configurationAdmin.listConfigurations(
                "(&(service.factoryPid=io.cairn.database)(name=default))");
        assertNotNull("the default database's configuration", configs);
        org.osgi.service.cm.Configuration config = configs[0];
        Dictionary<String, Object> props = config.getProperties();

        long before = databaseServiceId();
        props.put("lockTimeout", "soon");
        config.update(props);
        awaitDatabase(false); // a bad value stops the database: the log names lockTimeout
        props.put("lockTimeout", "5s");
        config.update(props);
        awaitDatabase(true);
        assertTrue("the database was reopened", databaseServiceId() != before);

        long reopened = databaseServiceId();
        String altered = execute("cairn:sql \"ALTER SYSTEM SET lock_timeout = '7s'\"");
        assertTrue(altered, altered.toLowerCase(java.util.Locale.ROOT).contains("restart"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (databaseServiceId() == reopened || databaseServiceId() == -1) {
            assertTrue("ALTER SYSTEM reopened the database", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        assertEquals("ALTER SYSTEM persisted through Config Admin", "7s",
                configurationAdmin.listConfigurations("(&(service.factoryPid=io.cairn.database)(name=default))")[0]
                        .getProperties().get("lockTimeout"));
        String out = execute("cairn:sql \"SELECT id FROM itest_reopen\"");
        assertTrue("committed rows survive the reopen:\n" + out, out.contains("7") && out.contains("(1 row)"));
    }

    @Test
    public void dataSourceFactoryServiceGivesDataSourcesOnTheDefaultDatabase() throws Exception {
        awaitDatabase(true);
        ServiceTracker<DataSourceFactory, DataSourceFactory> tracker = new ServiceTracker<>(bundleContext,
                bundleContext.createFilter("(&(objectClass=" + DataSourceFactory.class.getName() + ")("
                        + DataSourceFactory.OSGI_JDBC_DRIVER_NAME + "=cairn))"), null);
        tracker.open();
        try {
            DataSourceFactory factory = tracker.waitForService(30_000);
            assertNotNull("a DataSourceFactory with osgi.jdbc.driver.name=cairn", factory);
            assertEquals("io.cairn.sql.internal.jdbc.CairnDriver",
                    tracker.getServiceReference().getProperty(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS));
            java.util.Properties props = new java.util.Properties();
            props.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, "default");
            props.setProperty(DataSourceFactory.JDBC_USER, "itest");
            DataSource ds = factory.createDataSource(props);
            try (java.sql.Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE itest_dsf (id INT PRIMARY KEY, v VARCHAR(10))");
                s.executeUpdate("INSERT INTO itest_dsf VALUES (1, 'one'), (2, 'two')");
            }
            // the same database the shell sees: the DataSource shares the container's instance
            String out = execute("cairn:sql \"SELECT v FROM itest_dsf ORDER BY id\"");
            assertTrue(out, out.contains("one") && out.contains("two") && out.contains("(2 rows)"));
            // and a file: URL to its data directory reaches the same open instance
            Path dir = Path.of(System.getProperty("karaf.home")).resolve("databases").resolve("default");
            props.clear();
            props.setProperty(DataSourceFactory.JDBC_URL, "jdbc:cairn:file:" + dir.toAbsolutePath());
            try (java.sql.Connection c = factory.createDataSource(props).getConnection();
                    java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM itest_dsf")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
            props.clear();
            props.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, "nope");
            java.sql.SQLException missing = null;
            try {
                factory.createDataSource(props).getConnection().close();
            } catch (java.sql.SQLException e) {
                missing = e;
            }
            assertNotNull("no database named nope", missing);
            assertEquals("08001", missing.getSQLState());
        } finally {
            tracker.close();
        }
    }

    @Test
    public void aPoolConfiguredThroughConfigAdminPublishesAWorkingDataSource() throws Exception {
        awaitDatabase(true);
        Bundle poolBundle = bundle("io.cairn.pool");
        assertNotNull("cairn-web brings the pool bundle", poolBundle);
        String imports = String.valueOf(poolBundle.getHeaders().get("Import-Package"));
        assertFalse("no optional import a plugin could satisfy: " + imports, imports.contains("resolution:=optional"));
        assertEquals("no dynamic imports", null, poolBundle.getHeaders().get("DynamicImport-Package"));

        org.osgi.service.cm.Configuration good = configurationAdmin.createFactoryConfiguration("io.cairn.pool", "?");
        org.osgi.service.cm.Configuration bad = configurationAdmin.createFactoryConfiguration("io.cairn.pool", "?");
        try {
            Dictionary<String, Object> props = new java.util.Hashtable<>();
            props.put("name", "itest");
            props.put("database", "default");
            props.put("maximumPoolSize", "3");
            props.put("minimumIdle", "1");
            good.update(props);
            Dictionary<String, Object> wrong = new java.util.Hashtable<>();
            wrong.put("name", "itest_bad");
            wrong.put("maximumPoolSize", "zero");
            bad.update(wrong);

            ServiceTracker<DataSource, DataSource> dataSources = new ServiceTracker<>(bundleContext,
                    bundleContext.createFilter("(&(objectClass=" + DataSource.class.getName()
                            + ")(pool.name=itest)(cairn.database=default))"), null);
            dataSources.open();
            try {
                DataSource ds = dataSources.waitForService(30_000);
                assertNotNull("the pool's DataSource service", ds);
                try (java.sql.Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
                    s.executeUpdate("CREATE TABLE itest_pool (id INT PRIMARY KEY)");
                    s.executeUpdate("INSERT INTO itest_pool VALUES (1), (2), (3)");
                    try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM itest_pool")) {
                        assertTrue(rs.next());
                        assertEquals(3, rs.getInt(1));
                    }
                }
                var poolRefs = bundleContext.getServiceReferences(io.cairn.pool.ConnectionPool.class, "(pool.name=itest)");
                assertEquals(1, poolRefs.size());
                io.cairn.pool.PoolStats stats = bundleContext.getService(poolRefs.iterator().next()).stats();
                assertTrue("acquired counts the borrow: " + stats, stats.acquired() >= 1);
                assertTrue("a physical connection was made: " + stats, stats.created() >= 1 && stats.total() >= 1);
                assertEquals(0, stats.active());
                assertEquals(3, stats.maxSize());
                String out = execute("cairn:pools");
                assertTrue(out, out.lines().anyMatch(l -> l.contains("itest") && l.contains("default")));
                // the same figures over REST (admin.web mounts /pools from the ConnectionPool services)
                waitForHttp("http://localhost:18181/api/v1/health/liveness");
                HttpURLConnection rest = http("GET", "/api/v1/pools/itest/stats", adminAuth());
                assertEquals(200, rest.getResponseCode());
                String json = new String(rest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(json, json.contains("\"name\":\"itest\"") && json.contains("\"database\":\"default\"")
                        && json.contains("\"max_size\":3"));
                assertFalse("acquired counts the borrow: " + json, json.contains("\"acquired\":0,"));
                HttpURLConnection list = http("GET", "/api/v1/pools", adminAuth());
                assertTrue(new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("\"itest\""));
                HttpURLConnection unknown = http("GET", "/api/v1/pools/nope/stats", adminAuth());
                assertEquals(404, unknown.getResponseCode());
                String unknownBody = new String(unknown.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(unknownBody, unknownBody.contains("no pool named 'nope'") && unknownBody.contains("itest"));
                // the invalid configuration published nothing (its error is in the log)
                assertEquals(0, bundleContext.getServiceReferences(DataSource.class, "(pool.name=itest_bad)").size());
                assertEquals(0, bundleContext.getServiceReferences(io.cairn.pool.ConnectionPool.class,
                        "(pool.name=itest_bad)").size());

                // the database reopens (any change to its configuration): the pool closes with it and comes back
                long poolServiceId = (Long) dataSources.getServiceReference().getProperty("service.id");
                org.osgi.service.cm.Configuration dbConfig = configurationAdmin.listConfigurations(
                        "(&(service.factoryPid=io.cairn.database)(name=default))")[0];
                Dictionary<String, Object> dbProps = dbConfig.getProperties();
                dbProps.put("itest.reopen", String.valueOf(System.nanoTime()));
                dbConfig.update(dbProps);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (true) {
                    var refs = bundleContext.getServiceReferences(DataSource.class, "(pool.name=itest)");
                    if (!refs.isEmpty() && (Long) refs.iterator().next().getProperty("service.id") != poolServiceId) {
                        break;
                    }
                    assertTrue("the pool came back after its database reopened", System.nanoTime() < deadline);
                    Thread.sleep(100);
                }
                DataSource again = bundleContext.getService(bundleContext.getServiceReferences(DataSource.class,
                        "(pool.name=itest)").iterator().next());
                try (java.sql.Connection c = again.getConnection();
                        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM itest_pool")) {
                    assertTrue(rs.next());
                    assertEquals("committed rows are there after the reopen", 3, rs.getInt(1));
                }
            } finally {
                dataSources.close();
            }
        } finally {
            good.delete();
            bad.delete();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!bundleContext.getServiceReferences(DataSource.class, "(pool.name=itest)").isEmpty()) {
            assertTrue("deleting the configuration removes the pool", System.nanoTime() < deadline);
            Thread.sleep(100);
        }

        // the way users configure it: a file in etc/, picked up by Karaf's file installer
        Path cfg = Path.of(System.getProperty("karaf.etc")).resolve("io.cairn.pool-itest_file.cfg");
        Files.writeString(cfg, "name = itest_file\ndatabase = default\nmaximumPoolSize = 2\n");
        try {
            awaitPool("itest_file", true);
            try (java.sql.Connection c = bundleContext.getService(bundleContext.getServiceReferences(DataSource.class,
                    "(pool.name=itest_file)").iterator().next()).getConnection()) {
                assertTrue(c.isValid(1));
            }
        } finally {
            Files.delete(cfg);
        }
        awaitPool("itest_file", false);
    }

    private void awaitPool(String name, boolean present) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (bundleContext.getServiceReferences(DataSource.class, "(pool.name=" + name + ")").isEmpty() == present) {
            assertTrue("pool " + name + (present ? " appears" : " goes away"), System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private long databaseServiceId() throws Exception {
        var refs = bundleContext.getServiceReferences(Database.class, "(cairn.database=default)");
        return refs.isEmpty() ? -1 : (Long) refs.iterator().next().getProperty("service.id");
    }

    private void awaitDatabase(boolean present) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while ((databaseServiceId() != -1) != present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the default database did not " + (present ? "come back" : "stop"));
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void pluginFeatureComesAndGoesWhileTheCoreKeepsRunning() throws Exception {
        assertCoreUntouchedBy(() -> {
            featuresService.installFeature("cairn-flashback");
            assertTrue(featuresService.isInstalled(featuresService.getFeature("cairn-flashback")));
            Bundle plugin = bundle("io.cairn.plugin.flashback");
            assertNotNull("the plugin bundle is installed", plugin);
            assertEquals("the plugin bundle is active", Bundle.ACTIVE, plugin.getState());

            featuresService.uninstallFeature("cairn-flashback");
            assertFalse(featuresService.isInstalled(featuresService.getFeature("cairn-flashback")));
            assertEquals("the plugin bundle is gone", null, bundle("io.cairn.plugin.flashback"));
        });
    }

    /** Something a test does to the container, such as installing a feature. */
    private interface ContainerAction {
        void run() throws Exception;
    }

    /** Runs {@code action} and checks that no core bundle was stopped, refreshed or reinstalled meanwhile. */
    private void assertCoreUntouchedBy(ContainerAction action) throws Exception {
        Map<String, Long> coreIds = new TreeMap<>();
        for (String name : CORE_BUNDLES) {
            coreIds.put(name, bundle(name).getBundleId());
        }
        List<String> coreStops = new ArrayList<>();
        SynchronousBundleListener listener = event -> {
            String name = event.getBundle().getSymbolicName();
            if (CORE_BUNDLES.contains(name)
                    && (event.getType() == BundleEvent.STOPPING || event.getType() == BundleEvent.UNRESOLVED)) {
                coreStops.add(name + " " + event.getType());
            }
        };
        bundleContext.addBundleListener(listener);
        try {
            action.run();
        } finally {
            bundleContext.removeBundleListener(listener);
        }

        assertEquals("no core bundle was stopped or refreshed", List.of(), coreStops);
        for (Map.Entry<String, Long> e : coreIds.entrySet()) {
            Bundle bundle = bundle(e.getKey());
            assertEquals(e.getKey() + " kept its bundle id", e.getValue().longValue(), bundle.getBundleId());
            assertEquals(e.getKey() + " is still active", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void monitoringFeatureAddsViewsMetricsAndAshWithoutRefreshingTheCore() throws Exception {
        assertCoreUntouchedBy(() -> {
            featuresService.installFeature("cairn-monitoring");
            assertEquals("the plugin bundle is active", Bundle.ACTIVE, bundle("io.cairn.plugin.monitoring").getState());

            String sysstat = awaitSql("SELECT name, value FROM v\\$sysstat WHERE name = 'user commits'");
            assertTrue(sysstat, sysstat.contains("user commits") && sysstat.contains("(1 row)"));
            String all = execute("cairn:sql \"SELECT * FROM v\\$sysstat\"");
            assertTrue(all, all.contains("buffer pool hits") && all.contains("redo fsyncs"));
            String pool = execute("cairn:sql \"SELECT capacity_pages, hit_ratio FROM v\\$buffer_pool_stats\"");
            assertTrue(pool, pool.contains("(1 row)"));
            String metric = execute("cairn:sql \"SELECT value FROM v\\$metric WHERE metric_name = 'cairn_databases'\"");
            assertTrue(metric, metric.contains("(1 row)"));
            String ash = execute("cairn:sql \"SELECT COUNT(*) AS samples FROM v\\$ash\"");
            assertTrue(ash, ash.contains("(1 row)"));
            // v$sql is there once the plugin's StatementListener is; it sees the statements after that
            awaitSql("SELECT COUNT(*) AS n FROM v\\$sql");
            execute("cairn:sql \"SELECT 42 AS answer\"");
            String sql = execute("cairn:sql \"SELECT executions FROM v\\$sql WHERE sql_text = 'select ? as answer'\"");
            assertTrue(sql, sql.contains("(1 row)"));
            String slow = execute("cairn:sql \"SELECT COUNT(*) AS n FROM v\\$slow_query\"");
            assertTrue(slow, slow.contains("(1 row)"));
            String top = awaitCommand("cairn:ash-top -m 1");
            assertTrue(top, top.contains("active session samples"));
            assertTrue(executeExpectingError("cairn:ash-top -m 0").contains("--minutes must be between 1 and 1440"));

            // mounted through admin.web's contract: signed in, viewer role is enough
            assertEquals(401, http("GET", "/api/v1/metrics", basic("admin", "not-the-password")).getResponseCode());
            HttpURLConnection scrape = waitForHttp("http://localhost:18181/api/v1/metrics");
            assertEquals(200, scrape.getResponseCode());
            assertTrue(scrape.getContentType(), scrape.getContentType().startsWith("text/plain; version=0.0.4"));
            String body = new String(scrape.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body, body.contains("# TYPE cairn_transactions_committed_total counter\n"));
            assertTrue(body, body.contains("cairn_transactions_committed_total{database=\"default\"} "));
            assertTrue(body, body.contains("cairn_queries_total{database=\"default\",outcome=\"ok\"} "));
            java.util.regex.Matcher failed = java.util.regex.Pattern.compile("\ncairn_failed_logins_total (\\S+)\n").matcher(body);
            assertTrue(body, failed.find());
            assertTrue("the wrong password above was counted", Double.parseDouble(failed.group(1)) >= 1);
            assertEquals(401, http("GET", "/api/v1/metrics", null).getResponseCode());
            HttpURLConnection post = http("POST", "/api/v1/metrics", adminAuth());
            assertEquals(405, post.getResponseCode());
            assertTrue(new String(post.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                    .startsWith("{\"error\":{\"code\":\"method_not_allowed\""));
            HttpURLConnection ashRoute = http("GET", "/api/v1/monitoring/ash?minutes=1", adminAuth());
            assertEquals(200, ashRoute.getResponseCode());
            String ashJson = new String(ashRoute.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ashJson, ashJson.contains("\"top_sql\"") && ashJson.contains("\"activity\""));
            assertEquals(400, http("GET", "/api/v1/monitoring/ash?minutes=0", adminAuth()).getResponseCode());
            assertTrue(consolePage("/console/page/ash").contains("Top wait events"));
            String navigation = consolePage("/console/page/overview");
            for (String page : new String[] {"ash", "top-sql", "alerts", "incidents"}) {
                assertTrue("the console navigation lists the plugin's page " + page,
                        navigation.contains("/console/page/" + page));
            }
            String alertsPage = consolePage("/console/page/alerts");
            assertTrue(alertsPage, alertsPage.contains("<h2>Rules (") && alertsPage.contains("Recent history"));
            String incidentsPage = consolePage("/console/page/incidents?status=all");
            assertTrue(incidentsPage, incidentsPage.contains("<h2>Incidents (")
                    && incidentsPage.contains("action=\"/api/v1/diagnostics/dump\""));
            assertTrue(consolePage("/console/page/top-sql?order=executions").contains("statement shapes"));
            HttpURLConnection queries = http("GET", "/api/v1/stats/queries?order=executions", adminAuth());
            assertEquals(200, queries.getResponseCode());
            String queriesJson = new String(queries.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(queriesJson, queriesJson.contains("\"queries\":[{") && queriesJson.contains("\"sql_id\""));

            // alerts: rules stored in the default database through the DataSourceFactory
            HttpURLConnection rules = http("GET", "/api/v1/alerts/rules", adminAuth());
            assertEquals(200, rules.getResponseCode());
            assertTrue(new String(rules.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("lock-waiters-high"));
            String created = postJson("/api/v1/alerts/rules", "{\"name\":\"itest-sessions\",\"metric\":\"cairn_sessions\","
                    + "\"operator\":\">=\",\"threshold\":0,\"severity\":\"info\",\"category\":\"itest\"}", 201);
            assertTrue(created, created.contains("\"name\":\"itest-sessions\""));
            HttpURLConnection badRule = http("POST", "/api/v1/alerts/rules", adminAuth());
            badRule.setDoOutput(true);
            badRule.setRequestProperty("Content-Type", "application/json");
            badRule.getOutputStream().write("{\"name\":\"x\",\"metric\":\"cairn_sessions\",\"operator\":\"<>\",\"threshold\":1,\"category\":\"c\"}"
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(400, badRule.getResponseCode());
            assertTrue(new String(badRule.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("operator must be one of"));
            assertTrue(execute("cairn:alert-rules").contains("itest-sessions"));
            assertTrue(executeExpectingError("cairn:alert-add x cairn_sessions '<>' 1").contains("operator must be one of"));
            String rulesSql = execute("cairn:sql \"SELECT name FROM cairn_alert_rules WHERE category = 'itest'\"");
            assertTrue(rulesSql, rulesSql.contains("itest-sessions"));
            assertTrue(executeExpectingError("cairn:sql \"CALL monitoring.alert_ack(987654)\"").contains("02000"));
            assertTrue(execute("cairn:alert-remove itest-sessions").contains("deleted"));
            String groups = execute("cairn:sql \"SELECT COUNT(*) AS n FROM v\\$rsrc_group\"");
            assertTrue(groups, groups.contains("(1 row)"));

            // incidents, v$health_check and diagnostic dumps (plugin.monitoring/INCIDENTS.md)
            String checks = execute("cairn:sql \"SELECT check_name, status FROM v\\$health_check\"");
            assertTrue(checks, checks.contains("database:default") && checks.contains("disk_free:default"));
            assertEquals(200, http("GET", "/api/v1/incidents?status=all", adminAuth()).getResponseCode());
            HttpURLConnection noIncident = http("GET", "/api/v1/incidents/987654", adminAuth());
            assertEquals(404, noIncident.getResponseCode());
            assertTrue(new String(noIncident.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).contains("\"not_found\""));
            HttpURLConnection dump = http("GET", "/api/v1/diagnostics/dump?database=default", adminAuth());
            assertEquals(200, dump.getResponseCode());
            assertEquals("application/zip", dump.getContentType());
            java.util.Set<String> entries = new java.util.HashSet<>();
            try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(dump.getInputStream())) {
                for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null;) {
                    entries.add(e.getName());
                }
            }
            assertTrue(entries.toString(), entries.contains("manifest.json") && entries.contains("views/v$session.csv")
                    && entries.contains("config/etc/io.cairn.web.cfg") && entries.contains("logs/karaf.log")
                    && entries.contains("ash.csv"));
            assertTrue(execute("cairn:diag-dump").startsWith("diagnostic dump written: "));
            assertTrue(executeExpectingError("cairn:incidents show 987654").contains("no incident 987654"));

            // resource groups: REST and shell write through Config Admin, and the group lands in etc/
            Path groupFile = Path.of(System.getProperty("karaf.etc")).resolve("io.cairn.rsrc.group-itest_rg.cfg");
            HttpURLConnection put = jsonRequest("PUT", "/api/v1/rsrc/groups/itest_rg",
                    "{\"users\":[\"itest_user\"],\"io.pages.per.second\":5000,\"max.concurrent.statements\":2}");
            assertEquals(201, put.getResponseCode());
            assertTrue(Files.readString(groupFile), Files.readString(groupFile).contains("io.pages.per.second = 5000"));
            String listed = awaitCommandContaining("cairn:rsrc-groups", "itest_rg");
            assertTrue(listed, listed.contains("io 5000 pages/s (throttle)"));
            HttpURLConnection one = http("GET", "/api/v1/rsrc/groups/itest_rg", adminAuth());
            assertEquals(200, one.getResponseCode());
            String oneJson = new String(one.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(oneJson, oneJson.contains("\"statistics\"") && oneJson.contains("\"max.concurrent.statements\":2"));
            HttpURLConnection bad = jsonRequest("PUT", "/api/v1/rsrc/groups/itest_rg",
                    "{\"users\":\"x\",\"io.pages.per.second\":\"fast\"}");
            assertEquals(400, bad.getResponseCode());
            String badJson = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(badJson, badJson.contains("\"key\":\"io.pages.per.second\""));
            assertTrue(execute("cairn:rsrc-group-set itest_rg io.pages.per.second=100 memory.per.statement.mb=64")
                    .contains("updated"));
            awaitCommandContaining("cairn:rsrc-groups", "memory 64 MB (terminate), io 100 pages"); // the table cuts the rest
            assertTrue(executeExpectingError("cairn:rsrc-group-set itest_rg io.policy=queue")
                    .contains("'io.policy' must be one of throttle, terminate, allow"));
            // the storage quota: configured like the others, shown per user in REST and v$rsrc_user_storage
            assertTrue(executeExpectingError("cairn:rsrc-group-set itest_rg user.storage.mb=-1")
                    .contains("'user.storage.mb' must be between 0 and 1073741824, was -1"));
            assertTrue(execute("cairn:rsrc-group-set itest_rg user.storage.mb=5").contains("updated"));
            String quotaJson = "";
            for (long until = System.nanoTime() + 10_000_000_000L; !quotaJson.contains("\"storage\"");) {
                assertTrue(quotaJson, System.nanoTime() < until);
                Thread.sleep(100);
                HttpURLConnection q = http("GET", "/api/v1/rsrc/groups/itest_rg", adminAuth());
                quotaJson = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(quotaJson, quotaJson.contains("\"user.storage.mb\":5") && quotaJson.contains("\"user\":\"itest_user\"")
                    && quotaJson.contains("\"quota_bytes\":5242880"));
            String quotaRows = execute("cairn:sql \"SELECT username, quota_bytes FROM v\\$rsrc_user_storage\"");
            assertTrue(quotaRows, quotaRows.contains("itest_user") && quotaRows.contains("5242880"));
            String segments = execute("cairn:sql \"SELECT COUNT(*) AS n FROM v\\$segment WHERE bytes > 0\"");
            assertTrue(segments, segments.contains("(1 row)"));
            long fileDeadline = System.nanoTime() + 10_000_000_000L; // fileinstall writes the change back to the file
            while (!Files.readString(groupFile).matches("(?s).*io\\.pages\\.per\\.second\\s*=\\s*100\\b.*")) {
                assertTrue(Files.readString(groupFile), System.nanoTime() < fileDeadline);
                Thread.sleep(100);
            }
            assertTrue(execute("cairn:rsrc-group-remove itest_rg").contains("removed"));
            awaitCommandContaining("cairn:rsrc-groups", "no resource groups are active");
            assertFalse("the group's file went with it", Files.exists(groupFile));
            assertEquals(404, jsonRequest("DELETE", "/api/v1/rsrc/groups/itest_rg", null).getResponseCode());

            featuresService.uninstallFeature("cairn-monitoring");
            assertEquals("the plugin bundle is gone", null, bundle("io.cairn.plugin.monitoring"));
            assertTrue("the view left with the plugin",
                    executeExpectingError("cairn:sql \"SELECT * FROM v\\$sysstat\"").startsWith("ERROR 42P01"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (http("GET", "/api/v1/metrics", adminAuth()).getResponseCode() != 404) {
                assertTrue("/api/v1/metrics left with the plugin", System.nanoTime() < deadline);
                Thread.sleep(100);
            }
            assertEquals("the plugin's routes left with it", 404,
                    http("GET", "/api/v1/stats/queries", adminAuth()).getResponseCode());
            String navigationAfter = consolePage("/console/page/overview");
            for (String page : new String[] {"ash", "top-sql", "alerts", "incidents"}) {
                assertFalse("the console navigation no longer lists the plugin's page " + page,
                        navigationAfter.contains("/console/page/" + page));
            }
        });
    }

    /**
     * Issue 8's hot deploy: the monitoring feature is installed, its bundle updated and the feature
     * uninstalled while a JDBC workload commits; no transaction of the workload fails, and alert
     * rules and the persisted ASH history survive the update.
     */
    @Test
    public void monitoringHotDeployUnderAJdbcWorkloadFailsNoTransaction() throws Exception {
        awaitDatabase(true);
        ServiceTracker<DataSourceFactory, DataSourceFactory> tracker = new ServiceTracker<>(bundleContext,
                bundleContext.createFilter("(&(objectClass=" + DataSourceFactory.class.getName() + ")("
                        + DataSourceFactory.OSGI_JDBC_DRIVER_NAME + "=cairn))"), null);
        tracker.open();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        try {
            java.util.Properties props = new java.util.Properties();
            props.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, "default");
            props.setProperty(DataSourceFactory.JDBC_USER, "teller");
            DataSource ds = tracker.waitForService(30_000).createDataSource(props);
            try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE itest_hot_acct (id INT PRIMARY KEY, bal BIGINT)");
                st.executeUpdate("CREATE TABLE itest_hot_hist (id BIGINT PRIMARY KEY, acct INT)");
                st.executeUpdate("INSERT INTO itest_hot_acct VALUES (1, 0), (2, 0), (3, 0), (4, 0)");
            }
            for (int w = 0; w < 2; w++) {
                int worker = w;
                Thread t = new Thread(() -> {
                    long n = 0;
                    try (java.sql.Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        while (!stop.get()) {
                            try (java.sql.Statement st = c.createStatement()) {
                                // each worker its own accounts: no conflicts between the workers themselves
                                int acct = 1 + worker * 2 + (int) (n % 2);
                                st.executeUpdate("UPDATE itest_hot_acct SET bal = bal + 1 WHERE id = " + acct);
                                st.executeUpdate("INSERT INTO itest_hot_hist VALUES (" + (worker * 1_000_000_000L + n) + ", " + acct + ")");
                                try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM itest_hot_hist a, itest_hot_acct b")) {
                                    rs.next();
                                }
                                c.commit();
                                commits.incrementAndGet();
                                n++;
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "itest-workload-" + w);
                t.start();
                workers.add(t);
            }
            while (commits.get() < 50) {
                Thread.sleep(20);
            }
            featuresService.installFeature("cairn-monitoring");
            awaitSql("SELECT COUNT(*) AS n FROM v\\$sql");
            assertEquals(200, waitForHttp("http://localhost:18181/api/v1/metrics").getResponseCode());
            postJson("/api/v1/alerts/rules", "{\"name\":\"itest-hot\",\"metric\":\"cairn_lock_waiters\",\"operator\":\">\","
                    + "\"threshold\":1000,\"category\":\"itest\"}", 201);
            long persisted = 0;
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (persisted == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM cairn_ash_history WHERE username = 'teller'")) {
                    rs.next();
                    persisted = rs.getLong(1);
                } catch (java.sql.SQLException notYetCreated) {
                    // the table appears with the first persisted tick
                }
            }
            assertTrue("ASH persisted samples of the workload's sessions", persisted > 0);

            Bundle plugin = bundle("io.cairn.plugin.monitoring");
            plugin.update();
            assertEquals(Bundle.ACTIVE, plugin.getState());
            awaitSql("SELECT COUNT(*) AS n FROM v\\$sql");
            HttpURLConnection rules = waitForHttp("http://localhost:18181/api/v1/alerts/rules");
            assertEquals(200, rules.getResponseCode());
            assertTrue("the alert rule survived the update",
                    new String(rules.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("itest-hot"));
            try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM cairn_ash_history WHERE username = 'teller'")) {
                rs.next();
                assertTrue("the persisted ASH history survived the update", rs.getLong(1) >= persisted);
            }
            assertTrue(execute("cairn:alert-remove itest-hot").contains("deleted"));

            featuresService.uninstallFeature("cairn-monitoring");
            assertTrue(executeExpectingError("cairn:sql \"SELECT * FROM v\\$sql\"").startsWith("ERROR 42P01"));
            long before = commits.get();
            while (commits.get() < before + 20) {
                Thread.sleep(20);
            }
        } finally {
            stop.set(true);
            for (Thread t : workers) {
                t.join(30_000);
            }
            tracker.close();
        }
        assertEquals("no transaction of the workload failed: " + failures, List.of(), failures);
        assertTrue(commits.get() > 100);
    }

    /** Runs the SQL until it stops failing (a plugin's views register a moment after its bundle starts). */
    private String awaitSql(String sql) throws Exception {
        return awaitCommand("cairn:sql \"" + sql + "\"");
    }

    private String awaitCommand(String command) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return execute(command);
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(command + " still fails after 30 s: " + notYet.getMessage(), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    public void restStatusReportsBundlesAndDatabasesAsJson() throws Exception {
        HttpURLConnection get = waitForHttp("http://localhost:18181/api/v1/status");
        assertEquals(200, get.getResponseCode());
        assertTrue(get.getContentType().startsWith("application/json"));
        String body = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body, body.contains("\"symbolicName\":\"io.cairn.core.sql\""));
        assertTrue(body, body.contains("\"name\":\"default\""));

        HttpURLConnection post = http("POST", "/api/v1/status", adminAuth());
        assertEquals(405, post.getResponseCode());
        String error = new String(post.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(error, error.startsWith("{\"error\":{\"code\":\"method_not_allowed\","));
    }

    @Test
    public void restShowsStorageFiguresAndAnswersUnknownDatabasesWith404Json() throws Exception {
        HttpURLConnection get = waitForHttp("http://localhost:18181/api/v1/databases/default/storage");
        assertEquals(200, get.getResponseCode());
        String body = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body, body.contains("\"bufferPool\":{\"capacityFrames\":"));

        HttpURLConnection missing = http("GET", "/api/v1/databases/nope", adminAuth());
        assertEquals(404, missing.getResponseCode());
        String error = new String(missing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(error, error.contains("no database named 'nope'"));
    }

    /**
     * The distribution ships no user: admin.web created 'admin' with a random password on first
     * start, readable only by the owner; the API wants it (or a viewer) on every route but liveness.
     */
    @Test
    public void theFirstStartAdminSignsInAndTheApiEnforcesRoles() throws Exception {
        waitForHttp("http://localhost:18181/api/v1/status");
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path passwordFile = etc.resolve("cairn-admin.password");
        assertTrue("first start wrote " + passwordFile, Files.isRegularFile(passwordFile));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(passwordFile)));
        String users = Files.readString(etc.resolve("users.properties"));
        assertFalse("no karaf/karaf account ships", users.contains("karaf = karaf"));
        assertTrue(users, users.contains("admin = " + Files.readString(passwordFile).trim() + ",_g_:admingroup"));
        assertEquals("Pax Web listens on loopback only", "127.0.0.1", configurationAdmin
                .getConfiguration("org.ops4j.pax.web", null).getProperties().get("org.ops4j.pax.web.listening.addresses"));

        HttpURLConnection live = http("GET", "/api/v1/health/liveness", null);
        assertEquals(200, live.getResponseCode());
        HttpURLConnection anonymous = http("GET", "/api/v1/admin/health", null);
        assertEquals(401, anonymous.getResponseCode());
        assertTrue(anonymous.getHeaderField("WWW-Authenticate").startsWith("Basic"));
        assertEquals("nosniff", anonymous.getHeaderField("X-Content-Type-Options"));
        assertEquals(401, http("GET", "/api/v1/admin/health", basic("admin", "karaf")).getResponseCode());

        HttpURLConnection health = http("GET", "/api/v1/admin/health", adminAuth());
        assertEquals(200, health.getResponseCode());
        String report = new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(report, report.contains("\"checks\":{") && report.contains("\"database:default\":{\"status\":\"healthy\""));

        // a viewer added the way an operator would (the realm re-reads the file on each login)
        Files.writeString(etc.resolve("users.properties"), "\nvera = vera-secret,_g_:cairnviewers\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(200, http("GET", "/api/v1/stats/performance", basic("vera", "vera-secret")).getResponseCode());
        HttpURLConnection viewerWrite = http("POST", "/api/v1/sql", basic("vera", "vera-secret"));
        viewerWrite.setDoOutput(true);
        viewerWrite.setRequestProperty("Content-Type", "application/json");
        viewerWrite.getOutputStream().write("{\"sql\":\"SELECT 1\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, viewerWrite.getResponseCode());

        String job = postJson("/api/v1/admin/maintenance", "{\"operation\":\"checkpoint\"}", 202);
        String id = job.replaceAll("(?s).*\"id\":(\\d+).*", "$1");
        long deadline = System.nanoTime() + 30_000_000_000L;
        String status;
        do {
            Thread.sleep(100);
            HttpURLConnection c = http("GET", "/api/v1/admin/maintenance/" + id, adminAuth());
            status = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } while (!status.contains("\"status\":\"succeeded\"") && System.nanoTime() < deadline);
        assertTrue(status, status.contains("\"status\":\"succeeded\""));

        String openapi = new String(http("GET", "/api/v1/openapi.json", adminAuth()).getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(openapi, openapi.contains("\"/admin/maintenance/{id}\"") && openapi.contains("\"/sql\""));
    }

    /** A plugin's route and console page are mounted while its services are registered, and only then. */
    @Test
    public void contributedRoutesAndPagesAreMountedWhileRegistered() throws Exception {
        waitForHttp("http://localhost:18181/api/v1/status");
        assertEquals(404, http("GET", "/api/v1/itest/echo/hello", adminAuth()).getResponseCode());
        io.cairn.web.RestResource echo = new io.cairn.web.RestResource() {
            public String method() {
                return "GET";
            }

            public String path() {
                return "/itest/echo/{word}";
            }

            public io.cairn.web.Role requiredRole() {
                return io.cairn.web.Role.VIEWER;
            }

            public String summary() {
                return "Echoes a word (itest)";
            }

            public io.cairn.web.RestResponse handle(io.cairn.web.RestRequest req) {
                return io.cairn.web.RestResponse.ok(Map.of("word", req.pathParameter("word"), "user", req.user()));
            }
        };
        io.cairn.web.ConsolePage page = new io.cairn.web.ConsolePage() {
            public String id() {
                return "itest-page";
            }

            public String title() {
                return "Itest page";
            }

            public int navOrder() {
                return 500;
            }

            public String render(io.cairn.web.ConsoleContext context) {
                return "<p>rendered for " + io.cairn.web.ConsoleContext.escape(context.user()) + "</p>";
            }
        };
        var routeRegistration = bundleContext.registerService(io.cairn.web.RestResource.class, echo, null);
        var pageRegistration = bundleContext.registerService(io.cairn.web.ConsolePage.class, page, null);
        try {
            HttpURLConnection c = http("GET", "/api/v1/itest/echo/hello", adminAuth());
            assertEquals(200, c.getResponseCode());
            String echoed = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(echoed, echoed.contains("\"word\":\"hello\"") && echoed.contains("\"user\":\"admin\""));
            String openapi = new String(http("GET", "/api/v1/openapi.json", adminAuth()).getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(openapi, openapi.contains("\"/itest/echo/{word}\""));
            assertTrue(consolePage("/console/page/itest-page").contains("rendered for admin"));
        } finally {
            routeRegistration.unregister();
            pageRegistration.unregister();
        }
        assertEquals(404, http("GET", "/api/v1/itest/echo/hello", adminAuth()).getResponseCode());
        String overview = consolePage("/console/page/overview");
        assertFalse("the navigation no longer lists the page", overview.contains("itest-page"));
    }

    /** PUT /admin/config stores several ALTER SYSTEM parameters in one Config Admin update: one restart. */
    @Test
    public void configPutStoresParametersTogetherAndTheDatabaseReopens() throws Exception {
        waitForHttp("http://localhost:18181/api/v1/status");
        awaitDatabase(true);
        long before = databaseServiceId();
        HttpURLConnection bad = http("PUT", "/api/v1/admin/config", adminAuth());
        bad.setDoOutput(true);
        bad.setRequestProperty("Content-Type", "application/json");
        bad.getOutputStream().write("{\"parameters\":{\"checkpoint_wal_size\":\"128m\",\"lock_timeout\":\"soon\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bad.getResponseCode());
        assertEquals("a rejected PUT restarts nothing", before, databaseServiceId());

        HttpURLConnection put = http("PUT", "/api/v1/admin/config", adminAuth());
        put.setDoOutput(true);
        put.setRequestProperty("Content-Type", "application/json");
        put.getOutputStream().write("{\"parameters\":{\"checkpoint_wal_size\":\"128m\",\"lock_timeout\":\"6s\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, put.getResponseCode());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (databaseServiceId() == before || databaseServiceId() == -1) {
            assertTrue("the database reopened", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        Dictionary<String, Object> props = configurationAdmin.listConfigurations(
                "(&(service.factoryPid=io.cairn.database)(name=default))")[0].getProperties();
        assertEquals("128m", props.get("checkpointWalSize"));
        assertEquals("6s", props.get("lockTimeout"));
        String config = "";
        while (!config.contains("\"checkpoint_wal_size\",\"value\":134217728") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            HttpURLConnection c = http("GET", "/api/v1/admin/config", adminAuth());
            config = c.getResponseCode() == 200 ? new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        }
        assertTrue("GET shows the reopened database's values: " + config,
                config.contains("\"lock_timeout\",\"value\":6000"));
    }

    /** Signs in through the console's form and fetches a page. */
    private String consolePage(String path) throws Exception {
        HttpURLConnection login = http("POST", "/console/login", null);
        login.setInstanceFollowRedirects(false);
        login.setDoOutput(true);
        login.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        String password = adminAuth().substring("Basic ".length());
        password = new String(java.util.Base64.getDecoder().decode(password), StandardCharsets.UTF_8).substring("admin:".length());
        login.getOutputStream().write(("user=admin&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(303, login.getResponseCode());
        String cookie = login.getHeaderField("Set-Cookie").split(";")[0];
        HttpURLConnection page = http("GET", path, null);
        page.setRequestProperty("Cookie", cookie);
        assertEquals(200, page.getResponseCode());
        return new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    public void healthAndMaintenanceCommandsUseTheKernelServices() throws Exception {
        String health = execute("cairn:health");
        assertTrue(health, health.contains("Status: healthy") && health.contains("disk:default"));
        execute("cairn:sql \"CREATE TABLE itest_maint (id INT PRIMARY KEY); INSERT INTO itest_maint VALUES (1)\"");
        String analyze = execute("cairn:maintenance analyze itest_maint");
        assertTrue(analyze, analyze.contains("succeeded") && analyze.contains("ANALYZE itest_maint"));
        assertTrue(execute("cairn:maintenance --list").contains("analyze"));
        assertTrue(executeExpectingError("cairn:maintenance analyze no_such_table").contains("42P01"));
        assertTrue(executeExpectingError("cairn:maintenance defrag").contains("unknown maintenance operation"));
    }

    /** An admin request with a JSON body (none when {@code json} is null). */
    private static HttpURLConnection jsonRequest(String method, String path, String json) throws Exception {
        HttpURLConnection c = http(method, path, adminAuth());
        if (json != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        }
        return c;
    }

    /** Runs a command until its output contains {@code expected} (configuration changes apply asynchronously). */
    private String awaitCommandContaining(String command, String expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String out = awaitCommand(command);
            if (out.contains(expected)) {
                return out;
            }
            assertTrue(command + " never showed '" + expected + "': " + out, System.nanoTime() < deadline);
            Thread.sleep(200);
        }
    }

    private String postJson(String path, String json, int expected) throws Exception {
        HttpURLConnection c = http("POST", path, adminAuth());
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, c.getResponseCode());
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The first-start administrator's credentials, as a user would read them. */
    private static String adminAuth() throws Exception {
        Path file = Path.of(System.getProperty("karaf.etc")).resolve("cairn-admin.password");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.isRegularFile(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return basic("admin", Files.readString(file).trim());
    }

    private static HttpURLConnection http(String method, String path, String auth) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://localhost:18181" + path).openConnection();
        c.setRequestMethod(method);
        if (auth != null) {
            c.setRequestProperty("Authorization", auth);
        }
        return c;
    }

    private static HttpURLConnection waitForHttp(String url) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            try {
                c.setRequestProperty("Authorization", adminAuth());
                if (c.getResponseCode() != 404) {
                    return c;
                }
            } catch (java.io.IOException notListeningYet) {
                // Jetty or the whiteboard registration is still starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " did not answer within 60 s");
            }
            Thread.sleep(250);
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElse(null);
    }

    private String executeExpectingError(String command) throws Exception {
        try {
            String out = execute(command);
            throw new AssertionError(command + " should fail but printed:\n" + out);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
    }

    private String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceAll("\u001B\\[[;\\d]*m", ""))
                .collect(Collectors.joining("\n"));
    }
}
