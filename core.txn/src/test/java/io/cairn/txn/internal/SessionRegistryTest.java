package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.StorageWaitEvent;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.SessionState;
import io.cairn.txn.Transaction;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEventStats;

/** Sessions as v$session shows them, and storage waits landing on the session that waits. */
class SessionRegistryTest {

    @TempDir
    Path dir;

    @Test
    void aStorageWaitShowsOnTheBoundSessionAndInTheCounters() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            SessionImpl s = (SessionImpl) tm.openSession("carol", "psql");
            WaitEventsImpl waits = (WaitEventsImpl) tm.waitEvents();
            SessionImpl prev = s.bind();
            try {
                waits.beginWait(StorageWaitEvent.DATA_FILE_READ);
                SessionSnapshot during = tm.sessionRegistry().session(s.id());
                assertEquals("data file read", during.waitEvent());
                assertEquals(WaitClass.USER_IO, during.waitClass());
                assertEquals(SessionState.ACTIVE, during.state());
                waits.endWait(StorageWaitEvent.DATA_FILE_READ, 1234);
            } finally {
                s.unbind(prev);
            }
            SessionSnapshot after = tm.sessionRegistry().session(s.id());
            assertNull(after.waitEvent());
            assertEquals(SessionState.IDLE, after.state());
            WaitEventStats read = tm.waitEvents().event("data file read");
            assertTrue(read.waits() >= 1 && read.totalNanos() >= 1234);
            assertEquals(WaitClass.USER_IO, read.waitClass());
        }
    }

    @Test
    void theSqlLayerCanRecordItsOwnIdleWaits() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            Session s = tm.openSession("dave", "jdbc");
            s.beginWait("SQL*Net message from client", WaitClass.IDLE);
            assertEquals("SQL*Net message from client", tm.sessionRegistry().session(s.id()).waitEvent());
            s.endWait();
            assertNull(tm.sessionRegistry().session(s.id()).waitEvent());
            WaitEventStats idle = tm.waitEvents().event("SQL*Net message from client");
            assertEquals(1, idle.waits());
            assertEquals(WaitClass.IDLE, idle.waitClass());
        }
    }

    @Test
    void coldReadsAreCountedAsDataFileReads() {
        byte[] big = new byte[600];
        new Random(3).nextBytes(big);
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            Transaction t = tm.openSession("load", null).begin(IsolationLevel.READ_COMMITTED);
            for (int i = 0; i < 4000; i++) {
                t.put("t", key(i), big);
            }
            t.commit();
        }
        try (TransactionManagerImpl tm = TransactionManagerImpl.open(dir,
                TxnTesting.storageOptions().withBufferPoolBytes(32 * 8192), TxnTesting.options())) {
            Transaction t = tm.openSession("scan", null).begin(IsolationLevel.SNAPSHOT);
            int rows = 0;
            try (RowCursor c = t.scan("t", null, true, null, true, false)) {
                while (c.next()) {
                    rows++;
                }
            }
            assertEquals(4000, rows);
            WaitEventStats read = tm.waitEvents().event("data file read");
            // One wait per read of the data file: about 300 leaves, read ahead a few adjacent ones
            // at a time (a 32-frame pool allows a window of 4 pages), about 90 reads.
            assertTrue(read != null && read.waits() > 50, "cold scan read pages: " + read);
        }
    }

    @Test
    void hundredsOfSessionsSnapshotCheaply() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Session s = tm.openSession("user" + i, "client" + i);
                if (i % 3 == 0) {
                    s.begin(IsolationLevel.READ_COMMITTED).put("t", key(i), new byte[] {1});
                }
                sessions.add(s);
            }
            List<SessionSnapshot> snap = null;
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 20; round++) {
                long t0 = System.nanoTime();
                snap = tm.sessionRegistry().sessions();
                best = Math.min(best, System.nanoTime() - t0);
            }
            assertEquals(500, snap.size());
            assertTrue(best < 20_000_000, "500 sessions in " + best + " ns");
            assertEquals(167, snap.stream().filter(x -> x.state() == SessionState.IDLE_IN_TRANSACTION).count());
            assertTrue(snap.stream().filter(x -> x.txnId() != 0).allMatch(x -> x.transactionStart() != null));
            sessions.get(0).close();
            assertEquals(499, tm.sessionRegistry().sessions().size());
            assertNull(tm.sessionRegistry().session(sessions.get(0).id()));
        }
    }
}
