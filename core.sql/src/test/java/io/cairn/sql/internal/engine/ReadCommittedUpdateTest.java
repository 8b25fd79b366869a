package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;

/**
 * UPDATE and DELETE under READ COMMITTED lock each target row, re-read its newest committed
 * version and re-check the WHERE on it (CATALOG.md, "Concurrent UPDATE and DELETE"): no update is
 * lost, and a row a concurrent commit changed so it no longer matches is left alone. SNAPSHOT still
 * fails such a statement with 40001.
 */
class ReadCommittedUpdateTest {

    private static final Set<String> RETRY = Set.of("40P01", "55P03");

    private DatabaseEngine db;
    private ExecutorService pool;

    @BeforeEach
    void open() {
        db = new DatabaseEngine();
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        db.close();
    }

    private long value(String sql) throws SqlException {
        return ((Number) db.query(sql).get(0)[0]).longValue();
    }

    private long update(Session s, String sql, Object... args) throws SqlException {
        return db.engine.execute(s, sql, args).updateCount();
    }

    @Test
    void concurrentAutocommitIncrementsOfOneRowAreAllKept() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL, tag INT)");
        db.execute("CREATE UNIQUE INDEX c_v ON c (v)");
        db.execute("CREATE INDEX c_tag ON c (tag)");
        db.execute("INSERT INTO c VALUES (1, 0, 7)");
        int threads = 4;
        int increments = 100;
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                try (Session s = db.manager.openSession("inc" + id, "rc")) {
                    for (int i = 0; i < increments; i++) {
                        assertEquals(1, update(s, "UPDATE c SET v = v + 1 WHERE id = 1"));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertEquals(threads * increments, value("SELECT v FROM c WHERE id = 1"));
        // every index entry of a replaced version went: the old values are free again in the unique index
        assertEquals(1, value("SELECT count(*) FROM c WHERE v = " + threads * increments));
        assertEquals(0, value("SELECT count(*) FROM c WHERE v < " + threads * increments));
        assertEquals(1, value("SELECT count(*) FROM c WHERE tag = 7"));
        db.execute("INSERT INTO c VALUES (2, 1, 7), (3, 200, 7), (4, 399, 7)");
        assertEquals(4, value("SELECT count(*) FROM c WHERE tag = 7"));
    }

    @Test
    void concurrentTransactionsOfSeveralUpdatesAreAllKept() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO c VALUES (1, 0), (2, 0)");
        int threads = 4;
        int blocks = 40;
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                try (Session s = db.manager.openSession("tx" + id, "rc")) {
                    for (int i = 0; i < blocks; i++) {
                        db.engine.execute(s, "BEGIN");
                        assertEquals(1, update(s, "UPDATE c SET v = v + 1 WHERE id = 1"));
                        assertEquals(1, update(s, "UPDATE c SET v = v + 2 WHERE id = 2"));
                        assertEquals(1, update(s, "UPDATE c SET v = v + 1 WHERE id = 1"));
                        db.engine.execute(s, "COMMIT");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertEquals(2L * threads * blocks, value("SELECT v FROM c WHERE id = 1"));
        assertEquals(2L * threads * blocks, value("SELECT v FROM c WHERE id = 2"));
    }

    /** Runs {@code sql} in {@code s} on another thread; asserts it is still waiting for a row lock. */
    private Future<Long> blocked(Session s, String sql, Object... args) throws Exception {
        Future<Long> f = pool.submit(() -> update(s, sql, args));
        Thread.sleep(300);
        assertFalse(f.isDone(), "the statement should wait for the row lock");
        return f;
    }

    /**
     * Runs {@code first} (changing rows) in a block of {@code a}, then {@code second} in
     * {@code b} with {@code args}, which must wait for a's row lock; commits a and returns the rows
     * second changed.
     */
    private long afterConcurrentCommit(Session a, String first, Session b, String second, Object... args)
            throws Exception {
        db.engine.execute(a, "BEGIN");
        assertTrue(update(a, first) > 0);
        Future<Long> f = blocked(b, second, args);
        db.engine.execute(a, "COMMIT");
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anUpdateSkipsARowAConcurrentCommitMadeNoLongerMatch() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO c VALUES (1, 0), (2, 0)");
        try (Session a = db.manager.openSession("a", "rc"); Session b = db.manager.openSession("b", "rc")) {
            assertEquals(0, afterConcurrentCommit(a, "UPDATE c SET v = 10", b, "UPDATE c SET v = v + 1 WHERE v = 0"));
            assertEquals(20, value("SELECT sum(v) FROM c"));

            assertEquals(2, afterConcurrentCommit(a, "UPDATE c SET v = 20 WHERE id = 1",
                    b, "UPDATE c SET v = v + 1 WHERE v >= 10"));
            // the SET is computed from the new version: 20 + 1, not 10 + 1
            assertEquals(21, value("SELECT v FROM c WHERE id = 1"));
            assertEquals(11, value("SELECT v FROM c WHERE id = 2"));

            // the same with parameters, which the re-check binds as the first evaluation did
            String guarded = "UPDATE c SET v = v + ? WHERE id = ? AND v < ?";
            assertEquals(0, afterConcurrentCommit(a, "UPDATE c SET v = 30 WHERE id = 1", b, guarded, 100, 1, 25));
            assertEquals(30, value("SELECT v FROM c WHERE id = 1"));
            assertEquals(1, update(a, "UPDATE c SET v = 21 WHERE id = 1"));
            assertEquals(1, afterConcurrentCommit(a, "UPDATE c SET v = 22 WHERE id = 1", b, guarded, 100, 1, 25));
            assertEquals(122, value("SELECT v FROM c WHERE id = 1"));
        }
    }

    @Test
    void subqueriesInWhereAndSetAreEvaluatedAgainForTheNewVersion() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("CREATE TABLE lim (x INT)");
        db.execute("INSERT INTO c VALUES (1, 0), (2, 0)");
        db.execute("INSERT INTO lim VALUES (50)");
        try (Session a = db.manager.openSession("a", "rc"); Session b = db.manager.openSession("b", "rc")) {
            // row 2 only: row 1 is now 100
            assertEquals(1, afterConcurrentCommit(a, "UPDATE c SET v = 100 WHERE id = 1",
                    b, "UPDATE c SET v = v + (SELECT x FROM lim) WHERE v < (SELECT x FROM lim WHERE x > 0)"));
            assertEquals(100, value("SELECT v FROM c WHERE id = 1"));
            assertEquals(50, value("SELECT v FROM c WHERE id = 2"));

            assertEquals(1, update(a, "UPDATE c SET v = 10 WHERE id = 2"));
            // read 10, newest 20 still matches: 20 + 50
            assertEquals(1, afterConcurrentCommit(a, "UPDATE c SET v = 20 WHERE id = 2",
                    b, "UPDATE c SET v = v + (SELECT x FROM lim) WHERE v < (SELECT x FROM lim)"));
            assertEquals(70, value("SELECT v FROM c WHERE id = 2"));
        }
    }

    @Test
    void deleteAndUpdateRaces() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("CREATE INDEX c_v ON c (v)");
        db.execute("INSERT INTO c VALUES (1, 0), (2, 0), (3, 0)");
        try (Session a = db.manager.openSession("a", "rc"); Session b = db.manager.openSession("b", "rc")) {
            // a deleted row is skipped by an UPDATE
            assertEquals(0, afterConcurrentCommit(a, "DELETE FROM c WHERE id = 1",
                    b, "UPDATE c SET v = v + 1 WHERE id = 1"));
            assertEquals(0, value("SELECT count(*) FROM c WHERE id = 1"));

            // a DELETE whose WHERE no longer matches the updated row 2 leaves it (and deletes row 3)
            assertEquals(1, afterConcurrentCommit(a, "UPDATE c SET v = 5 WHERE id = 2",
                    b, "DELETE FROM c WHERE v = 0"));
            assertEquals(5, value("SELECT v FROM c WHERE id = 2"));
            assertEquals(1, value("SELECT count(*) FROM c"));

            // a DELETE whose WHERE still matches deletes the new version, with its index entry
            assertEquals(1, afterConcurrentCommit(a, "UPDATE c SET v = 6 WHERE id = 2",
                    b, "DELETE FROM c WHERE id = 2"));
            assertEquals(0, value("SELECT count(*) FROM c"));
            assertEquals(0, value("SELECT count(*) FROM c WHERE v = 6"));
            assertEquals(0, value("SELECT count(*) FROM c WHERE v = 5"));

            // two DELETEs of one row: the second deletes nothing
            db.execute("INSERT INTO c VALUES (4, 0)");
            assertEquals(0, afterConcurrentCommit(a, "DELETE FROM c WHERE id = 4", b, "DELETE FROM c WHERE id = 4"));
        }
    }

    @Test
    void aRowWhosePrimaryKeyAConcurrentUpdateChangedIsSkipped() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO c VALUES (1, 0)");
        try (Session a = db.manager.openSession("a", "rc"); Session b = db.manager.openSession("b", "rc")) {
            assertEquals(0, afterConcurrentCommit(a, "UPDATE c SET id = 10 WHERE id = 1",
                    b, "UPDATE c SET v = v + 1 WHERE id = 1"));
            assertEquals(0, value("SELECT v FROM c WHERE id = 10"));

            // a key-changing UPDATE that waited computes the new key from the new version
            assertEquals(1, afterConcurrentCommit(a, "UPDATE c SET v = 3 WHERE id = 10",
                    b, "UPDATE c SET id = id + v WHERE id = 10"));
            assertEquals(3, value("SELECT v FROM c WHERE id = 13"));
            assertEquals(1, value("SELECT count(*) FROM c"));
        }
    }

    @Test
    void aConcurrentInsertOfTheNewKeyStillFailsTheUpdateWith23505() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO c VALUES (1, 0)");
        try (Session a = db.manager.openSession("a", "rc"); Session b = db.manager.openSession("b", "rc")) {
            db.engine.execute(a, "BEGIN");
            update(a, "INSERT INTO c VALUES (2, 0)");
            Future<Long> move = pool.submit(() -> update(b, "UPDATE c SET id = 2 WHERE id = 1"));
            Thread.sleep(300);
            assertFalse(move.isDone());
            db.engine.execute(a, "COMMIT");
            try {
                move.get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected 23505");
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals("23505", ((SqlException) e.getCause()).getSQLState());
            }
            assertEquals(2, value("SELECT count(*) FROM c"));
        }
    }

    @Test
    void guardedTransfersKeepTheTotalAndNoBalanceGoesNegative() throws Exception {
        int accounts = 6;
        int threads = 8;
        int transfers = 60;
        db.execute("CREATE TABLE acct (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
        for (int i = 0; i < accounts; i++) {
            db.execute("INSERT INTO acct VALUES (" + i + ", 100)");
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (Session s = db.manager.openSession("bank" + seed, "rc")) {
                    for (int i = 0; i < transfers; i++) {
                        int from = random.nextInt(accounts);
                        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                        int amount = 1 + random.nextInt(60);
                        while (true) {
                            try {
                                db.engine.execute(s, "BEGIN");
                                if (update(s, "UPDATE acct SET balance = balance - ? WHERE id = ? AND balance >= ?",
                                        amount, from, amount) == 1) {
                                    assertEquals(1, update(s, "UPDATE acct SET balance = balance + ? WHERE id = ?",
                                            amount, to));
                                }
                                db.engine.execute(s, "COMMIT");
                                break;
                            } catch (SqlException e) {
                                db.engine.execute(s, "ROLLBACK");
                                if (!RETRY.contains(e.getSQLState())) {
                                    throw e;
                                }
                            }
                        }
                        if (value(s, "SELECT min(balance) FROM acct") < 0) {
                            throw new AssertionError("negative balance");
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertEquals(100L * accounts, value("SELECT sum(balance) FROM acct"));
        assertTrue(value("SELECT min(balance) FROM acct") >= 0);
    }

    @Test
    void snapshotStillFailsAnUpdateOfAConcurrentlyChangedRowWith40001() throws Exception {
        db.execute("CREATE TABLE c (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO c VALUES (1, 0)");
        try (Session a = db.manager.openSession("a", "rc"); Session b = db.manager.openSession("b", "snap")) {
            db.engine.execute(b, "SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
            // the change committed after the snapshot was taken
            db.engine.execute(b, "BEGIN");
            assertEquals(0, value(b, "SELECT v FROM c WHERE id = 1"));
            assertEquals(1, update(a, "UPDATE c SET v = 1 WHERE id = 1"));
            SqlException e = org.junit.jupiter.api.Assertions.assertThrows(SqlException.class,
                    () -> update(b, "UPDATE c SET v = v + 1 WHERE id = 1"));
            assertEquals("40001", e.getSQLState());
            // the message names the table the user knows, not its storage tree
            assertTrue(e.getMessage().contains("a row of c was changed"), e.getMessage());
            assertFalse(e.getMessage().contains("sql.t"), e.getMessage());
            db.engine.execute(b, "ROLLBACK");

            // the change committed while the UPDATE waited for the row lock
            db.engine.execute(b, "BEGIN");
            assertEquals(1, value(b, "SELECT v FROM c WHERE id = 1"));
            db.engine.execute(a, "BEGIN");
            assertEquals(1, update(a, "UPDATE c SET v = 2 WHERE id = 1"));
            Future<Long> waiting = blocked(b, "UPDATE c SET v = v + 1 WHERE id = 1");
            db.engine.execute(a, "COMMIT");
            try {
                waiting.get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected 40001");
            } catch (java.util.concurrent.ExecutionException x) {
                assertEquals("40001", ((SqlException) x.getCause()).getSQLState());
            }
            db.engine.execute(b, "ROLLBACK");
            assertEquals(2, value("SELECT v FROM c WHERE id = 1"));
        }
    }

    private long value(Session s, String sql) throws SqlException {
        return ((Number) db.engine.execute(s, sql).rows().get(0)[0]).longValue();
    }
}
