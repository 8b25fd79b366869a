package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.blocked;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.CancelSignal;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.TableLockMode;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * A session's cancel signal ends its lock wait at once with 57014: the request leaves the queue
 * and the wait-for graph, the transaction stays active, and NOWAIT-style tryLockRow never waits.
 */
class CancelLockWaitTest {

    @TempDir
    Path dir;

    private TransactionManagerImpl tm;

    @BeforeEach
    void setUp() {
        tm = TxnTesting.open(dir);
        tm.createTable("t");
        Session s = tm.openSession("setup", null);
        Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
        for (int i = 0; i < 3; i++) {
            t.put("t", key(i), val(0));
        }
        t.commit();
        s.close();
    }

    @AfterEach
    void tearDown() {
        tm.close();
    }

    /** The failure of a call that was expected to fail, with at most 20 s to get there. */
    private static TransactionException failureOf(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof TransactionException, String.valueOf(e.getCause()));
        return (TransactionException) e.getCause();
    }

    @Test
    void aCancelledRowLockWaitEndsWith57014AndLeavesTheTransactionActive() throws Exception {
        Session a = tm.openSession("holder", null);
        Transaction ta = a.begin(IsolationLevel.READ_COMMITTED);
        ta.put("t", key(1), val(5));
        Session b = tm.openSession("waiter", null);
        CancelSignal signal = new CancelSignal();
        b.watchCancel(signal);
        Transaction tb = b.begin(IsolationLevel.READ_COMMITTED);
        tb.put("t", key(2), val(7)); // written before the wait: kept, the transaction goes on
        CompletableFuture<Void> w = blocked(tm, tb.id(), () -> {
            tb.put("t", key(1), val(6));
            return null;
        });
        assertEquals(a.id(), tm.sessionRegistry().session(b.id()).blockingSessionId());
        assertTrue(signal.cancel("operator request"));
        TransactionException e = failureOf(w);
        assertEquals(TransactionException.QUERY_CANCELED, e.sqlState());
        assertEquals("canceling statement due to operator request (waiting for a row lock of table t held by session "
                + a.id() + ") [SQLSTATE 57014]", e.getMessage());
        assertTrue(ta.isActive(), "the holder still holds its lock");

        assertTrue(tm.locks().waiters().isEmpty(), "no waiter is left in the lock table");
        SessionSnapshot sb = tm.sessionRegistry().session(b.id());
        assertNull(sb.waitEvent());
        assertEquals(0, sb.blockingSessionId());
        assertEquals(1, tm.lockManager().cancels());
        assertTrue(tb.isActive(), "a cancelled wait does not roll the transaction back");

        ta.commit();
        assertEquals(signal, b.watchCancel(null), "watchCancel gives back the signal it replaces");
        tb.put("t", key(1), val(6)); // the retry gets the lock
        tb.commit();
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(6L, valOf(r.get("t", key(1))));
        assertEquals(7L, valOf(r.get("t", key(2))));
        r.commit();
    }

    @Test
    void aCancelledWaiterLeavesNoPhantomDeadlock() throws Exception {
        Transaction ta = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Session b = tm.openSession("b", null);
        CancelSignal signal = new CancelSignal();
        b.watchCancel(signal);
        Transaction tb = b.begin(IsolationLevel.READ_COMMITTED);
        ta.put("t", key(1), val(1));
        tb.put("t", key(2), val(2));
        CompletableFuture<Void> w = blocked(tm, tb.id(), () -> {
            tb.put("t", key(1), val(2));
            return null;
        });
        signal.cancel(null);
        assertEquals(TransactionException.QUERY_CANCELED, failureOf(w).sqlState());
        long deadlocks = tm.locks().deadlocks();
        // a now waits for b: had b's cancelled request stayed in the graph, this would be a cycle
        CompletableFuture<Void> wa = blocked(tm, ta.id(), () -> {
            ta.put("t", key(2), val(1));
            return null;
        });
        Thread.sleep(300); // several deadlock checks (every 50 ms in tests)
        assertFalse(wa.isDone());
        tb.commit();
        TxnTesting.join(wa);
        ta.commit();
        assertEquals(deadlocks, tm.locks().deadlocks());
    }

    @Test
    void aStatementDeadlineBeforeTheLockTimeoutEndsTheWaitWith57014() {
        Transaction ta = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        ta.put("t", key(1), val(1));
        Session b = tm.openSession("b", null);
        b.watchCancel(new CancelSignal(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));
        Transaction tb = b.begin(IsolationLevel.READ_COMMITTED);
        TransactionException e = assertThrows(TransactionException.class, () -> tb.put("t", key(1), val(2)));
        assertEquals(TransactionException.QUERY_CANCELED, e.sqlState());
        assertTrue(e.getMessage().startsWith("canceling statement due to statement timeout (waiting for a row lock"),
                e.getMessage());
        assertTrue(tb.isActive());
        assertEquals(0, tm.locks().timeouts());
        // a later lock timeout is the transaction's own: 55P03 as before
        b.watchCancel(new CancelSignal(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)));
        tb.setLockTimeout(Duration.ofMillis(100));
        assertSqlState(TransactionException.LOCK_NOT_AVAILABLE, () -> tb.put("t", key(1), val(2)));
        assertFalse(tb.isActive());
        ta.commit();
    }

    @Test
    void aSignalThatFiredBeforeTheWaitFailsOnlyAWaitingRequest() {
        Transaction ta = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        ta.put("t", key(1), val(1));
        Session b = tm.openSession("b", null);
        CancelSignal signal = new CancelSignal();
        signal.cancel("shutdown");
        assertFalse(signal.cancel("again"), "the first reason is kept");
        b.watchCancel(signal);
        Transaction tb = b.begin(IsolationLevel.READ_COMMITTED);
        tb.put("t", key(2), val(2)); // free lock: granted without looking at the signal
        TransactionException e = assertThrows(TransactionException.class, () -> tb.put("t", key(1), val(2)));
        assertEquals(TransactionException.QUERY_CANCELED, e.sqlState());
        assertTrue(e.getMessage().startsWith("canceling statement due to shutdown"), e.getMessage());
        assertTrue(tm.locks().waiters().isEmpty());
        ta.commit();
        tb.commit();
    }

    @Test
    void aCancelledTableLockWaitLeavesTheQueueAndLetsTheNextWaiterIn() throws Exception {
        Transaction reader = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        reader.lockTable("t", TableLockMode.SHARED);
        Session ddl = tm.openSession("ddl", null);
        CancelSignal signal = new CancelSignal();
        ddl.watchCancel(signal);
        Transaction td = ddl.begin(IsolationLevel.READ_COMMITTED);
        CompletableFuture<Void> exclusive = blocked(tm, td.id(), () -> {
            td.lockTable("t", TableLockMode.EXCLUSIVE);
            return null;
        });
        // a writer queued behind the EXCLUSIVE request waits for it (first come, first served)
        Transaction writer = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        CompletableFuture<Void> write = blocked(tm, writer.id(), () -> {
            writer.put("t", key(0), val(9));
            return null;
        });
        signal.cancel("cairn:session-kill");
        TransactionException e = failureOf(exclusive);
        assertEquals(TransactionException.QUERY_CANCELED, e.sqlState());
        assertTrue(e.getMessage().contains("waiting for EXCLUSIVE lock on table t held by session"), e.getMessage());
        TxnTesting.join(write); // no longer queued behind the cancelled request
        writer.commit();
        assertTrue(tm.locks().waiters().isEmpty());
        assertTrue(td.isActive());
        reader.commit();
        td.lockTable("t", TableLockMode.EXCLUSIVE);
        td.commit();
    }

    @Test
    void tryLockRowNeverWaits() {
        Transaction ta = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction tb = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        assertTrue(ta.tryLockRow("t", key(1), TableLockMode.EXCLUSIVE));
        assertTrue(ta.tryLockRow("t", key(1), TableLockMode.EXCLUSIVE), "a lock already held is held");
        assertFalse(tb.tryLockRow("t", key(1), TableLockMode.EXCLUSIVE));
        assertTrue(tb.isActive(), "a refused try leaves the transaction active");
        assertTrue(tb.tryLockRow("t", key(2), TableLockMode.EXCLUSIVE));
        assertEquals(0L, valOf(tb.getForUpdate("t", key(2))));
        assertEquals(0, tm.locks().lockWaits());
        ta.commit();
        assertTrue(tb.tryLockRow("t", key(1), TableLockMode.EXCLUSIVE));
        tb.put("t", key(1), val(3));
        tb.commit();
        Transaction asOf = tm.openSession("f", null).beginAsOf(tm.currentScn());
        assertSqlState(TransactionException.READ_ONLY_TRANSACTION, () -> asOf.tryLockRow("t", key(1), TableLockMode.EXCLUSIVE));
        Transaction tc = tm.openSession("c", null).begin(IsolationLevel.READ_COMMITTED);
        assertSqlState(TransactionException.UNDEFINED_TABLE, () -> tc.tryLockRow("nope", key(1), TableLockMode.EXCLUSIVE));
        tc.rollback();
    }

    @Test
    void sharedRowLocksAreSharedBlockWritersAndUpgrade() throws Exception {
        Transaction a = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction b = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(0L, valOf(a.getForShare("t", key(1))));
        assertEquals(0L, valOf(b.getForShare("t", key(1))), "two readers share the row lock");
        assertTrue(b.tryLockRow("t", key(1), TableLockMode.SHARED));
        assertFalse(b.tryLockRow("t", key(1), TableLockMode.EXCLUSIVE), "a's share blocks b's upgrade");
        Transaction w = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        CompletableFuture<Void> write = blocked(tm, w.id(), () -> {
            w.put("t", key(1), val(9));
            return null;
        });
        b.commit();
        assertFalse(write.isDone(), "a still shares the row");
        a.put("t", key(1), val(5)); // upgrades a's shared lock (w queued behind does not block it)
        a.commit();
        TxnTesting.join(write);
        w.commit();
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(9L, valOf(r.getForShare("t", key(1))), "the newest committed version");
        r.commit();
    }
}
