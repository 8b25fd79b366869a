package io.cairn.sql.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.TransactionManager;

/**
 * cairn:session-kill on a JDBC session that waits for a row lock: both forms end the wait at once
 * (57014) while the holder keeps its lock; the plain form leaves the session usable, --close
 * rolls its transaction back and closes it (57P01 next).
 */
class SessionKillLockWaitTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Connection admin;
    private Connection holder;
    private Connection waiter;
    private SqlEngine engine;
    private TransactionManager manager;

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:cairn:mem:session-kill-lockwait-" + DATABASES.incrementAndGet();
        admin = DriverManager.getConnection(url);
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE acct (id INT PRIMARY KEY, v BIGINT NOT NULL)");
            s.executeUpdate("INSERT INTO acct VALUES (1, 100), (2, 200)");
        }
        engine = admin.unwrap(SqlEngine.class);
        manager = engine.manager();
        holder = DriverManager.getConnection(url);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.executeUpdate("UPDATE acct SET v = v + 1 WHERE id = 1");
        }
        waiter = DriverManager.getConnection(url);
        waiter.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        waiter.close();
        holder.close();
        admin.close();
    }

    /** Starts the waiter's UPDATE of row 1 and returns its session id once it waits for the lock. */
    private long waitingUpdate(Statement s, CompletableFuture<?>[] out) {
        out[0] = CompletableFuture.supplyAsync(() -> {
            try {
                return s.executeUpdate("UPDATE acct SET v = v + 10 WHERE id = 1");
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (manager.locks().waiters().isEmpty()) {
            if (out[0].isDone() || System.nanoTime() > deadline) {
                fail("the UPDATE did not wait for the row lock: " + out[0]);
            }
            Thread.onSpinWait();
        }
        return manager.locks().waiters().get(0).sessionId();
    }

    private static SQLException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        return (SQLException) e.getCause();
    }

    private String kill(long sid, boolean close) {
        return SessionKillCommand.kill("default", engine, manager.sessionRegistry(), sid, close, "cairn:session-kill");
    }

    private long value(int id) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM acct WHERE id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void killCancelsTheWaitingStatementAndTheSessionCarriesOn() throws Exception {
        try (Statement s = waiter.createStatement()) {
            s.executeUpdate("UPDATE acct SET v = v + 10 WHERE id = 2");
            CompletableFuture<?>[] f = new CompletableFuture<?>[1];
            long sid = waitingUpdate(s, f);
            assertEquals("cancelled the running statement of session " + sid, kill(sid, false));
            SQLException e = failure(f[0]);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().startsWith("canceling statement due to cairn:session-kill (waiting for a row lock"),
                    e.getMessage());
            assertTrue(manager.locks().waiters().isEmpty());
            assertEquals(0, manager.sessionRegistry().session(sid).blockingSessionId());
            holder.commit();
            assertEquals(1, s.executeUpdate("UPDATE acct SET v = v + 10 WHERE id = 1"));
            waiter.commit();
        }
        assertEquals(111, value(1));
        assertEquals(210, value(2));
    }

    @Test
    void killCloseEndsTheWaitRollsBackAndClosesTheSession() throws Exception {
        try (Statement s = waiter.createStatement()) {
            s.executeUpdate("UPDATE acct SET v = v + 10 WHERE id = 2");
            CompletableFuture<?>[] f = new CompletableFuture<?>[1];
            long sid = waitingUpdate(s, f);
            assertEquals("closed session " + sid + "; its open transaction is rolled back", kill(sid, true));
            SQLException e = failure(f[0]);
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("closing the session"), e.getMessage());
            assertTrue(manager.locks().waiters().isEmpty());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (manager.sessionRegistry().session(sid) != null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(null, manager.sessionRegistry().session(sid), "the session left the registry");
            assertEquals("57P01", assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1")).getSQLState());
        }
        assertEquals(200, value(2), "the closed session's update was rolled back");
        holder.commit();
        assertEquals(101, value(1));
    }
}
