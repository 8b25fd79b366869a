package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.join;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.StorageWaitEvent;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * Early lock release: a commit publishes and releases its locks once its record is logged, then
 * waits for the fsync. The log is held back with a {@link WalGate} (a stalled disk), so every
 * step is ordered by what the engine does, never by timing.
 */
class EarlyLockReleaseTest {

    private static final String LOG_FILE_SYNC = StorageWaitEvent.LOG_FILE_SYNC.eventName();

    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    private final WalGate gate = new WalGate();

    private TransactionManagerImpl open() {
        return TransactionManagerImpl.open(dir, TxnTesting.storageOptions().withChannelFactory(gate),
                TxnTesting.options());
    }

    /** A table "t" with rows 0 → 0 and 1 → 100, durable; returns the SCN of that commit. */
    private static long setUp(TransactionManagerImpl tm) {
        tm.createTable("t");
        Transaction setup = tm.openSession("setup", null).begin(IsolationLevel.SNAPSHOT);
        setup.put("t", key(0), val(0));
        setup.put("t", key(1), val(100));
        return setup.commit();
    }

    /** On another thread, in a transaction of its own: row 0 := row 0 + 1 (locking read), commit. */
    private static CompletableFuture<Long> increment(TransactionManagerImpl tm, String who) {
        return CompletableFuture.supplyAsync(() -> {
            Transaction t = tm.openSession(who, null).begin(IsolationLevel.READ_COMMITTED);
            long v = valOf(t.getForUpdate("t", key(0)));
            t.put("t", key(0), val(v + 1));
            return t.commit();
        }, TxnTesting.THREADS);
    }

