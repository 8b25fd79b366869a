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
            Path shopDir = dir.resolve("shop");
            tm = TransactionManager.open(shopDir, StorageOptions.defaults().withBufferPoolBytes(32L * PageLayout.PAGE_SIZE),
                    TransactionOptions.defaults());
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
            tm.close();
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
}
