package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.monitoring.internal.AlertComponentTest.Request;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.monitoring.internal.incident.IncidentStore;
import io.cairn.monitoring.internal.rest.IncidentRoutes;
import io.cairn.monitoring.internal.view.HealthCheckView;
import io.cairn.monitoring.internal.view.IncidentView;
import io.cairn.sql.Database;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;
import io.cairn.sql.internal.admin.KernelHealth;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.sql.internal.jdbc.ContainerDatabases;
import io.cairn.storage.CheckpointMode;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storage;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;
import io.cairn.web.RestException;

/**
 * Incidents from real failures: a page corrupted on disk read through JDBC (XX001), storms of it
 * from several sessions, real deadlocks between JDBC sessions, the disk threshold, health checks
 * turning bad; stored through JDBC, read back after a restart, and the REST and shell paths.
 */
class IncidentComponentTest {

    @TempDir
    Path dir;

    static DataSource dataSource(Path directory) throws SQLException {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, "jdbc:cairn:file:" + directory.toAbsolutePath());
        return new CairnDataSourceFactory().createDataSource(p);
    }

    /** The database a JDBC connection opened, behind the Database API (as the container registers it). */
    static Database database(String name, Path directory, SqlEngine engine) {
        TransactionManager tm = engine.manager();
        return new Database() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path directory() {
                return directory;
            }

            @Override
            public TransactionManager transactions() {
                return tm;
            }

            @Override
            public Storage storage() {
                return tm.storage();
            }

            @Override
            public java.util.List<io.cairn.sql.TableStorage> tableStorage() {
                return java.util.List.of(); // no SQL layer, so no SQL tables
            }
        };
    }

    /**
     * Everything incidents need, on a database "shop" opened as the container opens one (here with
     * a 32-page buffer pool) and lent to the JDBC driver ({@code jdbc:cairn:db:shop}); incidents
     * are stored in the database "alerts".
     */
    final class Setup implements AutoCloseable {
        final TransactionManager tm;
        final SqlEngine engine;
        final ContainerDatabases.Lease lease;
        final Connection shop;
        final Connection keepAlerts;
        final Database db;
        final HealthChecksComponent health;
        final IncidentComponent incidents;
        final DataSource alerts;

        Setup(int diskFreePercent, int deadlocks) throws Exception {
            this(diskFreePercent, deadlocks, io.cairn.storage.FileChannelFactory.DEFAULT);
        }

        Setup(int diskFreePercent, int deadlocks, io.cairn.storage.FileChannelFactory files) throws Exception {
            Path shopDir = dir.resolve("shop");
            tm = TransactionManager.open(shopDir, StorageOptions.defaults().withBufferPoolBytes(32L * PageLayout.PAGE_SIZE)
                    .withChannelFactory(files), TransactionOptions.defaults());
            engine = new SqlEngine(tm);
            engine.setDatabaseName("shop");
            lease = ContainerDatabases.lend("shop", shopDir, tm, engine);
            shop = DriverManager.getConnection(URL);
            db = database("shop", shopDir, engine);
            alerts = dataSource(dir.resolve("alerts"));
            keepAlerts = alerts.getConnection();
            health = new HealthChecksComponent(diskFreePercent);
            health.addDatabase(db);
            for (HealthContributor c : KernelHealth.contributors("shop", shopDir, engine, StorageOptions.defaults())) {
                health.addContributor(c, Map.of("cairn.database", "shop"));
            }
            incidents = new IncidentComponent(new IncidentStore(() -> alerts), "alerts", health, 10, deadlocks, 60, false);
            engine.addStatementListener(incidents);
            engine.registry().addView(new IncidentView(incidents));
            engine.registry().addView(new HealthCheckView(health));
        }

        @Override
        public void close() throws Exception {
            incidents.stop();
            shop.close();
            keepAlerts.close();
            lease.close();
            try {
                tm.close();
            } catch (io.cairn.storage.StorageException failedBefore) {
                // a store that failed reports it again when closed
            }
        }
    }

    static final String URL = "jdbc:cairn:db:shop";

    /**
     * Fills table t, checkpoints, and flips a byte in one of its leaf pages in the data file while
     * the database runs, as a failing disk would: the page is no longer in the small buffer pool,
     * so the next scan reads it from the file. (With the database closed the damage would be found
     * when it opens, which reads every table tree to roll back unfinished transactions, and the
     * open would fail instead.)
     */
    private void corruptShop(Setup s) throws Exception {
        try (Statement st = s.shop.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(300))");
            s.shop.setAutoCommit(false);
            for (int i = 0; i < 3000; i++) {
                st.executeUpdate("INSERT INTO t VALUES (" + i + ", '" + "x".repeat(150) + i + "')");
            }
            s.shop.commit();
            s.shop.setAutoCommit(true);
        }
        s.tm.storage().checkpoint(CheckpointMode.FULL);
        Path data = dir.resolve("shop").resolve(PageFile.FILE_NAME);
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<Long> leaves = new ArrayList<>();
            ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            for (long p = 2; p < ch.size() / PageLayout.PAGE_SIZE; p++) {
                b.clear();
                ch.read(b, p * PageLayout.PAGE_SIZE);
                if (b.get(0) == PageType.BTREE_LEAF.code()) {
                    leaves.add(p);
                }
            }
            long victim = leaves.get(leaves.size() / 2); // t's leaves are nearly all of them
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, victim * PageLayout.PAGE_SIZE + 3000);
            one.put(0, (byte) (one.get(0) ^ 0x10)).clear();
            ch.write(one, victim * PageLayout.PAGE_SIZE + 3000);
        }
    }

    /** Reads every row of t: the damaged page is on the way. */
    private static final String SCAN = "SELECT id, pad FROM t WHERE pad LIKE '%9'";

    private static void drain(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rs.getString(1);
            }
        }
    }

    @Test
    void aCorruptPageReadThroughJdbcOpensOneIncidentThatCountsEveryOccurrence() throws Exception {
        try (Setup s = new Setup(0, 10)) {
            corruptShop(s);
            SQLException e = assertThrows(SQLException.class, () -> drain(s.shop, SCAN));
            assertEquals("XX001", e.getSQLState(), e.getMessage());

            // a storm: four sessions fail the same way 25 times each
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    int failed = 0;
                    try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
                        for (int i = 0; i < 25; i++) {
                            try {
                                drain(c, SCAN);
                            } catch (SQLException x) {
                                assertEquals("XX001", x.getSQLState());
                                failed++;
                            }
                        }
                    }
                    return failed;
                }));
            }
            for (Future<Integer> f : runs) {
                assertEquals(25, f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            s.incidents.drain();

            List<Incident> all = s.incidents.list(null, 100);
            assertEquals(1, all.size(), "one incident for 101 failures of one statement: " + all);
            Incident i = all.get(0);
            assertEquals(101, i.occurrences());
            assertEquals(Incident.DATA_CORRUPTION, i.kind());
            assertEquals("critical", i.severity());
            assertEquals("shop", i.database());
            assertEquals(Incident.OPEN, i.status());
            assertEquals("XX001", i.details().get("sqlstate"));
            assertEquals(SCAN, i.details().get("sql"));
            assertTrue(i.details().get("error").contains("corrupt page"), i.details().toString());
            assertNotNull(i.details().get("session_id"));
            assertTrue(i.summary().startsWith("SQLSTATE XX001 in database 'shop'"), i.summary());

            // stored in the alert database's table, visible in v$incident of any database
            try (Statement st = s.keepAlerts.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT kind, occurrences, status FROM cairn_incidents")) {
                assertTrue(rs.next());
                assertEquals("data_corruption", rs.getString(1));
                assertEquals(101, rs.getLong(2));
                assertEquals("open", rs.getString(3));
                assertFalse(rs.next());
            }
            try (Statement st = s.shop.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT incident_id, kind, occurrences, database_name FROM v$incident WHERE status = 'open'")) {
                assertTrue(rs.next());
                assertEquals(i.id(), rs.getLong(1));
                assertEquals(101, rs.getLong(3));
                assertEquals("shop", rs.getString(4));
            }

            // a restart (bundle update) finds the open incident and keeps counting on it
            s.incidents.stop();
            IncidentComponent again = new IncidentComponent(new IncidentStore(() -> s.alerts), "alerts", s.health, 10,
                    10, 60, false);
            assertEquals(List.of(i.id()), again.recent().stream().map(Incident::id).toList(),
                    "v$incident shows the stored incidents after a restart");
            s.engine.addStatementListener(again);
            assertThrows(SQLException.class, () -> drain(s.shop, SCAN));
            again.drain();
            assertEquals(102, again.get(i.id()).occurrences());
            assertEquals(1, again.recent().size());

            // REST: read, close, close again, unknown and malformed ids
            var get = new IncidentRoutes.Get(again);
            Map<?, ?> body = (Map<?, ?>) get.handle(new Request("GET", "/incidents/" + i.id(),
                    Map.of("id", String.valueOf(i.id())), null)).body();
            assertEquals("data_corruption", body.get("kind"));
            assertEquals(102L, body.get("occurrences"));
            assertEquals("XX001", ((Map<?, ?>) body.get("details")).get("sqlstate"));
            RestException missing = assertThrows(RestException.class,
                    () -> get.handle(new Request("GET", "/incidents/999", Map.of("id", "999"), null)));
            assertEquals(404, missing.status());
            assertEquals("not_found", missing.code());
            RestException malformed = assertThrows(RestException.class,
                    () -> get.handle(new Request("GET", "/incidents/x", Map.of("id", "x"), null)));
            assertEquals(400, malformed.status());
            assertEquals("invalid_id", malformed.code());

            var close = new IncidentRoutes.Close(again);
            Map<?, ?> closed = (Map<?, ?>) close.handle(new Request("POST", "/incidents/1/close",
                    Map.of("id", String.valueOf(i.id())), Map.of())).body();
            assertEquals("closed", closed.get("status"));
            assertEquals("alice", closed.get("closed_by"));
            RestException twice = assertThrows(RestException.class, () -> close.handle(new Request("POST",
                    "/incidents/1/close", Map.of("id", String.valueOf(i.id())), Map.of())));
            assertEquals(409, twice.status());

            // after closing, the same failure opens a new incident
            assertThrows(SQLException.class, () -> drain(s.shop, SCAN));
            again.drain();
            List<Incident> open = again.list(Incident.OPEN, 10);
            assertEquals(1, open.size());
            assertTrue(open.get(0).id() > i.id());
            assertEquals(1, open.get(0).occurrences());
            assertEquals(2, again.list(null, 10).size());
            assertEquals(AlertException.Kind.INVALID, assertThrows(AlertException.class,
                    () -> again.list("bogus", 10)).kind());
            again.stop();
        }
    }

    @Test
    void realDeadlocksBetweenJdbcSessionsBeyondTheThresholdAreOneDeadlockStorm() throws Exception {
        try (Setup s = new Setup(0, 3)) {
            try (Statement st = s.shop.createStatement()) {
                st.execute("CREATE TABLE acc (id INT PRIMARY KEY, v INT)");
                st.execute("INSERT INTO acc VALUES (1, 0), (2, 0)");
            }
            Instant t0 = Instant.now();
            s.incidents.check(t0);
            int deadlocks = 0;
            for (int round = 0; round < 4; round++) {
                deadlocks += deadlock();
            }
            assertEquals(4, deadlocks, "each round breaks exactly one deadlock");
            s.incidents.check(t0.plusSeconds(5));
            s.incidents.drain();
            List<Incident> storms = s.incidents.list(null, 10);
            assertEquals(1, storms.size(), storms.toString());
            Incident storm = storms.get(0);
            assertEquals(Incident.DEADLOCK_STORM, storm.kind());
            assertEquals("4", storm.details().get("deadlocks_in_window"));
            assertEquals("3", storm.details().get("threshold"));
            assertEquals("4", storm.details().get("deadlocks_total"));

            // the storm goes on: no second occurrence while it lasts
            deadlock();
            s.incidents.check(t0.plusSeconds(10));
            s.incidents.drain();
            assertEquals(1, s.incidents.get(storm.id()).occurrences());
            // past the window without new deadlocks it is over; a new storm counts on the open incident
            s.incidents.check(t0.plusSeconds(200));
            for (int round = 0; round < 3; round++) {
                deadlock();
            }
            s.incidents.check(t0.plusSeconds(205));
            s.incidents.drain();
            assertEquals(2, s.incidents.get(storm.id()).occurrences());
            assertEquals(1, s.incidents.list(null, 10).size());
        }
    }

    /** Two JDBC sessions update rows 1 and 2 in opposite orders; returns how many were deadlock victims. */
    private int deadlock() throws Exception {
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> sides = new ArrayList<>();
        for (int[] order : new int[][] {{1, 2}, {2, 1}}) {
            sides.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(URL);
                        Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    st.executeUpdate("UPDATE acc SET v = v + 1 WHERE id = " + order[0]);
                    bothLocked.await(30, TimeUnit.SECONDS);
                    try {
                        st.executeUpdate("UPDATE acc SET v = v + 1 WHERE id = " + order[1]);
                        c.commit();
                        return 0;
                    } catch (SQLException e) {
                        assertEquals("40P01", e.getSQLState(), e.getMessage());
                        c.rollback();
                        return 1;
                    }
                }
            }));
        }
        int victims = 0;
        for (Future<Integer> f : sides) {
            victims += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return victims;
    }

    @Test
    void aDiskThresholdAboveTheRealFreeSpaceIsDownInHealthCheckAndAnIncident() throws Exception {
        try (Setup s = new Setup(100, 10)) {
            try (Statement st = s.shop.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT check_name, status, detail, checked_at FROM v$health_check WHERE status <> 'UP'")) {
                assertTrue(rs.next());
                assertEquals("disk_free:shop", rs.getString(1));
                assertEquals("DOWN", rs.getString(2));
                assertTrue(rs.getString(3).contains("below the threshold of 100%"), rs.getString(3));
                assertNotNull(rs.getTimestamp(4));
                assertFalse(rs.next(), "the kernel's own checks are UP");
            }
            try (Statement st = s.shop.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT check_name FROM v$health_check WHERE status = 'UP' ORDER BY check_name")) {
                List<String> up = new ArrayList<>();
                while (rs.next()) {
                    up.add(rs.getString(1));
                }
                assertEquals(List.of("database:shop", "disk:shop", "wal:shop"), up);
            }
            s.incidents.check(Instant.now());
            s.incidents.check(Instant.now()); // still full: no second occurrence
            s.incidents.drain();
            List<Incident> list = s.incidents.list(null, 10);
            assertEquals(1, list.size());
            assertEquals(Incident.DISK_SPACE, list.get(0).kind());
            assertEquals(1, list.get(0).occurrences());
            assertEquals("100", list.get(0).details().get("threshold_percent"));
            assertTrue(Long.parseLong(list.get(0).details().get("usable_bytes")) > 0);
        }
        try (Setup s = new Setup(1, 10)) { // a threshold the test machine's disk meets
            try (Statement st = s.shop.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT status FROM v$health_check WHERE check_name = 'disk_free:shop'")) {
                assertTrue(rs.next());
                assertEquals("UP", rs.getString(1));
            }
        }
    }

    @Test
    void aDatabaseThatCannotOpenOpensAHealthIncidentThroughTheKernelsCheck() throws Exception {
        try (Setup s = new Setup(0, 10)) {
            Path sales = dir.resolve("sales");
            java.nio.file.Files.createDirectories(sales);
            java.nio.file.Files.write(sales.resolve("cairn.data"), new byte[16384]); // not a Cairn data file
            // the container's view of the kernel: services it registers reach the plugin's health tracker
            org.osgi.framework.BundleContext context = (org.osgi.framework.BundleContext) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {org.osgi.framework.BundleContext.class}, (p, m, args) -> {
                        if (m.getName().equals("registerService") && args[1] instanceof HealthContributor c) {
                            Map<String, Object> props = new java.util.HashMap<>();
                            ((java.util.Dictionary<String, Object>) args[2]).keys().asIterator()
                                    .forEachRemaining(k -> props.put(k, ((java.util.Dictionary<String, Object>) args[2]).get(k)));
                            s.health.addContributor(c, props);
                        }
                        return m.getName().equals("registerService") ? java.lang.reflect.Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {org.osgi.framework.ServiceRegistration.class},
                                (q, n, a) -> null) : null;
                    });
            io.cairn.sql.internal.DatabaseConfig config = new io.cairn.sql.internal.DatabaseConfig() {
                @Override
                public Class<? extends java.lang.annotation.Annotation> annotationType() {
                    return io.cairn.sql.internal.DatabaseConfig.class;
                }

                @Override
                public String name() {
                    return "sales";
                }

                @Override
                public String directory() {
                    return sales.toString();
                }

                @Override
                public String bufferPoolSize() {
                    return "1m";
                }

                @Override
                public String walSegmentSize() {
                    return "64m";
                }

                @Override
                public String checkpointWalSize() {
                    return "256m";
                }

                @Override
                public String lockTimeout() {
                    return "30s";
                }

                @Override
                public String maxMemoryRows() {
                    return "1000000";
                }
            };
            RuntimeException failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> new io.cairn.sql.internal.DatabaseComponent(config, context, Map.of("service.pid", "io.cairn.database~sales")));
            s.incidents.check(Instant.now());
            s.incidents.check(Instant.now()); // still down: no second occurrence
            s.incidents.drain();
            List<Incident> list = s.incidents.list(null, 10);
            assertEquals(1, list.size(), list.toString());
            Incident i = list.get(0);
            assertEquals(Incident.HEALTH, i.kind());
            assertEquals("sales", i.database());
            assertEquals(1, i.occurrences());
            assertTrue(i.summary().contains("health check database:sales is DOWN for database 'sales': database 'sales' did not open: ")
                    && i.summary().contains(failed.getMessage()), i.summary());
            assertEquals("io.cairn.database~sales", i.details().get("configuration"));
        }
    }

    @Test
    void aHealthCheckTurningUnhealthyOpensAnIncidentOncePerTurn() throws Exception {
        try (Setup s = new Setup(0, 10)) {
            HealthStatus[] status = {HealthStatus.HEALTHY};
            // a plugin's check (as the backup plugin registers one), switched by the test
            s.health.addContributor(new HealthContributor() {
                @Override
                public String name() {
                    return "replica:shop";
                }

                @Override
                public HealthCheck check() {
                    return HealthCheck.of(status[0], status[0] == HealthStatus.HEALTHY ? "in sync" : "replica lost",
                            Map.of("lag_seconds", 42));
                }
            }, Map.of("cairn.database", "shop"));
            s.incidents.check(Instant.now());
            status[0] = HealthStatus.UNHEALTHY;
            s.incidents.check(Instant.now());
            s.incidents.check(Instant.now());
            status[0] = HealthStatus.HEALTHY;
            s.incidents.check(Instant.now());
            status[0] = HealthStatus.UNHEALTHY;
            s.incidents.check(Instant.now());
            s.incidents.drain();
            List<Incident> list = s.incidents.list(null, 10);
            assertEquals(1, list.size(), list.toString());
            Incident i = list.get(0);
            assertEquals(Incident.HEALTH, i.kind());
            assertEquals(2, i.occurrences(), "two turns to unhealthy");
            assertEquals("replica:shop", i.details().get("check"));
            assertEquals("DOWN", i.details().get("status"));
            assertEquals("42", i.details().get("lag_seconds"));
        }
    }

    @Test
    void badConfigurationValuesStopTheComponentWithTheKeyNamed() {
        IncidentStore store = new IncidentStore(() -> {
            throw new IllegalStateException("not used");
        });
        HealthChecksComponent health = new HealthChecksComponent(5);
        assertEquals("io.cairn.monitoring: incidentCheckSeconds must be between 1 and 3600, was 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new IncidentComponent(store, "x", health, 0, 10, 60, false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new IncidentComponent(store, "x", health, 10, 0, 60, false)).getMessage()
                .contains("incidentDeadlocks must be between 1 and 1000000, was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new IncidentComponent(store, "x", health, 10, 5, 86_401, false)).getMessage()
                .contains("incidentDeadlockWindowSeconds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new HealthChecksComponent(101)).getMessage()
                .contains("incidentDiskFreePercent must be between 0 and 100, was 101"));
    }

    @Test
    void occurrencesWaitInMemoryWhileTheIncidentDatabaseIsUnavailable() throws Exception {
        boolean[] up = {false};
        DataSource alerts = dataSource(dir.resolve("alerts"));
        try (Connection keep = alerts.getConnection()) {
            IncidentComponent incidents = new IncidentComponent(new IncidentStore(() -> {
                if (!up[0]) {
                    throw new IllegalStateException("no database named 'alerts' is open");
                }
                return alerts;
            }), "alerts", new HealthChecksComponent(0), 10, 10, 60, false);
            for (int k = 0; k < 3; k++) {
                incidents.raise(Incident.draft(Instant.now(), "shop", Incident.INTERNAL_ERROR, "error", "boom",
                        Map.of("sqlstate", "XX000"), "k"));
            }
            incidents.drain();
            assertEquals(AlertException.Kind.UNAVAILABLE,
                    assertThrows(AlertException.class, () -> incidents.list(null, 10)).kind());
            up[0] = true;
            incidents.drain(); // the next write round (the periodic check in a running container)
            incidents.raise(Incident.draft(Instant.now(), "shop", Incident.INTERNAL_ERROR, "error", "boom",
                    Map.of("sqlstate", "XX000"), "k"));
            incidents.drain();
            List<Incident> list = incidents.list(null, 10);
            assertEquals(1, list.size());
            assertEquals(4, list.get(0).occurrences(), "none lost while the database was away");
            incidents.stop();
        }
    }

    /** A GET as admin.web hands it over, with query parameters. */
    record Get(Map<String, String> pathParameters, Map<String, String> queryParameters) implements io.cairn.web.RestRequest {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public String pathParameter(String name) {
            return pathParameters.get(name);
        }

        @Override
        public java.util.Optional<String> query(String name) {
            return java.util.Optional.ofNullable(queryParameters.get(name));
        }

        @Override
        public io.cairn.web.JsonObject body() throws RestException {
            throw RestException.badRequest("missing_body", "no body");
        }

        @Override
        public String user() {
            return "alice";
        }

        @Override
        public io.cairn.web.Role role() {
            return io.cairn.web.Role.ADMIN;
        }
    }

    /** The entries of a zip, by name. */
    static Map<String, byte[]> unzip(byte[] zip) throws java.io.IOException {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** The manifest's parts by path. */
    static Map<String, com.fasterxml.jackson.databind.JsonNode> parts(Map<String, byte[]> zip) throws Exception {
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(zip.get("manifest.json"));
        assertEquals("cairn-diagnostic-dump/1", m.get("format").asText());
        Map<String, com.fasterxml.jackson.databind.JsonNode> out = new java.util.LinkedHashMap<>();
        m.get("parts").forEach(p -> out.put(p.get("path").asText(), p));
        return out;
    }

    private static String text(Map<String, byte[]> zip, String name) {
        assertTrue(zip.containsKey(name), name + " in " + zip.keySet());
        return new String(zip.get(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anIncidentsDumpHasConfigWithoutSecretsLogTailAshAndViewsAndNamesTheFailedParts() throws Exception {
        Path etc = java.nio.file.Files.createDirectories(dir.resolve("etc"));
        java.nio.file.Files.writeString(etc.resolve("io.cairn.web.cfg"),
                "# listener\nport = 8181\ntls.keystorePassword = s3cret\ntls.keyPassword=alsoSecret\n");
        java.nio.file.Files.writeString(etc.resolve("io.cairn.pool-app.cfg"),
                "url = jdbc:cairn:db:shop?user=app&password=hunter2\nmaxSize = 10\n");
        java.nio.file.Files.writeString(etc.resolve("notes.txt"), "not a configuration file");
        Path logs = java.nio.file.Files.createDirectories(dir.resolve("log"));
        StringBuilder log = new StringBuilder();
        for (int i = 0; log.length() < 3000; i++) {
            log.append("2026-11-25 line ").append(i).append('\n');
        }
        java.nio.file.Files.writeString(logs.resolve("karaf.log"), log);

        try (Setup s = new Setup(100, 10)) {
            s.engine.registry().addView(new io.cairn.monitoring.internal.view.SysstatView());
            s.engine.registry().addView(new io.cairn.monitoring.internal.view.BufferPoolStatsView());
            s.engine.registry().addView(new io.cairn.monitoring.internal.view.MemoryUsageView());
            // v$sql is not registered here (its component is off): its part must fail alone
            s.incidents.check(Instant.now());
            s.incidents.drain();
            Incident disk = s.incidents.list(null, 1).get(0);

            AshComponent ash = Components.unstartedAsh(s.db);
            try (io.cairn.txn.Session busy = s.tm.openSession("ann", "app")) {
                busy.beginStatement("SELECT 'busy at the incident'");
                Components.sample(ash);
                busy.endStatement();
            }
            DiagnosticsComponent diag = new DiagnosticsComponent(name -> {
                assertEquals("shop", name);
                try {
                    Properties p = new Properties();
                    p.setProperty(DataSourceFactory.JDBC_URL, URL);
                    return new CairnDataSourceFactory().createDataSource(p);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 1, 1, 15, etc, logs, dir.resolve("dumps"));
            diag.addDatabase(s.db);
            diag.setIncidents(s.incidents);
            diag.setAsh(ash);

            var route = new IncidentRoutes.IncidentDump(diag);
            io.cairn.web.RestResponse r = route.handle(new Get(Map.of("id", String.valueOf(disk.id())), Map.of()));
            io.cairn.web.RestResponse.Binary bin = (io.cairn.web.RestResponse.Binary) r.body();
            assertEquals("application/zip", bin.mediaType());
            assertTrue(bin.fileName().startsWith("cairn-diag-incident-" + disk.id() + "-"), bin.fileName());
            Map<String, byte[]> zip = unzip(bin.content());
            var parts = parts(zip);

            com.fasterxml.jackson.databind.JsonNode incident = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(zip.get("incident.json"));
            assertEquals("disk_space", incident.get("kind").asText());
            assertEquals("100", incident.get("details").get("threshold_percent").asText());

            String web = text(zip, "config/etc/io.cairn.web.cfg");
            assertTrue(web.contains("port = 8181"), web);
            assertTrue(web.contains("tls.keystorePassword = <redacted>"), web);
            assertFalse(web.contains("s3cret") || web.contains("alsoSecret"), web);
            String pool = text(zip, "config/etc/io.cairn.pool-app.cfg");
            assertFalse(pool.contains("hunter2"), pool);
            assertTrue(pool.contains("user=app&password=<redacted>") && pool.contains("maxSize = 10"), pool);
            assertFalse(zip.containsKey("config/etc/notes.txt"));
            assertTrue(text(zip, "config/system_parameters.csv").startsWith("name,value,scope\n"));

            byte[] tail = zip.get("logs/karaf.log");
            assertEquals(1024, tail.length, "the configured 1 KiB tail");
            assertTrue(log.toString().endsWith(new String(tail, java.nio.charset.StandardCharsets.UTF_8)));

            String ashCsv = text(zip, "ash.csv");
            assertTrue(ashCsv.startsWith("sample_id,sample_time,sid,username,"), ashCsv);
            assertTrue(ashCsv.contains("SELECT 'busy at the incident'") && ashCsv.contains(",ann,"), ashCsv);

            assertTrue(text(zip, "views/v$session.csv").split("\n")[0].contains("sid"));
            assertTrue(text(zip, "views/v$health_check.csv").contains("disk_free:shop,DOWN,"));
            assertTrue(text(zip, "views/v$incident.csv").contains("disk_space"));
            assertTrue(text(zip, "views/v$sysstat.csv").contains("user commits"));
            for (String v : List.of("v$lock", "v$system_event", "v$buffer_pool_stats", "v$memory_usage")) {
                assertEquals("ok", parts.get("views/" + v + ".csv").get("status").asText(), v);
            }
            com.fasterxml.jackson.databind.JsonNode sql = parts.get("views/v$sql.csv");
            assertEquals("error", sql.get("status").asText());
            assertTrue(sql.get("error").asText().contains("v$sql"), sql.toString());
            assertFalse(zip.containsKey("views/v$sql.csv"));
            assertEquals("ok", parts.get("incident.json").get("status").asText());

            // unknown incident: 404; malformed id: 400
            RestException missing = assertThrows(RestException.class,
                    () -> route.handle(new Get(Map.of("id", "999"), Map.of())));
            assertEquals(404, missing.status());
            assertEquals(400, assertThrows(RestException.class,
                    () -> route.handle(new Get(Map.of("id", "x"), Map.of()))).status());

            // on demand, by REST and by the shell
            var now = new IncidentRoutes.Dump(diag);
            assertEquals(404, assertThrows(RestException.class,
                    () -> now.handle(new Get(Map.of(), Map.of("database", "nope")))).status());
            Map<String, byte[]> onDemand = unzip(((io.cairn.web.RestResponse.Binary) now.handle(
                    new Get(Map.of(), Map.of("database", "shop"))).body()).content());
            assertFalse(onDemand.containsKey("incident.json"));
            assertTrue(parts(onDemand).containsKey("views/v$lock.csv"));

            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Path file = io.cairn.monitoring.internal.command.DiagDumpCommand.run(diag, new java.io.PrintStream(out, true), String.valueOf(disk.id()),
                    dir.resolve("out/d.zip").toString(), "default");
            assertEquals(dir.resolve("out/d.zip").toAbsolutePath(), file);
            assertTrue(out.toString().startsWith("diagnostic dump written: " + file));
            assertTrue(unzip(java.nio.file.Files.readAllBytes(file)).containsKey("incident.json"));
            Path defaultPlace = io.cairn.monitoring.internal.command.DiagDumpCommand.run(diag, new java.io.PrintStream(out, true), null, null, "shop");
            assertEquals(dir.resolve("dumps"), defaultPlace.getParent());
            assertEquals("incident id must be a whole number, was 'abc'", assertThrows(IllegalArgumentException.class,
                    () -> io.cairn.monitoring.internal.command.DiagDumpCommand.run(diag, new java.io.PrintStream(out, true), "abc", null, "shop")).getMessage());
            assertEquals("no incident 999", assertThrows(IllegalArgumentException.class,
                    () -> io.cairn.monitoring.internal.command.DiagDumpCommand.run(diag, new java.io.PrintStream(out, true), "999", null, "shop")).getMessage());
            assertEquals("no open database 'nope'", assertThrows(IllegalArgumentException.class,
                    () -> io.cairn.monitoring.internal.command.DiagDumpCommand.run(diag, new java.io.PrintStream(out, true), null, null, "nope")).getMessage());

            // the size bound: a log tail larger than the whole dump may be is left out, and named
            java.nio.file.Files.write(logs.resolve("karaf.log"), new byte[1_500_000]);
            DiagnosticsComponent small = new DiagnosticsComponent(name -> {
                throw new IllegalStateException("database '" + name + "' is not open");
            }, 1, 2048, 15, etc, logs, dir.resolve("dumps"));
            small.addDatabase(s.db);
            Map<String, byte[]> bounded = unzip(small.dump("shop"));
            var boundedParts = parts(bounded);
            assertEquals("skipped", boundedParts.get("logs/karaf.log").get("status").asText());
            assertTrue(boundedParts.get("logs/karaf.log").get("error").asText().contains("limit of 1048576 bytes"));
            assertEquals("error", boundedParts.get("views/v$session.csv").get("status").asText());
            assertEquals("error", boundedParts.get("ash.csv").get("status").asText(), "ASH is not bound");
            assertEquals("ok", boundedParts.get("config/etc/io.cairn.web.cfg").get("status").asText());
        }
        assertEquals("io.cairn.monitoring: diagDumpMaxMegabytes must be between 1 and 1024, was 0",
                assertThrows(IllegalArgumentException.class, () -> new DiagnosticsComponent(n -> null, 0, 1, 1, dir,
                        dir, dir)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DiagnosticsComponent(n -> null, 1, -1, 1, dir,
                dir, dir)).getMessage().contains("diagLogTailKilobytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DiagnosticsComponent(n -> null, 1, 1, 0, dir,
                dir, dir)).getMessage().contains("diagAshMinutes"));
    }

    private static String shell(IncidentComponent incidents, String action, String id, boolean all) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.cairn.monitoring.internal.command.IncidentsCommand.run(incidents, new java.io.PrintStream(out, true), action,
                id, all, 50, "karaf");
        return out.toString();
    }

    @Test
    void theShellListsShowsAndClosesIncidentsAndExplainsBadInput() throws Exception {
        try (Setup s = new Setup(100, 10)) {
            assertEquals("no open incident\n", shell(s.incidents, "list", null, false));
            s.incidents.check(Instant.now());
            s.incidents.drain();
            long id = s.incidents.list(null, 1).get(0).id();
            String list = shell(s.incidents, "list", null, false);
            assertTrue(list.contains("disk_space") && list.contains("shop") && list.contains("open"), list);
            String show = shell(s.incidents, "show", String.valueOf(id), false);
            assertTrue(show.startsWith("Incident " + id + " (open)"), show);
            assertTrue(show.contains("threshold_percent: 100"), show);
            assertEquals("incident " + id + " (disk_space, shop) closed by karaf\n",
                    shell(s.incidents, "close", String.valueOf(id), false));
            assertEquals("no open incident\n", shell(s.incidents, "list", null, false));
            assertTrue(shell(s.incidents, "list", null, true).contains("closed"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> shell(s.incidents, "close", String.valueOf(id), false)).getMessage().contains("already closed"));
            assertEquals("no incident 77", assertThrows(IllegalArgumentException.class,
                    () -> shell(s.incidents, "show", "77", false)).getMessage());
            assertEquals("incident id must be a whole number, was 'seven'", assertThrows(IllegalArgumentException.class,
                    () -> shell(s.incidents, "show", "seven", false)).getMessage());
            assertEquals("show needs an incident id (see cairn:incidents list)", assertThrows(
                    IllegalArgumentException.class, () -> shell(s.incidents, "show", null, false)).getMessage());
            // CALL: a closed incident is a conflict, an unknown one "no data"
            s.engine.registry().addProcedure(new io.cairn.monitoring.internal.view.IncidentCloseProcedure(s.incidents));
            try (Statement st = s.shop.createStatement()) {
                assertEquals("23505", assertThrows(SQLException.class,
                        () -> st.execute("CALL monitoring.incident_close(" + id + ")")).getSQLState());
                assertEquals("02000", assertThrows(SQLException.class,
                        () -> st.execute("CALL monitoring.incident_close(77)")).getSQLState());
                assertEquals("22023", assertThrows(SQLException.class,
                        () -> st.execute("CALL monitoring.incident_close(NULL)")).getSQLState());
                s.incidents.raise(Incident.draft(Instant.now(), "shop", Incident.INTERNAL_ERROR, "error", "again",
                        Map.of(), "again"));
                s.incidents.drain();
                long next = s.incidents.list(Incident.OPEN, 1).get(0).id();
                st.execute("CALL monitoring.incident_close(" + next + ")");
                assertEquals(Incident.CLOSED, s.incidents.get(next).status());
            }
            assertEquals("unknown action 'drop': list, show or close", assertThrows(IllegalArgumentException.class,
                    () -> shell(s.incidents, "drop", null, false)).getMessage());
        }
    }

    @Test
    void aFailedLogFsyncMakesTheWalCheckDownAndOpensAHealthIncident() throws Exception {
        FailingSyncChannels disk = new FailingSyncChannels(p -> p.getParent() != null
                && p.getParent().getFileName().toString().equals("wal"));
        try (Setup s = new Setup(0, 10, disk)) {
            try (Statement st = s.shop.createStatement()) {
                st.execute("CREATE TABLE k (id INT PRIMARY KEY)");
                st.execute("INSERT INTO k VALUES (1)");
                s.incidents.check(Instant.now());
                disk.failing = true;
                SQLException commit = assertThrows(SQLException.class, () -> st.execute("INSERT INTO k VALUES (2)"));
                disk.failing = false; // the disk came back, but the store must not trust what it wrote
                SQLException refused = assertThrows(SQLException.class, () -> st.execute("INSERT INTO k VALUES (3)"));
                assertTrue(refused.getMessage().contains("refuses changes"), refused.getMessage());
                try (ResultSet rs = st.executeQuery("SELECT check_name, detail FROM v$health_check WHERE status = 'DOWN'")) {
                    assertTrue(rs.next());
                    assertEquals("wal:shop", rs.getString(1));
                    assertTrue(rs.getString(2).contains("refuses changes"), rs.getString(2));
                    assertFalse(rs.next());
                }
                s.incidents.check(Instant.now());
                s.incidents.drain();
                List<Incident> list = s.incidents.list(null, 10);
                Incident health = list.stream().filter(i -> i.kind().equals(Incident.HEALTH)).findFirst()
                        .orElseThrow(() -> new AssertionError("no health incident: " + list + "; commit failed with "
                                + commit.getSQLState() + ", later change with " + refused.getSQLState()));
                assertEquals("critical", health.severity());
                assertEquals("wal:shop", health.details().get("check"));
                assertTrue(health.details().get("failure").contains("write-ahead log"), health.details().toString());
                assertEquals("08007", commit.getSQLState(), "the failed commit's outcome is unknown");
                assertEquals("XX000", refused.getSQLState());
                Incident refusal = list.stream().filter(i -> i.kind().equals(Incident.INTERNAL_ERROR)).findFirst()
                        .orElseThrow();
                assertEquals("INSERT INTO k VALUES (3)", refusal.details().get("sql"));
                assertEquals(2, list.size(), list.toString());
            }
        }
    }
}