    /** Waits until the commit with this SCN is visible to new snapshots. */
    private static void awaitPublished(TransactionManagerImpl tm, long scn) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tm.currentScn() < scn) {
            assertTrue(System.nanoTime() < deadline, "SCN " + scn + " was never published");
            Thread.sleep(1);
        }
    }

    /** Waits until the session waits for the log to be flushed (it joined a group commit). */
    private static void awaitLogFileSync(TransactionManagerImpl tm, Session s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (;;) {
            for (SessionSnapshot snap : tm.sessionRegistry().sessions()) {
                if (snap.sessionId() == s.id() && LOG_FILE_SYNC.equals(snap.waitEvent())) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "session " + s.id() + " never waited for the log");
            Thread.sleep(1);
        }
    }

    @Test
    void committersQueuedOnOneHotRowShareOneFsync() throws Exception {
        try (TransactionManagerImpl tm = open(); gate) { // the gate opens first, even if an assertion fails
            long base = setUp(tm);
            long fsyncsBefore = tm.storage().stats().walFsyncs();
            gate.hold();
            List<CompletableFuture<Long>> commits = new ArrayList<>();
            commits.add(increment(tm, "first"));
            gate.awaitHeld(1); // the first committer leads a group commit and stalls in the log write
            for (int i = 1; i < 8; i++) {
                commits.add(increment(tm, "committer " + i));
            }
            // each took the hot row's lock in turn while the first fsync had not even started
            awaitPublished(tm, base + 8);
            for (CompletableFuture<Long> c : commits) {
                assertFalse(c.isDone(), "a commit was acknowledged before its record was durable");
            }
            gate.release();
            TreeSet<Long> scns = new TreeSet<>();
            for (CompletableFuture<Long> c : commits) {
                scns.add(join(c));
            }
            assertEquals(8, scns.size());
            assertEquals(base + 1, scns.first());
            assertEquals(base + 8, scns.last());
            long fsyncs = tm.storage().stats().walFsyncs() - fsyncsBefore;
            // the stalled group's fsync, then one for the seven queued behind it (holding the lock
            // across the fsync, as before, needs one fsync per commit: 8)
            assertTrue(fsyncs >= 1 && fsyncs <= 2, "8 commits of one row took " + fsyncs + " fsyncs");
            Transaction check = tm.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(8L, valOf(check.get("t", key(0))));
            check.commit();
        }
    }

    @Test
    void aReaderOfACommitThatIsNotDurableYetWaitsForItsFsync() throws Exception {
        try (TransactionManagerImpl tm = open(); gate) { // the gate opens first, even if an assertion fails
            long base = setUp(tm);
            gate.hold();
            CompletableFuture<Long> writer = increment(tm, "writer");
            awaitPublished(tm, base + 1);
            Session rs = tm.openSession("reader", null);
            Transaction reader = rs.begin(IsolationLevel.SNAPSHOT);
            assertEquals(base + 1, reader.snapshotScn());
            // durable rows are read at once while the log is stalled: only the new commit's row waits
            assertEquals(100L, valOf(reader.get("t", key(1))));
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> valOf(reader.get("t", key(0))),
                    TxnTesting.THREADS);
            awaitLogFileSync(tm, rs);
            assertFalse(read.isDone(), "a reader was handed a commit that is not durable");
            assertFalse(writer.isDone());
            gate.release();
            assertEquals(1L, join(read));
            assertEquals(base + 1, join(writer));
            assertEquals(0L, reader.commit());
        }
    }

    @Test
    void aTransactionWithoutWritesIsAcknowledgedOnlyOnceWhatItLockedAndReadIsDurable() throws Exception {
        try (TransactionManagerImpl tm = open(); gate) { // the gate opens first, even if an assertion fails
            long base = setUp(tm);
            gate.hold();
            CompletableFuture<Long> writer = increment(tm, "writer");
            awaitPublished(tm, base + 1);
            Session s = tm.openSession("for share", null);
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            // a locking read never waits for an fsync under its row lock: the writer's lock is already free
            assertEquals(1L, valOf(t.getForShare("t", key(0))));
            CompletableFuture<Long> commit = CompletableFuture.supplyAsync(t::commit, TxnTesting.THREADS);
            awaitLogFileSync(tm, s);
            assertFalse(commit.isDone(), "a commit without writes was acknowledged before what it read was durable");
            gate.release();
            assertEquals(0L, join(commit));
            assertEquals(base + 1, join(writer));
        }
    }

    @Test
    void aPowerLossBeforeTheFsyncLosesOnlyUnacknowledgedCommitsAndNothingAReaderWasShown() throws Exception {
        long base;
        Path before = crashed.resolve("before fsync");
        Path after = crashed.resolve("after fsync");
        try (TransactionManagerImpl tm = open(); gate) { // the gate opens first, even if an assertion fails
            base = setUp(tm);
            gate.hold();
            CompletableFuture<Long> first = increment(tm, "first");
            awaitPublished(tm, base + 1);
            CompletableFuture<Long> second = increment(tm, "second"); // overwrites the first, not yet durable
            awaitPublished(tm, base + 2);
            Session rs = tm.openSession("reader", null);
            Transaction reader = rs.begin(IsolationLevel.SNAPSHOT);
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> valOf(reader.get("t", key(0))),
                    TxnTesting.THREADS);
            awaitLogFileSync(tm, rs);
            assertFalse(first.isDone() || second.isDone() || read.isDone(), "something was acknowledged or shown");
            TxnTesting.copyDirectory(dir, before); // the machine loses power now
            gate.release();
            assertEquals(base + 1, join(first));
            assertEquals(base + 2, join(second));
            assertEquals(2L, join(read));
            TxnTesting.copyDirectory(dir, after);
        }
        try (TransactionManagerImpl tm = TxnTesting.open(before)) {
            assertEquals(base, tm.currentScn(), "only the acknowledged setup commit survives");
            Transaction t = tm.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(0L, valOf(t.get("t", key(0))));
            t.commit();
        }
        try (TransactionManagerImpl tm = TxnTesting.open(after)) {
            assertEquals(base + 2, tm.currentScn());
            Transaction t = tm.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(2L, valOf(t.get("t", key(0))), "both acknowledged commits survive");
            t.commit();
        }
    }

    @Test
    void aFailedLogWriteAcknowledgesNoCommitAndShowsNoReaderItsData() throws Exception {
        long base;
        TransactionManagerImpl tm = open();
        try {
            base = setUp(tm);
            gate.hold();
            CompletableFuture<Long> first = increment(tm, "first");
            awaitPublished(tm, base + 1);
            CompletableFuture<Long> second = increment(tm, "second"); // read and overwrote the first
            awaitPublished(tm, base + 2);
            Session rs = tm.openSession("reader", null);
            Transaction reader = rs.begin(IsolationLevel.SNAPSHOT);
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> valOf(reader.get("t", key(0))),
                    TxnTesting.THREADS);
            awaitLogFileSync(tm, rs);
            gate.fail("injected: Input/output error");

            assertSqlState(TransactionException.TRANSACTION_RESOLUTION_UNKNOWN, () -> join(first));
            assertSqlState(TransactionException.TRANSACTION_RESOLUTION_UNKNOWN, () -> join(second));
            assertSqlState("58030", () -> join(read));
            assertNotNull(tm.storage().failure(), "the store refuses changes after the failed log write");
            // durable rows can still be read; the rows of the failed commits cannot be shown to anyone
            Transaction late = tm.openSession("late reader", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(100L, valOf(late.get("t", key(1))));
            assertSqlState("58030", () -> late.get("t", key(0)));
            Transaction writer = tm.openSession("late writer", null).begin(IsolationLevel.SNAPSHOT);
            assertThrows(RuntimeException.class, () -> writer.put("t", key(1), val(101)));
            TxnTesting.copyDirectory(dir, crashed.resolve("image"));
        } finally {
            gate.close();
            try {
                tm.close();
            } catch (RuntimeException e) {
                // the failed store may refuse its closing checkpoint; the copy above is what matters
            }
        }
        try (TransactionManagerImpl reopened = TxnTesting.open(crashed.resolve("image"))) {
            assertEquals(base, reopened.currentScn());
            Transaction t = reopened.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(0L, valOf(t.get("t", key(0))));
            assertEquals(100L, valOf(t.get("t", key(1))));
            t.commit();
        }
    }
}
