package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.blocked;
import static io.cairn.txn.internal.TxnTesting.join;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.SessionState;
import io.cairn.txn.TableLockMode;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEventStats;
import io.cairn.txn.WaitEvents;

/** Row and table locks, deadlock victims, timeouts, and how waits show in sessions, counters and v$lock. */
class LockManagerTest {

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

    /** Each transaction locks row i, then all try row i+1 (mod n): one victim, the others commit. */
    private void breaksCycleOf(int n) throws Exception {
        List<Transaction> txns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Transaction t = tm.openSession("u" + i, null).begin(IsolationLevel.READ_COMMITTED);
            t.put("t", key(i), val(i + 1));
            txns.add(t);
        }
        long deadlocksBefore = tm.locks().deadlocks();
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Transaction t = txns.get(i);
            int next = (i + 1) % n;
            CompletableFuture<Void> step = i < n - 1
                    ? blocked(tm, t.id(), () -> {
                        t.put("t", key(next), val(100));
                        t.commit();
                        return null;
                    })
                    : CompletableFuture.runAsync(() -> {
                        t.put("t", key(next), val(100));
                        t.commit();
                    }, TxnTesting.THREADS);
            steps.add(step);
        }
        long start = System.nanoTime();
        int victims = 0;
        int committed = 0;
        for (CompletableFuture<Void> f : steps) {
            try {
                f.get(10, TimeUnit.SECONDS);
                committed++;
            } catch (ExecutionException e) {
                TransactionException x = (TransactionException) e.getCause();
                assertEquals(TransactionException.DEADLOCK_DETECTED, x.sqlState(), x.getMessage());
                victims++;
            }
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "broken well within the lock timeout");
        assertEquals(1, victims);
        assertEquals(n - 1, committed);
        assertEquals(deadlocksBefore + 1, tm.locks().deadlocks());
        // the victim is the transaction whose request closed the cycle: the last to ask
        assertFalse(txns.get(n - 1).isActive());
        assertEquals(0, tm.locks().locksHeld());
    }

    @Test
    void aWriterWaitsForEverySharedHolderInTheOrderTheyCame() {
        Transaction a = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction b = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction c = tm.openSession("c", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction w = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        assertNotNull(a.getForShare("t", key(1)));
        assertNotNull(b.getForShare("t", key(1)));
        assertNotNull(c.getForShare("t", key(1)));
        CompletableFuture<Object> write = blocked(tm, w.id(), () -> {
            w.put("t", key(1), val(7));
            return null;
        });
        assertEquals(List.of(a.id(), b.id(), c.id()), tm.locks().waiters().get(0).blockingTxnIds());
        a.commit(); // the first holder leaves: the others keep their order
        assertEquals(List.of(b.id(), c.id()), tm.locks().waiters().get(0).blockingTxnIds());
        c.commit();
        assertEquals(List.of(b.id()), tm.locks().waiters().get(0).blockingTxnIds());
        b.commit();
        join(write);
        w.commit();
        assertEquals(0, tm.locks().locksHeld());
    }

    @Test
    void aSharedHolderThatWritesWaitsForTheOtherSharersThenHoldsTheRowAlone() {
        Transaction b = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction c = tm.openSession("c", null).begin(IsolationLevel.READ_COMMITTED);
        assertNotNull(b.getForShare("t", key(1)));
        assertNotNull(c.getForShare("t", key(1)));
        CompletableFuture<Object> upgrade = blocked(tm, b.id(), () -> {
            b.put("t", key(1), val(5));
            return null;
        });
        assertEquals(List.of(c.id()), tm.locks().waiters().get(0).blockingTxnIds());
        c.commit();
        join(upgrade);
        assertEquals(1, tm.locks().held().stream().filter(h -> h.key() != null).count(), "one row lock: b's");
        assertEquals("EXCLUSIVE", tm.locks().held().stream().filter(h -> h.key() != null).findFirst().get().mode());
        b.commit();
        assertEquals(0, tm.locks().locksHeld());
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(5L, valOf(r.get("t", key(1))));
        r.commit();
    }

    /** The row's waiters, in queue order, as transaction ids. */
    private List<Long> rowWaiters() {
        List<Long> ids = new ArrayList<>();
        for (LockSnapshot.Waiter w : tm.locks().waiters()) {
            if (w.key() != null) {
                ids.add(w.txnId());
            }
        }
        return ids;
    }

    /**
     * SELECT ... FOR SHARE, then UPDATE of the same row, while a writer already waits for it: the
     * upgrade goes ahead of the writer (it holds what the writer waits for), so it waits for the
     * other sharer only. No deadlock: queued behind the writer it would be one, and the writer,
     * which did nothing wrong, was rolled back as the younger of the two.
     */
    @Test
    void aSharedHolderUpgradingPassesAWriterQueuedBehindItWithoutADeadlock() {
        Transaction a = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction c = tm.openSession("c", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction w = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        assertNotNull(a.getForShare("t", key(1)));
        assertNotNull(c.getForShare("t", key(1)));
        CompletableFuture<Object> write = blocked(tm, w.id(), () -> {
            w.put("t", key(1), val(7));
            return null;
        });
        long deadlocks = tm.locks().deadlocks();
        CompletableFuture<Object> upgrade = blocked(tm, a.id(), () -> {
            a.put("t", key(1), val(5));
            return null;
        });
        assertEquals(List.of(a.id(), w.id()), rowWaiters(), "the upgrade is first in line");
        LockSnapshot.Waiter up = tm.locks().waiters().stream().filter(x -> x.txnId() == a.id()).findFirst().get();
        assertEquals(List.of(c.id()), up.blockingTxnIds(), "it waits for the other sharer only");
        assertEquals(deadlocks, tm.locks().deadlocks());
        assertTrue(w.isActive());

        c.commit();
        join(upgrade);
        assertTrue(a.isActive());
        assertEquals(List.of(w.id()), rowWaiters());
        a.commit();
        join(write);
        w.commit();
        assertEquals(deadlocks, tm.locks().deadlocks());
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(7L, valOf(r.get("t", key(1))), "the writer wrote last");
        r.commit();
        assertEquals(0, tm.locks().locksHeld());
    }

    /**
     * Two sharers that both write deadlock: the victim is the one whose request closes the cycle
     * (the second to ask), whatever the transactions' ages; the first then holds the row alone.
     */
    @Test
    void ofTwoUpgradingSharersTheSecondToAskIsTheVictimEvenIfOlder() {
        Transaction older = tm.openSession("older", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction younger = tm.openSession("younger", null).begin(IsolationLevel.READ_COMMITTED);
        assertNotNull(older.getForShare("t", key(1)));
        assertNotNull(younger.getForShare("t", key(1)));
        long deadlocks = tm.locks().deadlocks();
        CompletableFuture<Object> first = blocked(tm, younger.id(), () -> {
            younger.put("t", key(1), val(5));
            return null;
        });
        TransactionException x = org.junit.jupiter.api.Assertions.assertThrows(TransactionException.class,
                () -> older.put("t", key(1), val(6)));
        assertEquals(TransactionException.DEADLOCK_DETECTED, x.sqlState(), x.getMessage());
        assertTrue(x.getMessage().contains(String.valueOf(younger.id())), x.getMessage());
        assertFalse(older.isActive());
        assertEquals(deadlocks + 1, tm.locks().deadlocks());
        join(first);
        younger.commit();
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(5L, valOf(r.get("t", key(1))));
        r.commit();
        assertEquals(0, tm.locks().locksHeld());
    }

    /**
     * Three sessions: two sharers and a queued writer. The first sharer's upgrade goes ahead of the
     * writer; the second sharer's upgrade closes a cycle with it and is the victim; the first
     * then writes, and the writer last.
     */
    @Test
    void twoUpgradingSharersAndAQueuedWriterLoseOnlyTheSecondUpgrade() {
        Transaction a = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction c = tm.openSession("c", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction w = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        assertNotNull(a.getForShare("t", key(1)));
        assertNotNull(c.getForShare("t", key(1)));
        long deadlocks = tm.locks().deadlocks();
        CompletableFuture<Object> write = blocked(tm, w.id(), () -> {
            w.put("t", key(1), val(7));
            return null;
        });
        CompletableFuture<Object> upgrade = blocked(tm, a.id(), () -> {
            a.put("t", key(1), val(5));
            return null;
        });
        assertSqlState(TransactionException.DEADLOCK_DETECTED, () -> c.put("t", key(1), val(6)));
        assertFalse(c.isActive());
        assertEquals(deadlocks + 1, tm.locks().deadlocks());
        join(upgrade);
        assertTrue(w.isActive());
        assertEquals(List.of(w.id()), rowWaiters());
        a.commit();
        join(write);
        w.commit();
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(7L, valOf(r.get("t", key(1))));
        r.commit();
        assertEquals(deadlocks + 1, tm.locks().deadlocks());
        assertEquals(0, tm.locks().locksHeld());
    }

    @Test
    void breaksATwoTransactionDeadlock() throws Exception {
        breaksCycleOf(2);
    }

    @Test
    void breaksAThreeTransactionDeadlock() throws Exception {
        breaksCycleOf(3);
    }

    @Test
    void aSnapshotWaiterProceedsWhenTheHolderRollsBack() {
        Transaction holder = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
        Transaction waiter = tm.openSession("b", null).begin(IsolationLevel.SNAPSHOT);
        holder.put("t", key(1), val(5));
        CompletableFuture<Void> w = blocked(tm, waiter.id(), () -> {
            waiter.put("t", key(1), val(6));
            return null;
        });
        holder.rollback();
        join(w);
        waiter.commit();
        Transaction r = tm.openSession("c", null).begin(IsolationLevel.SNAPSHOT);
        assertEquals(6L, valOf(r.get("t", key(1))));
        r.commit();
    }

    @Test
    void lockWaitTimesOutWith55P03AndCountsIt() {
        Transaction holder = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        holder.put("t", key(1), val(5));
        Transaction waiter = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        waiter.setLockTimeout(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        assertSqlState(TransactionException.LOCK_NOT_AVAILABLE, () -> waiter.put("t", key(1), val(6)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(140));
        assertFalse(waiter.isActive());
        assertEquals(1, tm.locks().timeouts());
        assertSqlState(TransactionException.IN_FAILED_TRANSACTION, () -> waiter.get("t", key(1)));
        holder.commit();
    }

    @Test
    void aWaitingSessionShowsRowLockContentionAndItsBlocker() {
        Session a = tm.openSession("alice", "app-1");
        Session b = tm.openSession("bob", "app-2");
        Transaction ta = a.begin(IsolationLevel.READ_COMMITTED);
        ta.put("t", key(1), val(5));
        Transaction tb = b.begin(IsolationLevel.READ_COMMITTED);
        b.beginStatement("UPDATE t SET v = 6 WHERE k = 1");
        CompletableFuture<Void> w = blocked(tm, tb.id(), () -> {
            tb.put("t", key(1), val(6));
            return null;
        });
        SessionSnapshot sb = tm.sessionRegistry().session(b.id());
        assertEquals(SessionState.ACTIVE, sb.state());
        assertEquals(WaitEvents.ROW_LOCK, sb.waitEvent());
        assertEquals(WaitClass.APPLICATION, sb.waitClass());
        assertEquals(a.id(), sb.blockingSessionId());
        assertEquals("UPDATE t SET v = 6 WHERE k = 1", sb.statementText());
        assertNotNull(sb.waitStart());
        assertEquals(tb.id(), sb.txnId());
        SessionSnapshot sa = tm.sessionRegistry().session(a.id());
        assertEquals(SessionState.IDLE_IN_TRANSACTION, sa.state());
        assertEquals("alice", sa.user());

        LockSnapshot locks = tm.locks();
        LockSnapshot.Waiter waiter = locks.waiters().get(0);
        assertEquals(List.of(ta.id()), waiter.blockingTxnIds());
        assertEquals(List.of(a.id()), waiter.blockingSessionIds());
        assertTrue(locks.held().stream().anyMatch(h -> h.txnId() == ta.id() && h.key() != null));
        assertTrue(locks.lockWaits() >= 1);

        ta.commit();
        join(w);
        b.endStatement();
        tb.commit();
        SessionSnapshot after = tm.sessionRegistry().session(b.id());
        assertEquals(SessionState.IDLE, after.state());
        assertEquals(null, after.waitEvent());
        WaitEventStats rowLock = tm.waitEvents().event(WaitEvents.ROW_LOCK);
        assertEquals(1, rowLock.waits());
        assertTrue(rowLock.totalNanos() > 0);
        assertEquals(WaitClass.APPLICATION, rowLock.waitClass());
        assertNotNull(tm.waitEvents().event("log file sync"), "commits wait on log file sync");
    }

    @Test
    void ddlWaitsForWritersThroughTheTableLock() {
        Transaction writer = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        writer.put("t", key(1), val(1));
        CompletableFuture<Void> drop = CompletableFuture.runAsync(() -> tm.dropTable("t"), TxnTesting.THREADS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tm.locks().waiters().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("EXCLUSIVE", tm.locks().waiters().get(0).mode());
        assertFalse(drop.isDone());
        writer.commit();
        join(drop);
        assertFalse(tm.tables().contains("t"));
        Transaction t = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertSqlState(TransactionException.UNDEFINED_TABLE, () -> t.get("t", key(1)));
        assertTrue(t.isActive(), "a missing table does not end the transaction");
    }

    @Test
    void explicitTableLocksConflict() {
        Transaction a = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
        Transaction b = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        a.lockTable("t", TableLockMode.SHARED);
        b.lockTable("t", TableLockMode.SHARED);
        b.setLockTimeout(Duration.ZERO);
        assertSqlState(TransactionException.LOCK_NOT_AVAILABLE, () -> b.lockTable("t", TableLockMode.EXCLUSIVE));
        a.lockTable("t", TableLockMode.EXCLUSIVE);
        a.rollback();
    }

    @Test
    void readersNeverWaitForWriters() {
        Transaction writer = tm.openSession("w", null).begin(IsolationLevel.SNAPSHOT);
        writer.put("t", key(1), val(42));
        writer.lockTable("t", TableLockMode.EXCLUSIVE);
        Transaction reader = tm.openSession("r", null).begin(IsolationLevel.SNAPSHOT);
        assertEquals(0L, valOf(reader.get("t", key(1))));
        writer.commit();
        assertEquals(0L, valOf(reader.get("t", key(1))));
        reader.commit();
        assertEquals(0, tm.locks().lockWaits());
    }
}
