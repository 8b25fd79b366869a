package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CheckpointMode;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;

/**
 * Recovery: a crash image is taken by copying the database directory while transactions are
 * open (the original is never closed), then opened as a new database.
 */
class RecoveryTest {

    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    private static void copy(Path from, Path to) throws IOException {
        TxnTesting.copyDirectory(from, to);
    }

    @Test
    void uncommittedWritesMadeDurableByOtherCommitsAndCheckpointsAreGoneAfterRecovery() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir);
        tm.createTable("t");
        Session s = tm.openSession("a", null);
        Transaction setup = s.begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < 10; i++) {
            setup.put("t", key(i), val(i));
        }
        long setupScn = setup.commit();

        Session loserSession = tm.openSession("loser", null);
        Transaction loser = loserSession.begin(IsolationLevel.SNAPSHOT);
        loser.put("t", key(1), val(-1));
        loser.put("t", key(1), val(-2));
        loser.delete("t", key(2));
        loser.insert("t", key(100), val(-3));
        tm.storage().checkpoint(CheckpointMode.FULL);
        loser.put("t", key(3), val(-4));

        Session winnerSession = tm.openSession("winner", null);
        Transaction winner = winnerSession.begin(IsolationLevel.SNAPSHOT);
        winner.put("t", key(5), val(55));
        long winnerScn = winner.commit();
        copy(dir, crashed);
        loser.rollback();
        tm.close();

        try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
            assertTrue(recovered.awaitRecovery(30_000));
            assertEquals(4, recovered.recoveredVersions(), "rows 1, 2, 3 and 100 had uncommitted heads");
            assertEquals(winnerScn, recovered.currentScn());
            Transaction t = recovered.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(1L, valOf(t.get("t", key(1))));
            assertEquals(2L, valOf(t.get("t", key(2))));
            assertEquals(3L, valOf(t.get("t", key(3))));
            assertNull(t.get("t", key(100)));
            assertEquals(55L, valOf(t.get("t", key(5))));
            t.put("t", key(1), val(111));
            long next = t.commit();
            assertTrue(next > winnerScn, "SCNs continue after recovery");
            Transaction asOf = recovered.openSession("flashback", null).beginAsOf(setupScn);
            assertEquals(5L, valOf(asOf.get("t", key(5))));
            assertEquals(1L, valOf(asOf.get("t", key(1))));
            asOf.commit();
        }
    }

    /**
     * After a crash the open reads no table: rows of transactions the crash ended are invisible to
     * every snapshot at once, a writer that meets one rolls it back first, and the background pass
     * rolls back the rest. Seen here with the pass held back until the end.
     */
    @Test
    void deadRowsAreInvisibleAndWritableBeforeTheRecoveryPassRuns() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir);
        tm.createTable("t");
        Transaction setup = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < 10; i++) {
            setup.put("t", key(i), val(i));
        }
        setup.commit();
        Transaction loser = tm.openSession("loser", null).begin(IsolationLevel.SNAPSHOT);
        loser.put("t", key(1), val(-1));
        loser.delete("t", key(2));
        loser.insert("t", key(100), val(-100));
        loser.put("t", key(3), val(-3));
        loser.insert("t", key(101), val(-101));
        tm.storage().checkpoint(CheckpointMode.FULL); // the dead heads reach the data file
        copy(dir, crashed);
        loser.rollback();
        tm.close();

        TransactionManagerImpl.startRecoveryPass = false;
        try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
            assertTrue(!recovered.openedClean());
            assertEquals(0, recovered.recoveredVersions(), "the open itself rolled nothing back");
            Transaction r = recovered.openSession("reader", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(1L, valOf(r.get("t", key(1))));
            assertEquals(2L, valOf(r.get("t", key(2))));
            assertNull(r.get("t", key(100)));
            java.util.List<Long> seen = new java.util.ArrayList<>();
            try (io.cairn.txn.RowCursor c = r.scan("t", null, true, null, true, false)) {
                while (c.next()) {
                    seen.add(valOf(c.value()));
                }
            }
            assertEquals(java.util.List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seen);
            r.commit();

            Transaction w = recovered.openSession("writer", null).begin(IsolationLevel.SNAPSHOT);
            w.put("t", key(1), val(11)); // over a dead update
            assertTrue(w.insert("t", key(100), val(100)), "a dead insert does not make the key exist");
            assertTrue(w.delete("t", key(2)), "the row a dead delete removed is still there to delete");
            w.commit();
            assertEquals(3, recovered.recoveredVersions(), "each writer rolled back the dead head it met");

            recovered.runRecoveryPass();
            assertEquals(5, recovered.recoveredVersions(), "the pass rolled back rows 3 and 101");
            Transaction after = recovered.openSession("after", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(11L, valOf(after.get("t", key(1))));
            assertNull(after.get("t", key(2)));
            assertEquals(3L, valOf(after.get("t", key(3))));
            assertEquals(100L, valOf(after.get("t", key(100))));
            assertNull(after.get("t", key(101)));
            after.commit();
            assertTrue(recovered.storage().verify().clean());
        } finally {
            TransactionManagerImpl.startRecoveryPass = true;
        }
    }

    @Test
    void aCleanCloseSkipsTheTableScanButTheNextCrashImageIsStillRecovered() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir);
        tm.createTable("t");
        Transaction setup = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
        setup.put("t", key(1), val(1));
        setup.commit();
        Transaction open = tm.openSession("open at close", null).begin(IsolationLevel.SNAPSHOT);
        open.put("t", key(1), val(-1));
        open.insert("t", key(2), val(-2));
        tm.storage().checkpoint(CheckpointMode.FULL);
        tm.close(); // rolls the open transaction back first, so the close is clean

        TransactionManagerImpl reopened = TxnTesting.open(dir);
        assertTrue(reopened.openedClean());
        Transaction read = reopened.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
        assertEquals(1L, valOf(read.get("t", key(1))));
        assertNull(read.get("t", key(2)));
        read.commit();

        // the open consumed the mark: a crash of this incarnation is recovered by the scan
        Transaction loser = reopened.openSession("loser", null).begin(IsolationLevel.SNAPSHOT);
        loser.put("t", key(1), val(-3));
        reopened.storage().checkpoint(CheckpointMode.FULL);
        copy(dir, crashed);
        loser.rollback();
        reopened.close();
        try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
            assertTrue(!recovered.openedClean());
            assertTrue(recovered.awaitRecovery(30_000));
            assertEquals(1, recovered.recoveredVersions());
            Transaction t = recovered.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(1L, valOf(t.get("t", key(1))));
            t.commit();
        }
    }

    @Test
    void asyncCommitsBecomeDurableWithinTheAsyncWindow() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir,
                TxnTesting.options().withAsyncCommitDelay(java.time.Duration.ofMillis(50)));
        tm.createTable("t");
        Transaction t = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
        t.put("t", key(1), val(1));
        long scn = t.commit(io.cairn.txn.CommitMode.ASYNC);
        long durableBefore = tm.storage().stats().walDurableLsn();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (tm.storage().stats().walDurableLsn() == durableBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        copy(dir, crashed);
        tm.close();
        try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
            assertEquals(scn, recovered.currentScn());
            Transaction r = recovered.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(1L, valOf(r.get("t", key(1))));
            r.commit();
        }
    }

    @Test
    void aCleanRestartKeepsScnsTxnIdsAndTheHorizon() {
        long scn;
        long txnId;
        long horizon;
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            Transaction t = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
            t.put("t", key(1), val(1));
            txnId = t.id();
            scn = t.commit();
            Transaction t2 = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
            t2.put("t", key(1), val(2));
            t2.commit();
            horizon = tm.vacuum().horizon();
        }
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            assertEquals(scn + 1, tm.currentScn());
            assertEquals(horizon, tm.retentionHorizon());
            Transaction t = tm.openSession("b", null).begin(IsolationLevel.SNAPSHOT);
            assertTrue(t.id() > txnId);
            assertEquals(2L, valOf(t.get("t", key(1))));
            t.commit();
        }
    }
}
