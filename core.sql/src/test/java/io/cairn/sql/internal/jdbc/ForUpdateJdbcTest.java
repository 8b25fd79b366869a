package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.TransactionManager;

/**
 * SELECT ... FOR UPDATE through JDBC with several connections: read-then-write increments lose
 * nothing at READ COMMITTED, NOWAIT fails at once with 55P03, SKIP LOCKED hands each queue row
 * to one worker, a waiting FOR UPDATE sees the newest committed version (or drops a row that no
 * longer matches), SNAPSHOT fails with 40001, and a read-only connection refuses it.
 */
class ForUpdateJdbcTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private String url;
    private Connection admin;
    private TransactionManager manager;
    private final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:cairn:mem:for-update-" + DATABASES.incrementAndGet();
        admin = connect();
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE counter (id INT PRIMARY KEY, v BIGINT NOT NULL)");
            s.executeUpdate("INSERT INTO counter VALUES (1, 0), (2, 0), (3, 0)");
        }
        manager = admin.unwrap(SqlEngine.class).manager();
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection c : opened) {
            c.close();
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        opened.add(c);
        return c;
    }

    private long value(int id) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM counter WHERE id = " + id)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** Runs a query on another thread; returns once it waits for a lock. */
    private CompletableFuture<List<Long>> waitingQuery(Connection c, String sql) {
        int before = manager.locks().waiters().size();
        CompletableFuture<List<Long>> f = CompletableFuture.supplyAsync(() -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                List<Long> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
                return values;
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (manager.locks().waiters().size() <= before) {
            if (f.isDone() || System.nanoTime() > deadline) {
                fail(sql + " did not wait for a lock: " + f);
            }
            Thread.onSpinWait();
        }
        return f;
    }

    private static List<Long> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Long> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        }
    }

    @Test
    void readForUpdateThenWriteLosesNoIncrementAtReadCommitted() throws Exception {
        int workers = 4;
        int increments = 50;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url);
                            PreparedStatement read = c.prepareStatement("SELECT v FROM counter WHERE id = ? FOR UPDATE");
                            PreparedStatement write = c.prepareStatement("UPDATE counter SET v = ? WHERE id = ?")) {
                        assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
                        c.setAutoCommit(false);
                        for (int i = 0; i < increments; i++) {
                            int id = 1 + i % 2;
                            read.setInt(1, id);
                            long v;
                            try (ResultSet rs = read.executeQuery()) {
                                assertTrue(rs.next());
                                v = rs.getLong(1);
                            }
                            Thread.yield(); // widen the read-to-write window a lost update needs
                            write.setLong(1, v + 1);
                            write.setInt(2, id);
                            assertEquals(1, write.executeUpdate());
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(workers * increments / 2, value(1));
        assertEquals(workers * increments / 2, value(2));
        assertTrue(manager.locks().waiters().isEmpty());
    }

    @Test
    void nowaitFailsAtOnceWith55P03AndTheTransactionGoesOn() throws Exception {
        Connection holder = connect();
        holder.setAutoCommit(false);
        assertEquals(List.of(0L), query(holder, "SELECT v FROM counter WHERE id = 1 FOR UPDATE"));
        Connection other = connect();
        other.setAutoCommit(false);
        assertEquals(List.of(0L), query(other, "SELECT v FROM counter WHERE id = 2 FOR UPDATE NOWAIT"));
        CompletableFuture<SQLException> nowait = CompletableFuture.supplyAsync(() -> assertThrows(SQLException.class,
                () -> query(other, "SELECT v FROM counter WHERE id <= 2 ORDER BY id FOR UPDATE NOWAIT")));
        SQLException e = nowait.get(20, TimeUnit.SECONDS); // the holder still holds row 1
        assertEquals("55P03", e.getSQLState(), e.getMessage());
        assertEquals("could not obtain lock on row in relation \"counter\" (FOR UPDATE NOWAIT)", e.getMessage());
        assertEquals(0, manager.locks().lockWaits(), "NOWAIT never queued");
        // only the statement failed: row 2 is still locked by other, which can still write it
        try (Statement s = other.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE counter SET v = 20 WHERE id = 2"));
        }
        holder.commit();
        assertEquals(List.of(0L), query(other, "SELECT v FROM counter WHERE id = 1 FOR UPDATE NOWAIT"));
        other.commit();
        assertEquals(20, value(2));
    }

    @Test
    void skipLockedHandsEachQueueRowToOneWorker() throws Exception {
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE jobs (id INT PRIMARY KEY, state VARCHAR(10) NOT NULL, worker INT)");
            StringBuilder sb = new StringBuilder("INSERT INTO jobs VALUES ");
            for (int i = 1; i <= 40; i++) {
                sb.append(i == 1 ? "" : ", ").append('(').append(i).append(", 'new', NULL)");
            }
            s.executeUpdate(sb.toString());
        }
        // two consumers at once take distinct rows: the second skips what the first holds
        Connection a = connect();
        Connection b = connect();
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        String take2 = "SELECT id FROM jobs WHERE state = 'new' ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED";
        assertEquals(List.of(1L, 2L), query(a, take2));
        assertEquals(List.of(3L, 4L), query(b, take2));
        a.rollback();
        b.rollback();

        int workers = 4;
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 1; w <= workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url);
                            PreparedStatement take = c.prepareStatement(
                                    "SELECT id FROM jobs WHERE state = 'new' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
                            PreparedStatement done = c.prepareStatement(
                                    "UPDATE jobs SET state = 'done', worker = ? WHERE id = ?")) {
                        c.setAutoCommit(false);
                        while (true) {
                            long id;
                            try (ResultSet rs = take.executeQuery()) {
                                if (!rs.next()) {
                                    c.commit();
                                    return null;
                                }
                                id = rs.getLong(1);
                                assertFalse(rs.next());
                            }
                            done.setInt(1, worker);
                            done.setLong(2, id);
                            assertEquals(1, done.executeUpdate());
                            c.commit();
                            claimed.add(id);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> distinct = new HashSet<>(claimed);
        assertEquals(40, claimed.size(), "every job was taken exactly once: " + claimed);
        assertEquals(40, distinct.size());
        assertEquals(List.of(40L), query(admin, "SELECT count(*) FROM jobs WHERE state = 'done' AND worker IS NOT NULL"));
        assertEquals(0, manager.locks().lockWaits(), "SKIP LOCKED consumers never wait on a row");
    }

    @Test
    void aWaitingForUpdateSeesTheNewestVersionOrDropsTheRow() throws Exception {
        Connection writer = connect();
        writer.setAutoCommit(false);
        try (Statement s = writer.createStatement()) {
            s.executeUpdate("UPDATE counter SET v = 77 WHERE id = 1");
            s.executeUpdate("UPDATE counter SET v = 50 WHERE id = 2");
            s.executeUpdate("DELETE FROM counter WHERE id = 3");
        }
        Connection reader = connect();
        reader.setAutoCommit(false);
        CompletableFuture<List<Long>> f = waitingQuery(reader,
                "SELECT v + 1000 * id FROM counter WHERE v < 60 ORDER BY id FOR UPDATE");
        writer.commit();
        // row 1: changed to 77, no longer < 60, left out; row 2: its newest version 50; row 3: deleted
        assertEquals(List.of(2050L), f.get(20, TimeUnit.SECONDS));
        // the row it returned is locked: a NOWAIT from elsewhere fails, the writer's is blocked out
        Connection third = connect();
        third.setAutoCommit(false);
        SQLException e = assertThrows(SQLException.class, () -> query(third, "SELECT v FROM counter WHERE id = 2 FOR UPDATE NOWAIT"));
        assertEquals("55P03", e.getSQLState());
        // a row that failed the re-check is not returned but stays locked to the end (CATALOG.md)
        assertEquals("55P03", assertThrows(SQLException.class,
                () -> query(third, "SELECT v FROM counter WHERE id = 1 FOR UPDATE NOWAIT")).getSQLState());
        third.rollback();
        reader.commit();
        assertEquals(List.of(77L), query(third, "SELECT v FROM counter WHERE id = 1 FOR UPDATE NOWAIT"));
        third.rollback();
    }

    @Test
    void snapshotIsolationFailsWith40001WhenTheRowChangedAfterTheSnapshot() throws Exception {
        Connection reader = connect();
        reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        reader.setAutoCommit(false);
        assertEquals(List.of(0L), query(reader, "SELECT v FROM counter WHERE id = 1"));
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("UPDATE counter SET v = 5 WHERE id = 1");
        }
        SQLException e = assertThrows(SQLException.class, () -> query(reader, "SELECT v FROM counter WHERE id = 1 FOR UPDATE"));
        assertEquals("40001", e.getSQLState(), e.getMessage());
        reader.rollback();
        assertEquals(List.of(5L), query(reader, "SELECT v FROM counter WHERE id = 1 FOR UPDATE"));
        reader.commit();
    }

    @Test
    void aReadOnlyConnectionRefusesForUpdate() throws Exception {
        Properties p = new Properties();
        p.setProperty("readOnly", "true");
        try (Connection ro = DriverManager.getConnection(url, p)) {
            SQLException e = assertThrows(SQLException.class, () -> query(ro, "SELECT v FROM counter FOR UPDATE"));
            assertEquals("25006", e.getSQLState());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(3, query(ro, "SELECT v FROM counter").size());
        }
        try (Statement s = admin.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("SELECT v FROM counter FOR UPDATE"));
            assertEquals("07000", e.getSQLState(), "executeUpdate of a query");
        }
    }

    @Test
    void aWaitingForUpdateIsCancelledWith57014() throws Exception {
        Connection holder = connect();
        holder.setAutoCommit(false);
        query(holder, "SELECT v FROM counter WHERE id = 1 FOR UPDATE");
        Connection waiter = connect();
        try (Statement s = waiter.createStatement()) {
            s.setQueryTimeout(1);
            ExecutionException x = assertThrows(ExecutionException.class, () -> CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeQuery("SELECT v FROM counter WHERE id = 1 FOR UPDATE");
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }).get(20, TimeUnit.SECONDS));
            assertEquals("57014", ((SQLException) x.getCause()).getSQLState());
        }
        assertTrue(manager.locks().waiters().isEmpty());
        holder.commit();
        assertEquals(List.of(0L), query(waiter, "SELECT v FROM counter WHERE id = 1 FOR UPDATE"));
    }

    @Test
    void forShareIsSharedByReadersAndKeepsWritersOut() throws Exception {
        Connection a = connect();
        Connection b = connect();
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        assertEquals(List.of(0L), query(a, "SELECT v FROM counter WHERE id = 1 FOR SHARE"));
        assertEquals(List.of(0L), query(b, "SELECT v FROM counter WHERE id = 1 FOR SHARE NOWAIT"), "shared");
        Connection c = connect();
        c.setAutoCommit(false);
        assertEquals("55P03", assertThrows(SQLException.class,
                () -> query(c, "SELECT v FROM counter WHERE id = 1 FOR UPDATE NOWAIT")).getSQLState());
        assertEquals(List.of(), query(c, "SELECT v FROM counter WHERE id = 1 FOR UPDATE SKIP LOCKED"));
        c.rollback();
        CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> {
            try (Connection w = DriverManager.getConnection(url); Statement s = w.createStatement()) {
                return s.executeUpdate("UPDATE counter SET v = 9 WHERE id = 1");
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (manager.locks().waiters().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the UPDATE did not wait for the shared row");
            Thread.onSpinWait();
        }
        a.commit();
        assertFalse(write.isDone(), "b still shares the row");
        b.commit();
        assertEquals(1, write.get(20, TimeUnit.SECONDS));
        assertEquals(9, value(1));
        // and FOR SHARE waits behind a FOR UPDATE holder, NOWAIT fails at once
        Connection holder = connect();
        holder.setAutoCommit(false);
        query(holder, "SELECT v FROM counter WHERE id = 2 FOR UPDATE");
        assertEquals("55P03", assertThrows(SQLException.class,
                () -> query(b, "SELECT v FROM counter WHERE id = 2 FOR SHARE NOWAIT")).getSQLState());
        holder.rollback();
        b.rollback();
    }
}
