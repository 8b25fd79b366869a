package io.cairn.monitoring.internal.rsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.internal.engine.SqlEngine;

/**
 * Every policy of the resource manager under a real workload: real JDBC sessions of an embedded
 * Cairn database, with the manager's controller registered in its SQL engine as the OSGi
 * component does it.
 */
class ResourceManagerTest {

    @TempDir
    Path dir;

    private String url;
    private Connection admin;
    private SqlEngine engine;
    private ResourceManager manager;
    private final List<Connection> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath();
        admin = connect("admin");
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            s.execute("CREATE TABLE acct (id INT PRIMARY KEY, balance INT)");
            s.execute("INSERT INTO acct VALUES (1, 100)");
        }
        try (PreparedStatement ps = admin.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 0; i < 400; i++) {
                ps.setInt(1, i);
                ps.setInt(2, i % 7);
                ps.executeUpdate();
            }
        }
        engine = admin.unwrap(SqlEngine.class);
        manager = new ResourceManager(5);
        engine.addAdmissionController(manager.controllerFor("db"));
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        engine.removeAdmissionController(manager.controllerFor("db"));
        manager.close();
        for (Connection c : opened) {
            c.close();
        }
        admin.close();
    }

    private Connection connect(String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        Connection c = DriverManager.getConnection(url, p);
        opened.add(c);
        return c;
    }

    private void group(String... keyValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        manager.putGroup(ResourceGroup.parse(props, null));
    }

    private ResourceManager.GroupStats stats(String group) {
        return manager.stats().stream().filter(s -> s.group().name().equals(group)).findFirst().orElseThrow();
    }

    /** Several seconds of CPU: a three-way join of 400 rows (64 million combinations). */
    private static final String CPU_HEAVY = "SELECT count(*) FROM t a, t b, t c WHERE a.v + b.v + c.v >= 0";

    @Test
    void cpuHeavyQueryIsTerminatedAtTheGroupsCpuLimit() throws Exception {
        group("name", "batch", "users", "reporter", "cpu.per.statement.ms", "100");
        Connection c = connect("reporter");
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeQuery(CPU_HEAVY).next());
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("admission controller resource manager")
                && e.getMessage().contains("resource group 'batch' limits CPU time per statement to 100 ms"), e.getMessage());
        assertTrue(tookMillis < 5_000, "terminated after " + tookMillis + " ms");
        assertEquals(1, stats("batch").terminated());
        // the session stays usable and cheap statements pass
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertEquals(400, rs.getInt(1));
        }
        // a user outside the group runs the same query past 100 ms of CPU untouched
        Connection free = connect("analyst");
        try (ResultSet rs = free.createStatement().executeQuery("SELECT count(*) FROM t a, t b WHERE a.v + b.v >= 0")) {
            rs.next();
            assertEquals(160_000, rs.getInt(1));
        }
        assertEquals(1, stats("batch").terminated());
        assertTrue(stats("batch").cpuNanos() >= 100_000_000L, "cpu " + stats("batch").cpuNanos());
    }

    @Test
    void cpuLimitWithAllowPolicyOnlyLogs() throws Exception {
        group("name", "batch", "users", "reporter", "cpu.per.statement.ms", "20", "cpu.policy", "allow");
        Connection c = connect("reporter");
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t a, t b, t c WHERE a.id < 40 AND a.v + b.v + c.v >= 0")) {
            rs.next();
            assertEquals(40 * 400 * 400, rs.getInt(1));
        }
        assertEquals(0, stats("batch").terminated());
        assertEquals(1, stats("batch").overLimit());
    }

    @Test
    void statementTimeoutTerminatesALongStatement() throws Exception {
        group("name", "oltp", "users", "clerk", "statement.timeout.ms", "200");
        Connection clerk = connect("clerk");
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> clerk.createStatement().executeQuery(CPU_HEAVY).next());
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("resource group 'oltp' limits statements to 200 ms (statement.timeout.ms)"),
                e.getMessage());
        assertTrue(tookMillis >= 200 && tookMillis < 5_000, "terminated after " + tookMillis + " ms");
        assertEquals(1, stats("oltp").terminated());
    }

    @Test
    void groupOfTwoConcurrentStatementsQueuesTheThirdAndRejectsAfterTheQueueWait() throws Exception {
        group("name", "batch", "users", "loader", "max.concurrent.statements", "2", "max.queue.wait.ms", "300");
        Blocked running = occupySlots(2); // two loaders take both slots
        // the third waits its 300 ms in the queue, then is rejected
        Connection third = connect("loader");
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> third.createStatement().executeQuery("SELECT count(*) FROM t"));
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("53000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("resource group 'batch' allows at most 2 concurrent statements")
                && e.getMessage().contains("waited 300 ms"), e.getMessage());
        assertTrue(waited >= 290, "rejected after " + waited + " ms");
        // now the queue with a long wait: the third is queued, and runs once a slot frees
        group("name", "batch", "users", "loader", "max.concurrent.statements", "2", "max.queue.wait.ms", "20000");
        Future<Integer> queued = pool.submit(() -> {
            try (ResultSet rs = third.createStatement().executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        waitFor(() -> stats("batch").queuedStatements() == 1);
        Thread.sleep(100);
        assertTrue(!queued.isDone(), "the third statement must wait while two run");
        running.release(); // the lock goes, both loaders finish, the queued statement gets a slot
        assertEquals(400, queued.get(30, TimeUnit.SECONDS));
        ResourceManager.GroupStats s = stats("batch");
        assertEquals(2, s.queuedTotal());
        assertEquals(1, s.rejected());
        assertEquals(0, s.activeStatements());
    }

    @Test
    void aQueuedStatementShowsItsWaitEventAndStatementCancelEndsItPromptly() throws Exception {
        group("name", "batch", "users", "loader", "max.concurrent.statements", "1", "max.queue.wait.ms", "60000");
        Blocked running = occupySlots(1);
        Connection second = connect("loader");
        Statement st = second.createStatement();
        Future<SQLException> queued = pool.submit(() -> assertThrows(SQLException.class,
                () -> st.executeQuery("SELECT count(*) FROM t")));
        waitFor(() -> stats("batch").queuedStatements() == 1);
        try (ResultSet rs = admin.createStatement().executeQuery(
                "SELECT wait_class FROM v$session WHERE username = 'loader' AND wait_event = 'resmgr: queued'")) {
            assertTrue(rs.next(), "the queued statement shows wait event 'resmgr: queued' in v$session");
            assertEquals("SCHEDULER", rs.getString(1));
        }
        long t0 = System.nanoTime();
        st.cancel();
        SQLException e = queued.get(10, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(tookMillis < 2_000, "cancelled after " + tookMillis + " ms");
        ResourceManager.GroupStats s = stats("batch");
        assertEquals(0, s.queuedStatements());
        assertEquals(1, s.activeStatements(), "the cancelled statement took no slot");
        assertEquals(0, s.rejected(), "a cancel is not a rejection");
        running.release();
        // the slot accounting survived: the session runs again, and the group is idle afterwards
        try (ResultSet rs = second.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertEquals(400, rs.getInt(1));
        }
        assertEquals(0, stats("batch").activeStatements());
    }

    /** A table of 2^doublings rows (id, v) for memory and I/O tests. */
    private void bigTable(int doublings) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE big (id INT PRIMARY KEY, v INT, pad VARCHAR(100))");
            s.execute("INSERT INTO big VALUES (1, 1, 'row padding to spread the table over more pages')");
            for (int i = 0; i < doublings; i++) {
                s.execute("INSERT INTO big SELECT id + (SELECT max(id) FROM big), id % 13, pad FROM big");
            }
        }
    }

    /** Sorts every row of big: the sort holds them all (about 180 bytes each by the engine's estimate). */
    private static final String BIG_SORT = "SELECT id, v, pad FROM big ORDER BY v, id DESC";

    @Test
    void aSortOverTheGroupsMemoryLimitIsTerminated() throws Exception {
        bigTable(15); // 32,768 rows: several MB in the sort
        group("name", "small", "users", "sorter", "memory.per.statement.mb", "1");
        Connection sorter = connect("sorter");
        SQLException e = assertThrows(SQLException.class, () -> {
            try (ResultSet rs = sorter.createStatement().executeQuery(BIG_SORT)) {
                while (rs.next()) {
                    // drain
                }
            }
        });
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("resource group 'small' limits memory per statement to 1 MB "
                + "(memory.per.statement.mb); the statement held about"), e.getMessage());
        assertEquals(1, stats("small").terminated());
        // under the limit it runs: the same sort over fewer rows, and the whole sort for a user outside the group
        try (ResultSet rs = sorter.createStatement().executeQuery("SELECT id FROM big WHERE id <= 2000 ORDER BY v")) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            assertEquals(2000, n);
        }
        try (ResultSet rs = connect("analyst").createStatement().executeQuery(BIG_SORT)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            assertEquals(32_768, n);
        }
        // allow: runs to the end, logged and counted once
        group("name", "small", "users", "sorter", "memory.per.statement.mb", "1", "memory.policy", "allow");
        try (ResultSet rs = sorter.createStatement().executeQuery(BIG_SORT)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            assertEquals(32_768, n);
        }
        assertEquals(1, stats("small").overLimit());
        assertEquals(1, stats("small").terminated());
    }

    /** The pages (buffer pool hits and data file reads) one statement touches, from the engine's own statement events. */
    private long pagesOf(Connection c, String sql) throws Exception {
        List<io.cairn.sql.instrument.StatementEnd> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.cairn.sql.instrument.StatementListener l = new io.cairn.sql.instrument.StatementListener() {
            @Override
            public void statementEnded(io.cairn.sql.instrument.StatementEnd end) {
                if (end.text().equals(sql)) {
                    ends.add(end);
                }
            }
        };
        engine.addStatementListener(l);
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
        } finally {
            engine.removeStatementListener(l);
        }
        return ends.get(0).pagesRead() + ends.get(0).pagesHit();
    }

    private static final String BIG_SCAN = "SELECT count(*) FROM big WHERE v >= 0";

    @Test
    void anIoRateLimitThrottlesAScanToTheRateAndItFinishes() throws Exception {
        bigTable(14); // 16,384 rows over many pages
        long pages = pagesOf(connect("analyst"), BIG_SCAN);
        assertTrue(pages > 100, "the scan touches " + pages + " pages");
        long rate = Math.max(1, pages); // the whole scan should take at least about a second
        group("name", "slow", "users", "scanner", "io.pages.per.second", String.valueOf(rate));
        Connection scanner = connect("scanner");
        long t0 = System.nanoTime();
        try (ResultSet rs = scanner.createStatement().executeQuery(BIG_SCAN)) {
            rs.next();
            assertEquals(16_384, rs.getInt(1));
        }
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        // slowed to about pages/rate = 1 s; the pages after the last check point (256 rows) are not held back
        assertTrue(tookMillis >= 700, "a throttled scan of " + pages + " pages at " + rate + " pages/s took " + tookMillis + " ms");
        assertTrue(tookMillis < 30_000, "it finishes");
        assertEquals(1, stats("slow").throttled());
        assertEquals(0, stats("slow").terminated());
        // the throttle is a wait event the statement's own figures show
        long[] throttledNanos = {-1};
        io.cairn.sql.instrument.StatementListener l = new io.cairn.sql.instrument.StatementListener() {
            @Override
            public void statementEnded(io.cairn.sql.instrument.StatementEnd end) {
                if (end.text().equals(BIG_SCAN)) {
                    throttledNanos[0] = end.waitNanosByEvent().getOrDefault("resmgr: throttled", 0L);
                }
            }
        };
        engine.addStatementListener(l);
        scanner.createStatement().executeQuery(BIG_SCAN).close();
        engine.removeStatementListener(l);
        assertTrue(throttledNanos[0] >= 500_000_000L, "throttled " + throttledNanos[0] + " ns");
    }

    @Test
    void anIoRateLimitWithTerminatePolicyCancelsAFastScan() throws Exception {
        bigTable(14);
        long pages = pagesOf(connect("analyst"), BIG_SCAN);
        group("name", "slow", "users", "scanner", "io.pages.per.second", String.valueOf(Math.max(1, pages / 20)),
                "io.policy", "terminate");
        SQLException e = assertThrows(SQLException.class,
                () -> connect("scanner").createStatement().executeQuery(BIG_SCAN).next());
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("pages per second (io.pages.per.second)"), e.getMessage());
        assertEquals(1, stats("slow").terminated());
        assertEquals(0, stats("slow").throttled());
    }

    @Test
    void rejectPolicyRefusesTheThirdStatementAtOnce() throws Exception {
        group("name", "batch", "users", "loader", "max.concurrent.statements", "1", "concurrency.policy", "reject");
        Blocked running = occupySlots(1);
        Connection second = connect("loader");
        SQLException e = assertThrows(SQLException.class, () -> second.createStatement().executeQuery("SELECT 1"));
        assertEquals("53000", e.getSQLState());
        assertTrue(e.getMessage().contains("allows at most 1 concurrent statements"), e.getMessage());
        running.release();
    }

    @Test
    void concurrencyAllowPolicyOnlyLogs() throws Exception {
        group("name", "batch", "users", "loader", "max.concurrent.statements", "1", "concurrency.policy", "allow");
        Blocked running = occupySlots(1);
        try (ResultSet rs = connect("loader").createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertEquals(400, rs.getInt(1));
        }
        assertEquals(1, stats("batch").overLimit());
        running.release();
    }

    @Test
    void maxSessionsRejectsTheNextConnectionWith53300() throws Exception {
        group("name", "web", "users", "app", "max.sessions", "2");
        Connection a = connect("app");
        connect("app");
        SQLException e = assertThrows(SQLException.class, () -> connect("app"));
        assertEquals("53300", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("resource group 'web' allows at most 2 sessions"), e.getMessage());
        connect("other"); // not in the group
        a.close();
        connect("app").createStatement().executeQuery("SELECT 1").close(); // a closed session frees its place
        assertEquals(2, stats("web").sessions());
        assertEquals(1, stats("web").rejected());
    }

    @Test
    void maxSessionsWithAllowPolicyOnlyLogs() throws Exception {
        group("name", "web", "users", "app", "max.sessions", "1", "sessions.policy", "allow");
        connect("app");
        connect("app").createStatement().executeQuery("SELECT 1").close();
        assertEquals(2, stats("web").sessions());
        assertEquals(1, stats("web").overLimit());
    }

    @Test
    void defaultGroupGovernsUnlistedUsersAndCountsCpu() throws Exception {
        group("name", "others", "default", "true", "max.sessions", "100", "cpu.per.statement.ms", "60000");
        group("name", "batch", "users", "loader");
        connect("someone").createStatement().executeQuery("SELECT count(*) FROM t a, t b WHERE a.v = b.v").close();
        assertEquals("others", manager.groupOf("db", "someone").name());
        assertEquals("batch", manager.groupOf("db", "LOADER").name());
        assertTrue(stats("others").ended() >= 1);
        assertTrue(stats("others").cpuNanos() > 0);
        assertEquals(0, stats("batch").cpuNanos(), "no CPU limit: its CPU clock is not read");
        manager.removeGroup("others");
        assertEquals(null, manager.groupOf("db", "someone"));
    }

    @Test
    void perUserQuotasRejectSessionsAndStatementsOfThatUserOnly() throws Exception {
        group("name", "shared", "users", "ann,bob", "user.max.sessions", "1", "user.statements.per.hour", "3");
        Connection ann = connect("ann");
        SQLException e = assertThrows(SQLException.class, () -> connect("ann"));
        assertEquals("53300", e.getSQLState());
        assertTrue(e.getMessage().contains("allows each user at most 1 sessions (user.max.sessions) and user 'ann' has 1 open"),
                e.getMessage());
        Connection bob = connect("bob");
        for (int i = 0; i < 3; i++) {
            ann.createStatement().executeQuery("SELECT count(*) FROM t").close();
        }
        try (Statement st = ann.createStatement()) { // transaction control and settings are not counted
            st.execute("BEGIN");
            st.execute("COMMIT");
            st.execute("SET application_name = 'quota test'");
            st.execute("SHOW application_name");
        }
        e = assertThrows(SQLException.class, () -> ann.createStatement().executeQuery("SELECT count(*) FROM t"));
        assertEquals("53000", e.getSQLState());
        assertTrue(e.getMessage().contains("allows each user 3 statements per hour (user.statements.per.hour)"), e.getMessage());
        bob.createStatement().executeQuery("SELECT count(*) FROM t").close();
        ann.close();
        connect("ann").close(); // the closed session gave its place back
        assertEquals(2, stats("shared").rejected());
    }

    @Test
    void aUsersStatementQuotaCountsEachBatchEntryAndEndsTheBatchAtTheFirstEntryOver() throws Exception {
        group("name", "shared", "users", "ann", "user.statements.per.hour", "3");
        Connection ann = connect("ann");
        ann.setAutoCommit(false); // a prepared batch in a transaction: one engine call, still one statement per entry
        try (PreparedStatement ps = ann.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 1000; i < 1005; i++) {
                ps.setInt(1, i);
                ps.setInt(2, 0);
                ps.addBatch();
            }
            long lookups = engine.planCacheHits() + engine.planCacheMisses();
            java.sql.BatchUpdateException e = assertThrows(java.sql.BatchUpdateException.class, ps::executeBatch);
            assertEquals(1, engine.planCacheHits() + engine.planCacheMisses() - lookups, "one engine call");
            assertEquals("53000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("allows each user 3 statements per hour"), e.getMessage());
            assertEquals(3, e.getUpdateCounts().length, "the entries before the one over the quota ran");
        }
        ann.commit();
        try (ResultSet rs = admin.createStatement().executeQuery("SELECT count(*) FROM t WHERE id >= 1000")) {
            assertTrue(rs.next());
            assertEquals(3, rs.getInt(1));
        }
        assertEquals(1, stats("shared").rejected());
    }

    /** Statements of group batch's user loader, holding slots while they wait for the row lock the admin holds. */
    private record Blocked(Connection holder, List<Future<Integer>> updates) {
        void release() throws Exception {
            holder.commit();
            for (Future<Integer> f : updates) {
                assertEquals(1, f.get(30, TimeUnit.SECONDS));
            }
        }
    }

    private Blocked occupySlots(int n) throws Exception {
        Connection holder = connect("admin");
        holder.setAutoCommit(false);
        holder.createStatement().executeUpdate("UPDATE acct SET balance = 1 WHERE id = 1");
        List<Future<Integer>> updates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection c = connect("loader");
            updates.add(pool.submit(() -> c.createStatement().executeUpdate("UPDATE acct SET balance = 2 WHERE id = 1")));
        }
        waitFor(() -> stats("batch").activeStatements() == n);
        return new Blocked(holder, updates);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
