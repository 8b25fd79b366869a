package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.TransactionManager;

/**
 * A prepared INSERT, UPDATE or DELETE batch inside a transaction runs as one engine call
 * (SqlEngine.executeBatch), with the JDBC semantics of one statement per entry: per-entry update
 * counts, a failed entry undone alone (the entries before it stay in the transaction, which goes
 * on), BatchUpdateException with the counts of the entries that ran, cancel and query timeout
 * ending the entry that waits. Autocommit batches and statements with subqueries run entry by
 * entry, with the same results. With listeners and controllers: PreparedBatchInstrumentationTest.
 */
class PreparedBatchTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private String url;
    private Connection admin;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:cairn:mem:prepared-batch-" + DATABASES.incrementAndGet();
        admin = DriverManager.getConnection(url);
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, u INT, v VARCHAR(10) NOT NULL, CHECK (u >= 0))");
            s.executeUpdate("CREATE UNIQUE INDEX t_u ON t (u)");
        }
        c = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
        admin.close();
    }

    private static void add(PreparedStatement p, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            p.setObject(i + 1, values[i]);
        }
        p.addBatch();
    }

    /** The committed rows of t, as "id:u:v", in key order (read by another connection). */
    private List<String> committed() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT id, u, v FROM t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + ":" + rs.getObject(2) + ":" + rs.getString(3));
            }
        }
        return rows;
    }

    private BatchUpdateException failedBatch(PreparedStatement p, String sqlState) {
        BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
        assertEquals(sqlState, e.getSQLState(), e.getMessage());
        return e;
    }

    @Test
    void aDuplicateKeyInTheMiddleUndoesOnlyThatEntryAndTheTransactionGoesOn() throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
            add(p, 1, 10, "a");
            add(p, 2, 20, "b");
            assertArrayEquals(new int[] {1, 1}, p.executeBatch());
            add(p, 3, 30, "c");
            add(p, 4, 40, "d");
            add(p, 2, 50, "dup"); // primary key 2 exists (this transaction's own row)
            add(p, 5, 60, "never run");
            SqlEngine engine = c.unwrap(SqlEngine.class);
            long planLookups = engine.planCacheHits() + engine.planCacheMisses();
            BatchUpdateException e = failedBatch(p, "23505");
            assertTrue(engine.planCacheHits() + engine.planCacheMisses() - planLookups <= 1,
                    "the batch ran as one engine call, taking its plan once");
            assertArrayEquals(new int[] {1, 1}, e.getUpdateCounts());
            assertTrue(e.getMessage().contains("batch entry 2"), e.getMessage());
            // the transaction is not aborted: more work, then commit
            add(p, 6, 70, "f");
            assertArrayEquals(new int[] {1}, p.executeBatch());
        }
        assertEquals(List.of(), committed(), "nothing is committed before commit()");
        c.commit();
        assertEquals(List.of("1:10:a", "2:20:b", "3:30:c", "4:40:d", "6:70:f"), committed());
    }

    @Test
    void aUniqueIndexViolationUndoesTheEntrysRowAndItsIndexEntries() throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
            add(p, 1, 10, "a");
            add(p, 2, 20, "b");
            add(p, 3, 10, "u dup"); // the row goes in, then its unique index entry fails
            BatchUpdateException e = failedBatch(p, "23505");
            assertArrayEquals(new int[] {1, 1}, e.getUpdateCounts());
            // key 3 and value 30 are free again: the failed entry left neither row nor index entry
            add(p, 3, 30, "c");
            assertArrayEquals(new int[] {1}, p.executeBatch());
        }
        c.commit();
        assertEquals(List.of("1:10:a", "2:20:b", "3:30:c"), committed());
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t WHERE u = 30")) {
            assertTrue(rs.next());
            assertEquals(3, rs.getInt(1));
        }
    }

    @Test
    void checkAndNotNullViolationsFailTheirEntryWithTheirSqlState() throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
            add(p, 1, 10, "a");
            add(p, 2, -1, "neg"); // CHECK (u >= 0)
            assertArrayEquals(new int[] {1}, failedBatch(p, "23514").getUpdateCounts());
            add(p, 2, 20, "b");
            add(p, 3, 30, null); // NOT NULL
            assertArrayEquals(new int[] {1}, failedBatch(p, "23502").getUpdateCounts());
            add(p, 4, 40, "d");
            p.executeBatch();
        }
        c.commit();
        assertEquals(List.of("1:10:a", "2:20:b", "4:40:d"), committed());
    }

    @Test
    void updateAndDeleteBatchesCountPerEntry() throws Exception {
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c'), (4, 4, 'd')");
        }
        c.setAutoCommit(false);
        try (PreparedStatement up = c.prepareStatement("UPDATE t SET v = ? WHERE id >= ? AND id <= ?");
                PreparedStatement del = c.prepareStatement("DELETE FROM t WHERE id = ?")) {
            add(up, "x", 1, 2);
            add(up, "y", 9, 9); // matches nothing
            add(up, "z", 2, 3); // sees the batch's own earlier change of row 2
            assertArrayEquals(new int[] {2, 0, 2}, up.executeBatch());
            add(del, 4);
            add(del, 4); // already deleted by the entry before
            add(del, 1);
            assertArrayEquals(new int[] {1, 0, 1}, del.executeBatch());
            add(up, "w", 2, 2);
            add(up, null, 3, 3); // NOT NULL
            assertArrayEquals(new int[] {1}, failedBatch(up, "23502").getUpdateCounts());
        }
        c.commit();
        assertEquals(List.of("2:2:w", "3:3:z"), committed());
    }

    @Test
    void inAutocommitModeEachEntryCommitsOnItsOwn() throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
            add(p, 1, 10, "a");
            add(p, 2, 20, "b");
            add(p, 1, 30, "dup");
            add(p, 3, 40, "never run");
            assertArrayEquals(new int[] {1, 1}, failedBatch(p, "23505").getUpdateCounts());
        }
        assertEquals(List.of("1:10:a", "2:20:b"), committed());
    }

    @Test
    void aStatementWithASubqueryEvaluatesItPerEntry() throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, (SELECT COUNT(*) FROM t), ?)")) {
            add(p, 1, "a");
            add(p, 2, "b");
            add(p, 3, "c");
            assertArrayEquals(new int[] {1, 1, 1}, p.executeBatch());
        }
        c.commit();
        assertEquals(List.of("1:0:a", "2:1:b", "3:2:c"), committed());
    }

    @Test
    void aStatementListenerSeesEveryEntryAsAStatement() throws Exception {
        SqlEngine engine = c.unwrap(SqlEngine.class);
        List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        StatementListener listener = new StatementListener() {
            @Override
            public void statementEnded(io.cairn.sql.instrument.StatementEnd end) {
                if (end.text().startsWith("INSERT")) {
                    ended.add(end.rows() + (end.sqlState() == null ? "" : " " + end.sqlState()));
                }
            }
        };
        engine.addStatementListener(listener);
        try {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
                add(p, 1, 10, "a");
                add(p, 2, 20, "b");
                add(p, 1, 30, "dup");
                long planLookups = engine.planCacheHits() + engine.planCacheMisses();
                assertArrayEquals(new int[] {1, 1}, failedBatch(p, "23505").getUpdateCounts());
                assertEquals(1, engine.planCacheHits() + engine.planCacheMisses() - planLookups,
                        "the batch ran as one engine call, listener or not");
            }
            c.commit();
        } finally {
            engine.removeStatementListener(listener);
        }
        assertEquals(List.of("1", "1", "0 23505"), ended);
        assertEquals(List.of("1:10:a", "2:20:b"), committed());
    }

    @Test
    void cancelEndsTheEntryWaitingForARowLockAndKeepsTheEntriesBefore() throws Exception {
        TransactionManager manager = admin.unwrap(SqlEngine.class).manager();
        try (Connection holder = DriverManager.getConnection(url)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (3, 3, 'holder')"); // row lock on key 3, not committed
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
                add(p, 1, 10, "a");
                add(p, 2, 20, "b");
                add(p, 3, 30, "waits"); // waits for the holder's row lock
                add(p, 4, 40, "never run");
                int before = manager.locks().waiters().size();
                CompletableFuture<int[]> f = CompletableFuture.supplyAsync(() -> {
                    try {
                        return p.executeBatch();
                    } catch (SQLException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (manager.locks().waiters().size() <= before) {
                    if (f.isDone() || System.nanoTime() > deadline) {
                        fail("the third entry should wait for the row lock: " + f);
                    }
                    Thread.onSpinWait();
                }
                p.cancel();
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
                BatchUpdateException b = assertInstanceOf(BatchUpdateException.class, e.getCause());
                assertEquals("57014", b.getSQLState(), b.getMessage());
                assertArrayEquals(new int[] {1, 1}, b.getUpdateCounts());
            }
            holder.rollback(); // key 3 is free: the cancelled entry can be retried in the same transaction
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
                add(p, 3, 30, "c");
                assertArrayEquals(new int[] {1}, p.executeBatch());
            }
            c.commit();
        }
        assertEquals(List.of("1:10:a", "2:20:b", "3:30:c"), committed());
    }

    /**
     * Runs the inserts of {@code keys} as batches on {@code con} in one transaction; an entry that
     * fails with 23505 (the key the other connection committed) is skipped and the rest go on in a
     * new batch. Returns the keys this connection inserted.
     */
    private static List<Integer> insertAll(Connection con, List<Integer> keys) throws SQLException {
        List<Integer> mine = new ArrayList<>();
        con.setAutoCommit(false);
        try (PreparedStatement p = con.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
            int next = 0;
            while (next < keys.size()) {
                for (int i = next; i < keys.size(); i++) {
                    add(p, keys.get(i), keys.get(i), "k" + keys.get(i));
                }
                try {
                    int[] counts = p.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        assertEquals(1, counts[i]);
                        mine.add(keys.get(next + i));
                    }
                    next = keys.size();
                } catch (BatchUpdateException e) {
                    assertEquals("23505", e.getSQLState(), e.getMessage());
                    int done = e.getUpdateCounts().length;
                    for (int i = 0; i < done; i++) {
                        mine.add(keys.get(next + i));
                    }
                    next += done + 1; // the duplicate is the other connection's
                }
            }
        }
        con.commit();
        return mine;
    }

    @Test
    void twoConnectionsBatchingOverlappingKeysInsertEachKeyExactlyOnce() throws Exception {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            first.add(k);
            second.add(k + 150); // keys 150-199 are wanted by both
        }
        try (Connection other = DriverManager.getConnection(url)) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            CompletableFuture<List<Integer>> a = CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return insertAll(c, first);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            start.await();
            List<Integer> b = insertAll(other, second);
            List<Integer> all = new ArrayList<>(a.get(30, TimeUnit.SECONDS));
            all.addAll(b);
            java.util.Collections.sort(all);
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < 350; k++) {
                expected.add(k);
            }
            assertEquals(expected, all, "every key inserted by exactly one connection");
        }
        List<String> rows = committed();
        assertEquals(350, rows.size());
        for (int k = 0; k < 350; k++) {
            assertEquals(k + ":" + k + ":k" + k, rows.get(k));
        }
    }

    @Test
    void theQueryTimeoutAppliesToEachEntry() throws Exception {
        try (Connection holder = DriverManager.getConnection(url)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (2, 2, 'holder')");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
                p.setQueryTimeout(1);
                add(p, 1, 10, "a");
                add(p, 2, 20, "waits");
                BatchUpdateException b = failedBatch(p, "57014");
                assertArrayEquals(new int[] {1}, b.getUpdateCounts());
            }
            holder.rollback();
            c.commit();
        }
        assertEquals(List.of("1:10:a"), committed());
    }

    @Test
    void aBatchInAnAbortedTransactionFailsItsFirstEntryWith25P02() throws Exception {
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1, 1, 'a')");
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = c.createStatement(); PreparedStatement p = c.prepareStatement("UPDATE t SET v = ? WHERE id = ?")) {
            s.executeQuery("SELECT COUNT(*) FROM t").close(); // the snapshot is taken
            try (Statement a = admin.createStatement()) {
                a.executeUpdate("UPDATE t SET v = 'other' WHERE id = 1");
            }
            add(p, "mine", 1);
            assertArrayEquals(new int[0], failedBatch(p, "40001").getUpdateCounts());
            add(p, "again", 1);
            assertArrayEquals(new int[0], failedBatch(p, "25P02").getUpdateCounts());
        }
        c.rollback();
        assertEquals(List.of("1:1:other"), committed());
    }
}
