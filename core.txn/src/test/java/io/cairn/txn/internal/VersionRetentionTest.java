package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.VacuumResult;
import io.cairn.txn.VersionRetention;
import io.cairn.txn.VersionStats;

/** Old versions: long readers, AS OF reads, the retention horizon and VACUUM. */
class VersionRetentionTest {

    private static final int ROWS = 50;

    @TempDir
    Path dir;

    private TransactionManagerImpl tm;
    private Session session;

    @BeforeEach
    void setUp() {
        tm = TxnTesting.open(dir);
        tm.createTable("acct");
        session = tm.openSession("test", null);
        Transaction t = session.begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < ROWS; i++) {
            t.put("acct", key(i), val(100));
        }
        t.commit();
    }

    @AfterEach
    void tearDown() {
        tm.close();
    }

    private static Map<Integer, Long> readAll(Transaction t) {
        Map<Integer, Long> rows = new HashMap<>();
        try (RowCursor c = t.scan("acct", null, true, null, true, false)) {
            while (c.next()) {
                rows.put(TxnTesting.keyOf(c.key()), valOf(c.value()));
            }
        }
        return rows;
    }

    private static long total(Map<Integer, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void aLongReaderKeepsItsSnapshotWhileWritersChurnAndVacuumReclaimsAfterwards() throws Exception {
        Session readerSession = tm.openSession("reader", null);
        Transaction reader = readerSession.begin(IsolationLevel.SNAPSHOT);
        Map<Integer, Long> before = readAll(reader);
        assertEquals(ROWS * 100L, total(before));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int seed = w;
            Thread th = new Thread(() -> {
                Random rnd = new Random(20261125L + seed);
                Session s = tm.openSession("writer" + seed, null);
                while (!stop.get() && commits.get() < 600) {
                    try (Transaction t = s.begin(IsolationLevel.READ_COMMITTED)) {
                        int a = rnd.nextInt(ROWS);
                        int b = rnd.nextInt(ROWS);
                        if (a == b) {
                            continue;
                        }
                        long va = valOf(t.getForUpdate("acct", key(Math.min(a, b))));
                        long vb = valOf(t.getForUpdate("acct", key(Math.max(a, b))));
                        t.put("acct", key(Math.min(a, b)), val(va - 1));
                        t.put("acct", key(Math.max(a, b)), val(vb + 1));
                        t.commit();
                        commits.incrementAndGet();
                    }
                }
            });
            writers.add(th);
            th.start();
        }
        int vacuums = 0;
        while (commits.get() < 600 && writers.stream().anyMatch(Thread::isAlive)) {
            VacuumResult r = tm.vacuum();
            assertTrue(r.horizon() <= reader.snapshotScn(), "the horizon stays at the open snapshot");
            assertEquals(before, readAll(reader), "the long reader's snapshot is intact after vacuum " + vacuums);
            vacuums++;
        }
        stop.set(true);
        for (Thread th : writers) {
            th.join();
        }
        assertTrue(commits.get() >= 600, "the writers finished their work");
        assertEquals(before, readAll(reader));
        VersionStats held = tm.versionStats();
        assertTrue(held.undoVersions() >= 600, "undo holds what the reader may need: " + held);
        reader.commit();

        VersionStats stats = tm.versionStats();
        assertTrue(stats.deadVersions() > 0, "versions become dead once the reader is gone: " + stats);
        VacuumResult r = tm.vacuum();
        assertTrue(r.versionsRemoved() >= stats.deadVersions() - 0, "vacuum removed " + r + " of " + stats);
        VersionStats after = tm.versionStats();
        assertEquals(0, after.deadVersions());
        assertTrue(after.undoVersions() < held.undoVersions());
        Transaction check = session.begin(IsolationLevel.SNAPSHOT);
        assertEquals(ROWS * 100L, total(readAll(check)));
        check.commit();
    }

    @Test
    void asOfReadsSeeThePastAndTooOldSnapshotsFailWith72000() {
        long scn0 = tm.currentScn();
        Transaction t = session.begin(IsolationLevel.SNAPSHOT);
        t.put("acct", key(1), val(7));
        t.delete("acct", key(2));
        long scn1 = t.commit();
        assertTrue(scn1 > scn0);

        Transaction past = session.beginAsOf(scn0);
        assertEquals(100L, valOf(past.get("acct", key(1))));
        assertEquals(100L, valOf(past.get("acct", key(2))));
        assertEquals(ROWS, readAll(past).size());
        assertSqlState(TransactionException.READ_ONLY_TRANSACTION, () -> past.put("acct", key(1), val(1)));
        Transaction now = session.beginAsOf(scn1);
        assertEquals(7L, valOf(now.get("acct", key(1))));
        assertNull(now.get("acct", key(2)));
        now.commit();

        tm.vacuum();
        assertEquals(scn1, tm.retentionHorizon());
        assertSqlState(TransactionException.SNAPSHOT_TOO_OLD, () -> session.beginAsOf(scn0));
        assertSqlState(TransactionException.INVALID_PARAMETER_VALUE, () -> session.beginAsOf(scn1 + 5));
    }

    @Test
    void versionRetentionKeepsVersionsBackToItsScn() {
        long keepFrom = tm.currentScn();
        VersionRetention flashback = () -> keepFrom;
        tm.addVersionRetention(flashback);
        for (int i = 0; i < 5; i++) {
            Transaction t = session.begin(IsolationLevel.SNAPSHOT);
            t.put("acct", key(3), val(200 + i));
            t.commit();
        }
        VacuumResult r = tm.vacuum();
        assertEquals(keepFrom, r.horizon());
        assertEquals(0, r.versionsRemoved());
        Transaction old = session.beginAsOf(keepFrom);
        assertEquals(100L, valOf(old.get("acct", key(3))));
        old.commit();

        tm.removeVersionRetention(flashback);
        VacuumResult r2 = tm.vacuum();
        assertEquals(tm.currentScn(), r2.horizon());
        assertEquals(5, r2.versionsRemoved());
        assertEquals(0, tm.versionStats().undoVersions());
    }

    @Test
    void vacuumRemovesDeletedRowsOnceNoSnapshotSeesThem() {
        Transaction t = session.begin(IsolationLevel.SNAPSHOT);
        t.delete("acct", key(4));
        t.commit();
        VersionStats stats = tm.versionStats();
        assertEquals(2, stats.deadVersions(), "the old row in undo and the deleted head");
        VacuumResult r = tm.vacuum();
        assertEquals(1, r.deletedRowsRemoved());
        assertEquals(1, r.versionsRemoved());
        assertEquals(0, tm.versionStats().deadVersions());
        Transaction again = session.begin(IsolationLevel.SNAPSHOT);
        assertNull(again.get("acct", key(4)));
        assertTrue(again.insert("acct", key(4), val(1)));
        again.commit();
    }

    @Test
    void vacuumStampsHeadsAndPrunesCommitRecordsWithoutLosingRows(@TempDir Path crashed) throws Exception {
        for (int i = 0; i < 20; i++) {
            Transaction t = session.begin(IsolationLevel.SNAPSHOT);
            t.put("acct", key(i), val(i));
            t.commit();
        }
        assertTrue(tm.commitRecords() >= 21);
        // holds row 7 over a committed head whose commit record is about to go
        Transaction open = tm.openSession("other", null).begin(IsolationLevel.SNAPSHOT);
        open.put("acct", key(7), val(777));
        VacuumResult r = tm.vacuum();
        assertEquals(1, r.skipped(), "row 7's old versions are locked by the open transaction");
        assertEquals(0, tm.commitRecords(), "every committed head is stamped, the records go");
        open.rollback();
        tm.storage().checkpoint(io.cairn.storage.CheckpointMode.FULL);
        TxnTesting.copyDirectory(dir, crashed); // a crash image, so open runs the recovery scan
        tm.close();
        tm = TxnTesting.open(crashed);
        assertTrue(!tm.openedClean());
        assertTrue(tm.awaitRecovery(30_000));
        assertEquals(0, tm.recoveredVersions(), "stamped heads are not mistaken for uncommitted ones");
        Transaction t = tm.openSession("after", null).begin(IsolationLevel.SNAPSHOT);
        Map<Integer, Long> rows = readAll(t);
        assertEquals(ROWS, rows.size());
        assertEquals(7L, rows.get(7));
        assertEquals(100L, rows.get(30));
        t.commit();
    }

    @Test
    void savepointsUndoLaterWritesOnly() {
        Transaction t = session.begin(IsolationLevel.SNAPSHOT);
        t.put("acct", key(1), val(1));
        var sp = t.savepoint("a");
        t.put("acct", key(1), val(2));
        t.delete("acct", key(2));
        t.insert("acct", key(1000), val(3));
        t.rollbackTo(sp);
        assertEquals(1L, valOf(t.get("acct", key(1))));
        assertEquals(100L, valOf(t.get("acct", key(2))));
        assertNull(t.get("acct", key(1000)));
        t.commit();
        Transaction r = session.begin(IsolationLevel.SNAPSHOT);
        assertEquals(1L, valOf(r.get("acct", key(1))));
        assertEquals(ROWS, readAll(r).size());
        r.commit();
        assertEquals(1, tm.versionStats().undoVersions());
    }

    @Test
    void scnsMapToWallClockTimeAndBack() throws Exception {
        Instant start = Instant.now();
        long first = 0;
        for (int i = 0; i < 3; i++) {
            Transaction t = session.begin(IsolationLevel.SNAPSHOT);
            t.put("acct", key(1), val(i));
            long scn = t.commit();
            first = first == 0 ? scn : first;
        }
        long last = tm.currentScn();
        Instant lastTime = tm.timeOf(last);
        assertTrue(!lastTime.isBefore(start.minusSeconds(1)) && !lastTime.isAfter(Instant.now()));
        assertEquals(last, tm.scnAt(Instant.now().plusSeconds(2)));
        assertTrue(tm.scnAt(start.minusSeconds(3600)) < first);
        Thread.sleep(1100);
        Transaction t = session.begin(IsolationLevel.SNAPSHOT);
        t.put("acct", key(1), val(9));
        long later = t.commit();
        Instant laterTime = tm.timeOf(later);
        assertTrue(laterTime.isAfter(lastTime));
        Instant nextSecondAfterLast = Instant.ofEpochSecond(lastTime.getEpochSecond() + 1);
        assertTrue(nextSecondAfterLast.isBefore(laterTime));
        assertEquals(last, tm.scnAt(nextSecondAfterLast));
        assertEquals(later, tm.scnAt(laterTime));
    }
}
