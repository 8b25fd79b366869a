package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * CREATE INDEX, DROP INDEX and REINDEX while three other connections insert, update and delete:
 * in every snapshot, before and after the writers stop, index scans and index-only scans return
 * exactly what full scans return.
 */
class CreateIndexUnderWritersJdbcTest {

    private static final String URL = "jdbc:cairn:mem:create-index-writers";
    private static final int WRITERS = 3;
    private static final int KEYS = 40_000;
    /** Errors a writer may meet and retry: a definition changed under it, a key taken, a lock wait timed out. */
    private static final Set<String> RETRIED = Set.of("40001", "23505", "55P03");
    private static final String[] PREDICATES = {"k = 3", "k = 0", "k < 4", "k >= 45", "k BETWEEN 10 AND 14",
        "k IN (1, 7, 30)", "k IS NULL", "k > 1000"};

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** Compares, inside one snapshot, the index's answers with a full scan's for every predicate. */
    private static void assertIndexMatchesTable(Connection c, String index) throws SQLException {
        for (String p : PREDICATES) {
            String full = "SELECT id, v FROM t WHERE " + p.replace("k", "(k + 0)") + " ORDER BY id";
            String indexOnly = "SELECT id FROM t WHERE " + p + " ORDER BY id";
            String fetching = "SELECT id, v FROM t WHERE " + p + " ORDER BY id";
            if (!p.contains("NULL") && !p.contains("1000")) {
                String plan = String.join("\n", rows(c, "EXPLAIN " + indexOnly));
                assertTrue(plan.contains("Index Only Scan using " + index), () -> p + ": " + plan);
            }
            List<String> expected = rows(c, full);
            assertEquals(expected, rows(c, fetching), "index scan of " + index + ", " + p);
            List<String> ids = new ArrayList<>();
            for (String r : expected) {
                ids.add(r.substring(0, r.indexOf('|')));
            }
            assertEquals(ids, rows(c, indexOnly), "index-only scan of " + index + ", " + p);
        }
        assertEquals(rows(c, "SELECT count(*) FROM t WHERE (id + 0) IS NOT NULL"), rows(c, "SELECT count(*) FROM t"));
    }

    private static void checkInOneSnapshot(String index) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL + ";isolation=SNAPSHOT")) {
            c.setAutoCommit(false);
            assertIndexMatchesTable(c, index);
            c.commit();
        }
    }

    @Test
    void indexesBuiltUnderConcurrentWritersMatchTheTableInEverySnapshot() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (Connection admin = DriverManager.getConnection(URL); Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, k INT, v VARCHAR(20))");
            s.executeUpdate("INSERT INTO t VALUES (1, 1, 'v1')");
            for (int i = 0; i < 14; i++) { // 16,384 rows
                s.executeUpdate("INSERT INTO t SELECT id + (SELECT max(id) FROM t), MOD(id * 7, 50), 'v' || id FROM t");
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long seed = 77 + w;
                writers.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    try (Connection c = DriverManager.getConnection(URL);
                            PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)");
                            PreparedStatement upd = c.prepareStatement("UPDATE t SET k = ? WHERE id = ?");
                            PreparedStatement del = c.prepareStatement("DELETE FROM t WHERE id = ?")) {
                        while (!stop.get()) {
                            int id = 1 + rnd.nextInt(KEYS);
                            try {
                                switch (rnd.nextInt(4)) {
                                    case 0 -> {
                                        ins.setInt(1, id);
                                        ins.setInt(2, rnd.nextInt(50));
                                        ins.setString(3, "w" + seed);
                                        ins.executeUpdate();
                                    }
                                    case 1, 2 -> {
                                        if (rnd.nextInt(5) == 0) {
                                            upd.setNull(1, java.sql.Types.INTEGER);
                                        } else {
                                            upd.setInt(1, rnd.nextInt(50));
                                        }
                                        upd.setInt(2, id);
                                        upd.executeUpdate();
                                    }
                                    default -> {
                                        del.setInt(1, id);
                                        del.executeUpdate();
                                    }
                                }
                                done.incrementAndGet();
                            } catch (SQLException e) {
                                if (!RETRIED.contains(e.getSQLState())) {
                                    failures.add(e.getSQLState() + " " + e.getMessage());
                                }
                            }
                        }
                    } catch (SQLException e) {
                        failures.add(e.getSQLState() + " " + e.getMessage());
                    }
                    return null;
                }));
            }
            waitForProgress(done, 200);
            s.execute("CREATE INDEX t_k ON t (k)");
            waitForProgress(done, 200);
            checkInOneSnapshot("t_k");
            s.execute("REINDEX INDEX t_k");
            waitForProgress(done, 200);
            checkInOneSnapshot("t_k");
            s.execute("DROP INDEX t_k");
            // a SNAPSHOT transaction builds from the newest rows too, however old its snapshot
            try (Connection si = DriverManager.getConnection(URL + ";isolation=SNAPSHOT");
                    Statement ss = si.createStatement()) {
                si.setAutoCommit(false);
                rows(si, "SELECT count(*) FROM t");
                waitForProgress(done, 200);
                ss.execute("CREATE INDEX t_k ON t (k)");
                si.commit();
            }
            waitForProgress(done, 200);
            checkInOneSnapshot("t_k");
            s.execute("DROP INDEX t_k");
            admin.setAutoCommit(false);
            s.execute("CREATE INDEX t_kv ON t (k, v)");
            s.execute("UPDATE t SET k = 3 WHERE id = 5");
            admin.commit();
            admin.setAutoCommit(true);
            waitForProgress(done, 200);
            checkInOneSnapshot("t_kv");
            stop.set(true);
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), List.copyOf(failures));
            checkInOneSnapshot("t_kv");
            assertIndexMatchesTable(admin, "t_kv");
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    private static void waitForProgress(AtomicLong done, int ops) throws InterruptedException {
        long target = done.get() + ops;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (done.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(done.get() >= target, "writers made no progress");
    }
}
