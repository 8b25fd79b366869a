package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.storage.CheckpointMode;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * A statement (or SNAPSHOT transaction) whose catalog still names an index or table keeps using
 * its tree while another session drops it: the tree is dropped only once no reader's snapshot is
 * older than the drop, storage comes back to its baseline once the readers are gone, and a crash
 * while a drop is pending leaks no tree.
 */
class DropRaceTest {

    private Path dir;
    private Path crashed;
    private TransactionManagerImpl manager;
    private SqlEngine engine;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-sql-drop");
        crashed = Files.createTempDirectory("cairn-sql-drop-crash");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        Session s = manager.openSession("setup", "test");
        try (s) {
            engine.execute(s, "CREATE TABLE t (id INT PRIMARY KEY, k INT, v INT)");
            engine.execute(s, "CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(20))");
            StringBuilder rows = new StringBuilder("INSERT INTO t VALUES ");
            for (int i = 1; i <= 200; i++) {
                rows.append(i > 1 ? ", " : "").append('(').append(i).append(", ").append(i % 10).append(", ").append(i).append(')');
            }
            engine.execute(s, rows.toString());
            engine.execute(s, "INSERT INTO u VALUES (3, 'three'), (4, 'four')");
            engine.execute(s, "ANALYZE");
        }
    }

    @AfterEach
    void close() throws Exception {
        if (manager != null) {
            manager.close();
        }
        DatabaseEngine.deleteTree(dir);
        DatabaseEngine.deleteTree(crashed);
    }

    private Set<String> sqlTrees() {
        Set<String> out = new HashSet<>();
        for (String t : manager.tables()) {
            if (t.matches("sql\\.[ti][0-9]+")) {
                out.add(t);
            }
        }
        return out;
    }

    private static String one(SqlEngine e, Session s, String sql) throws SqlException {
        List<Object[]> rows = e.execute(s, sql).rows();
        return rows.size() == 1 && rows.get(0).length == 1 ? String.valueOf(rows.get(0)[0]) : rows.toString();
    }

    private String plan(Session s, String sql) throws SqlException {
        StringBuilder b = new StringBuilder();
        for (Object[] r : engine.execute(s, "EXPLAIN " + sql).rows()) {
            b.append(r[0]).append('\n');
        }
        return b.toString();
    }

    @Test
    void aSnapshotTransactionKeepsReadingAnIndexAndATableDroppedAfterItsSnapshot() throws Exception {
        Session reader = manager.openSession("reader", "test");
        Session ddl = manager.openSession("ddl", "test");
        try (reader; ddl) {
            engine.execute(ddl, "CREATE INDEX t_k ON t (k)");
            engine.execute(ddl, "CREATE TABLE x (a INT PRIMARY KEY, b INT)");
            engine.execute(ddl, "CREATE INDEX x_b ON x (b)");
            engine.execute(ddl, "INSERT INTO x VALUES (1, 10), (2, 20)");
            Set<String> before = sqlTrees();
            String q = "SELECT count(*) FROM t WHERE k = 3";
            assertTrue(plan(reader, q).contains("t_k"), plan(reader, q));
            engine.execute(reader, "SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
            engine.execute(reader, "BEGIN");
            assertEquals("20", one(engine, reader, q));
            assertEquals("1", one(engine, reader, "SELECT count(*) FROM x WHERE b = 20"));

            engine.execute(ddl, "DROP INDEX t_k");
            engine.execute(ddl, "DROP TABLE x");
            assertEquals(3, engine.pendingTreeDrops(), "t_k, x and x_b wait for the reader");
            assertEquals(before, sqlTrees());
            // a newer statement no longer sees them
            assertTrue(plan(ddl, q).contains("Seq Scan"), plan(ddl, q));

            // the reader's catalog still names them: its plans use the trees, which are still there
            assertTrue(plan(reader, q).contains("t_k"), plan(reader, q));
            assertEquals("20", one(engine, reader, q));
            assertEquals("1", one(engine, reader, "SELECT count(*) FROM x WHERE b = 20"));
            assertEquals("2", one(engine, reader, "SELECT count(*) FROM x JOIN t ON t.id = x.a"));

            // a crash now: the committed catalog names none of the pending trees
            manager.storage().checkpoint(CheckpointMode.FULL);
            copy(dir, crashed);

            engine.execute(reader, "COMMIT");
            assertEquals(0, engine.pendingTreeDrops());
            Set<String> after = sqlTrees();
            assertEquals(before.size() - 3, after.size(), after.toString());
            assertTrue(before.containsAll(after));
        }
        Set<String> expected = sqlTrees();
        manager.close();
        manager = DatabaseEngine.open(crashed);
        engine = new SqlEngine(manager);
        assertEquals(expected, sqlTrees(), "no tree leaked by the crash");
        Session s = manager.openSession("after", "test");
        try (s) {
            assertEquals("20", one(engine, s, "SELECT count(*) FROM t WHERE k = 3"));
            engine.execute(s, "CREATE INDEX t_k ON t (k)");
            assertEquals("20", one(engine, s, "SELECT count(*) FROM t WHERE k = 3"));
        }
    }

    @Test
    void aDropWaitsForAReadCommittedStatementOnlyWhileItsTransactionIsOpen() throws Exception {
        Session reader = manager.openSession("reader", "test");
        Session ddl = manager.openSession("ddl", "test");
        try (reader; ddl) {
            Set<String> baseline = sqlTrees();
            engine.execute(ddl, "CREATE INDEX t_k ON t (k)");
            engine.execute(reader, "BEGIN");
            assertEquals("20", one(engine, reader, "SELECT count(*) FROM t WHERE k = 3"));
            engine.execute(ddl, "DROP INDEX t_k");
            assertEquals(1, engine.pendingTreeDrops());
            // READ COMMITTED: the next statement sees the drop
            assertEquals("20", one(engine, reader, "SELECT count(*) FROM t WHERE k = 3"));
            engine.execute(reader, "ROLLBACK");
            assertEquals(0, engine.pendingTreeDrops());
            assertEquals(baseline, sqlTrees());
            // a rolled-back CREATE's tree goes at once when nobody reads
            engine.execute(ddl, "BEGIN");
            engine.execute(ddl, "CREATE INDEX t_v ON t (v)");
            engine.execute(ddl, "ROLLBACK");
            assertEquals(baseline, sqlTrees());
        }
    }

    @Test
    void readersNeverSeeADroppedTreeWhileIndexesAndTablesComeAndGo() throws Exception {
        Set<String> baseline = sqlTrees();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> readers = new ArrayList<>();
        String[][] checks = {
            {"SELECT count(*) FROM t WHERE k = 3", "20"},
            {"SELECT sum(v) FROM t WHERE k = 3", "1960"},
            {"SELECT count(k) FROM t WHERE k < 2", "40"},
            {"SELECT count(*) FROM t JOIN u ON t.k = u.id WHERE u.name = 'four'", "20"},
            {"SELECT max(v) FROM t WHERE k = 9 AND v < 100", "99"},
        };
        try {
            for (int r = 0; r < 3; r++) {
                int kind = r;
                readers.add(pool.submit(() -> {
                    Session s = manager.openSession("reader" + kind, "test");
                    try (s) {
                        if (kind == 1) {
                            engine.execute(s, "SET transaction_isolation = 'snapshot'");
                        }
                        int i = 0;
                        while (!stop.get()) {
                            boolean block = kind != 0;
                            if (block) {
                                engine.execute(s, "BEGIN");
                            }
                            String seenX = null;
                            for (int n = 0; n < (block ? 6 : 1); n++) {
                                for (String[] c : checks) {
                                    assertEquals(c[1], one(engine, s, c[0]), c[0]);
                                }
                                if (kind == 1) { // once seen, x stays readable in the same snapshot
                                    try {
                                        String x = one(engine, s, "SELECT count(*) FROM x WHERE b >= 0");
                                        assertTrue(seenX == null || seenX.equals(x), seenX + " then " + x);
                                        seenX = x;
                                    } catch (SqlException e) {
                                        if (seenX != null || !"42P01".equals(e.getSQLState())) {
                                            throw e;
                                        }
                                    }
                                }
                            }
                            if (block) {
                                engine.execute(s, "COMMIT");
                            }
                            i++;
                        }
                        return i;
                    } catch (Throwable t) {
                        failures.add(t);
                        throw t;
                    }
                }));
            }
            Session ddl = manager.openSession("ddl", "test");
            try (ddl) {
                for (int i = 0; i < 40 && failures.isEmpty(); i++) {
                    engine.execute(ddl, "CREATE INDEX t_k ON t (k)");
                    engine.execute(ddl, "CREATE INDEX t_kv ON t (k, v)");
                    engine.execute(ddl, "CREATE TABLE x (a INT PRIMARY KEY, b INT)");
                    engine.execute(ddl, "CREATE INDEX x_b ON x (b)");
                    engine.execute(ddl, "INSERT INTO x VALUES (1, 10), (2, 20)");
                    Thread.sleep(2);
                    engine.execute(ddl, "DROP INDEX t_k");
                    engine.execute(ddl, "DROP TABLE x");
                    Thread.sleep(1);
                    engine.execute(ddl, "DROP INDEX t_kv");
                }
            }
        } finally {
            stop.set(true);
            for (Future<?> f : readers) {
                try {
                    f.get(120, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // collected in failures
                }
            }
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("a reader failed: " + failures.peek(), failures.peek());
            throw e;
        }
        assertEquals(0, engine.pendingTreeDrops());
        assertEquals(baseline, sqlTrees(), "every dropped tree is reclaimed once the readers are gone");
        assertFalse(sqlTrees().isEmpty());
    }

    /**
     * The physical drop of a tree no committed catalog names fails (a lock timeout, an I/O error):
     * the DROP still succeeds for its client, the tree stays pending (not leaked until the next
     * open), the failure is counted in v$transaction_stats, and a later statement end drops it,
     * no sooner than the retry pause allows.
     */
    @Test
    void aFailedPhysicalDropIsCountedAndRetriedByALaterStatement() throws Exception {
        AtomicReference<RuntimeException> failNextDrop = new AtomicReference<>();
        TransactionManager failing = (TransactionManager) Proxy.newProxyInstance(TransactionManager.class.getClassLoader(),
                new Class<?>[] {TransactionManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("dropTable")) {
                        RuntimeException injected = failNextDrop.getAndSet(null);
                        if (injected != null) {
                            throw injected;
                        }
                    }
                    try {
                        return method.invoke(manager, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SqlEngine e = new SqlEngine(failing);
        e.dropRetryPauseNanos = 0;
        Set<String> baseline = sqlTrees();
        Session s = manager.openSession("ddl", "test");
        try (s) {
            e.execute(s, "CREATE INDEX t_k ON t (k)");
            Set<String> withIndex = sqlTrees();
            failNextDrop.set(new TransactionException(TransactionException.LOCK_NOT_AVAILABLE, "injected lock timeout"));
            e.execute(s, "DROP INDEX t_k");
            assertEquals(1, e.pendingTreeDrops(), "the tree stays pending");
            assertEquals(1, e.treeDropFailures());
            assertEquals(withIndex, sqlTrees(), "the tree is still there");
            // the view shows the failure; the statement's end retries the drop, which succeeds now
            List<Object[]> stats = e.execute(s, "SELECT pending_tree_drops, tree_drop_failures FROM v$transaction_stats").rows();
            assertEquals("[1, 1]", java.util.Arrays.toString(stats.get(0)));
            assertEquals(0, e.pendingTreeDrops());
            assertEquals(baseline, sqlTrees());

            // not a TransactionException: the DROP's client does not see it either
            e.execute(s, "CREATE INDEX t_v ON t (v)");
            failNextDrop.set(new IllegalStateException("injected I/O failure"));
            e.execute(s, "DROP INDEX t_v");
            assertEquals(1, e.pendingTreeDrops());
            assertEquals(2, e.treeDropFailures());
            assertEquals("20", one(e, s, "SELECT count(*) FROM t WHERE k = 3")); // retried at its end
            assertEquals(0, e.pendingTreeDrops());
            assertEquals(baseline, sqlTrees());

            // a failure pauses the retries: statements ending before the pause do not try again
            e.dropRetryPauseNanos = TimeUnit.HOURS.toNanos(1);
            e.execute(s, "CREATE INDEX t_v ON t (v)");
            failNextDrop.set(new TransactionException(TransactionException.LOCK_NOT_AVAILABLE, "injected lock timeout"));
            e.execute(s, "DROP INDEX t_v");
            assertEquals("20", one(e, s, "SELECT count(*) FROM t WHERE k = 3"));
            assertEquals(1, e.pendingTreeDrops());
            assertEquals(3, e.treeDropFailures());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
