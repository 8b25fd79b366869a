package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.StatementHandle;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.TransactionManager;

/**
 * A statement waiting for a row or table lock stops at once when it is cancelled from another
 * thread, by its query timeout or by an admission controller: 57014 while the holder still holds
 * the lock, no waiter left in v$lock, the session no longer shown waiting, and the cancelled
 * connection carries on (its transaction keeps its earlier work) and succeeds once the lock is free.
 * Bounds are generous (the lock timeout is 30 s; every wait here is given 20 s): they check that the
 * wait ended early, not how fast.
 */
class LockWaitCancelTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private String url;
    private Connection admin;
    private Connection holder;
    private Connection waiter;
    private TransactionManager manager;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:cairn:mem:lockwait-cancel-" + DATABASES.incrementAndGet();
        admin = DriverManager.getConnection(url);
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE acct (id INT PRIMARY KEY, v BIGINT NOT NULL)");
            s.executeUpdate("INSERT INTO acct VALUES (1, 100), (2, 200), (3, 300)");
        }
        manager = admin.unwrap(SqlEngine.class).manager();
        holder = DriverManager.getConnection(url);
        waiter = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        waiter.close();
        holder.close();
        admin.close();
    }

    /** Holds the row lock of acct id 1 (and the table's SHARED lock) in an open transaction. */
    private void holdRowOne() throws SQLException {
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE acct SET v = v + 1 WHERE id = 1"));
        }
    }

    /** Runs {@code sql} on the waiter with {@code s} on another thread; returns once it waits for a lock. */
    private CompletableFuture<Integer> waiting(Statement s, String sql) {
        int before = manager.locks().waiters().size();
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
            try {
                return s.executeUpdate(sql);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (manager.locks().waiters().size() <= before) {
            if (f.isDone()) {
                fail("expected " + sql + " to wait for a lock, but it ended: " + f);
            }
            if (System.nanoTime() > deadline) {
                fail(sql + " never started waiting");
            }
            Thread.onSpinWait();
        }
        return f;
    }

    private static SQLException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        if (e.getCause() instanceof SQLException s) {
            return s;
        }
        throw new AssertionError("expected an SQLException", e.getCause());
    }

    /** What v$lock and v$session say once the wait ended: no waiter, the waiter not waiting. */
    private void assertNoWaitLeft(long waiterSid) throws SQLException {
        try (Statement s = admin.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM v$lock WHERE status = 'WAITING'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "waiters left in v$lock");
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT wait_event, blocking_session FROM v$session WHERE sid = " + waiterSid)) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
                assertNull(rs.getObject(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM v$lock WHERE status = 'HELD' AND lock_key IS NOT NULL")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 1, "the holder still holds its row lock");
            }
        }
    }

    private long waiterSid() {
        List<LockSnapshot.Waiter> ws = manager.locks().waiters();
        assertEquals(1, ws.size(), ws.toString());
        return ws.get(0).sessionId();
    }

    private long value(int id) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM acct WHERE id = " + id)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void cancelFromAnotherThreadStopsARowLockWaitInsideATransaction() throws Exception {
        holdRowOne();
        waiter.setAutoCommit(false);
        try (Statement s = waiter.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE acct SET v = v + 10 WHERE id = 2"));
            CompletableFuture<Integer> f = waiting(s, "UPDATE acct SET v = v + 10 WHERE id = 1");
            long sid = waiterSid();
            s.cancel();
            SQLException e = failure(f);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().startsWith("canceling statement due to user request (waiting for a row lock"),
                    e.getMessage());
            assertNoWaitLeft(sid);

            // the transaction goes on: its first update is still there, the cancelled one undone
            try (ResultSet rs = s.executeQuery("SELECT v FROM acct WHERE id = 2")) {
                rs.next();
                assertEquals(210, rs.getLong(1));
            }
            holder.commit();
            assertEquals(1, s.executeUpdate("UPDATE acct SET v = v + 10 WHERE id = 1")); // the retry
            waiter.commit();
        }
        assertEquals(111, value(1));
        assertEquals(210, value(2));
    }

    @Test
    void aQueryTimeoutEndsARowLockWaitBeforeTheLockTimeout() throws Exception {
        holdRowOne();
        try (Statement s = waiter.createStatement()) {
            s.setQueryTimeout(1);
            CompletableFuture<Integer> f = waiting(s, "UPDATE acct SET v = 0 WHERE id = 1");
            long sid = waiterSid();
            SQLException e = failure(f);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().startsWith("canceling statement due to statement timeout"), e.getMessage());
            assertNoWaitLeft(sid);
            assertEquals(0, manager.locks().timeouts(), "the lock timeout did not fire");
            holder.commit();
            assertEquals(1, s.executeUpdate("UPDATE acct SET v = 0 WHERE id = 1"));
        }
        assertEquals(0, value(1));
    }

    @Test
    void statementTimeoutOfTheSessionEndsALockWaitToo() throws Exception {
        holdRowOne();
        try (Statement s = waiter.createStatement()) {
            s.execute("SET statement_timeout = 300");
            CompletableFuture<Integer> f = waiting(s, "DELETE FROM acct WHERE id = 1");
            SQLException e = failure(f);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            holder.rollback();
            assertEquals(1, s.executeUpdate("DELETE FROM acct WHERE id = 1"));
        }
    }

    @Test
    void cancelStopsATableLockWait() throws Exception {
        holdRowOne(); // the holder's UPDATE holds the table's SHARED lock: DDL waits for EXCLUSIVE
        try (Statement s = waiter.createStatement()) {
            CompletableFuture<Integer> f = waiting(s, "ALTER TABLE acct ADD COLUMN note VARCHAR(20)");
            LockSnapshot.Waiter w = manager.locks().waiters().get(0);
            assertNull(w.key(), "a table lock wait");
            assertEquals("EXCLUSIVE", w.mode());
            s.cancel();
            SQLException e = failure(f);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("waiting for EXCLUSIVE lock on table"), e.getMessage());
            assertNoWaitLeft(w.sessionId());
            holder.commit();
            s.executeUpdate("ALTER TABLE acct ADD COLUMN note VARCHAR(20)");
            try (ResultSet rs = s.executeQuery("SELECT note FROM acct WHERE id = 1")) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
            }
        }
    }

    @Test
    void anAdmissionControllerCancelsAStatementWaitingForALock() throws Exception {
        List<StatementHandle> admitted = new CopyOnWriteArrayList<>();
        AdmissionController rm = new AdmissionController() {
            @Override
            public String name() {
                return "test resource manager";
            }

            @Override
            public Admission admitStatement(StatementHandle handle) {
                admitted.add(handle);
                return Admission.admit();
            }

            @Override
            public void statementEnded(StatementHandle handle) {
                admitted.remove(handle);
            }
        };
        holdRowOne();
        SqlEngine engine = admin.unwrap(SqlEngine.class);
        engine.addAdmissionController(rm);
        try (Statement s = waiter.createStatement()) {
            CompletableFuture<Integer> f = waiting(s, "UPDATE acct SET v = 5 WHERE id = 1");
            long sid = waiterSid();
            StatementHandle h = admitted.stream().filter(x -> x.sessionId() == sid).findFirst().orElseThrow();
            assertTrue(h.isRunning());
            assertTrue(h.cancel("over its time limit"));
            SQLException e = failure(f);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().startsWith(
                    "canceling statement due to admission controller test resource manager: over its time limit"),
                    e.getMessage());
            assertFalse(h.isRunning());
            assertNoWaitLeft(sid);
        } finally {
            engine.removeAdmissionController(rm);
        }
        holder.commit();
        assertEquals(101, value(1));
    }
}
