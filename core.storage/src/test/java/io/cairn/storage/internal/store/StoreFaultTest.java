package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CheckpointMode;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.io.FaultInjectingChannelFactory;

/** I/O faults on the log and the data file fail the operation and lose no acknowledged commit. */
class StoreFaultTest {

    @TempDir
    Path dir;

    private final Random rnd = new Random(99);
    private final TreeMap<Integer, byte[]> acked = new TreeMap<>();

    private void commitRows(Storage s, int from, int to) {
        Tree t = s.openTree("t");
        TreeMap<Integer, byte[]> pending = new TreeMap<>();
        for (int k = from; k < to; k++) {
            byte[] v = StoreModelTest.value(rnd, k);
            t.put(StoreModelTest.key(k), v);
            pending.put(k, v);
        }
        s.commit(null);
        acked.putAll(pending);
    }

    private void assertAckedPresent() {
        try (Storage s = Storage.open(dir, StorageOptions.defaults())) {
            Tree t = s.openTree("t");
            for (var e : acked.entrySet()) {
                assertArrayEquals(e.getValue(), t.get(StoreModelTest.key(e.getKey())), "acknowledged key " + e.getKey());
            }
            StoreModelTest.assertClean(s);
        }
    }

    private static void closeAfterFailure(Storage s) {
        try {
            s.close();
        } catch (StorageException expected) {
            // the store already failed; closing reports it again
        }
    }

    @Test
    void aFailedLogSyncFailsTheCommitRefusesLaterOnesAndReopenKeepsAcknowledgedCommits() {
        FaultInjectingChannelFactory faults = new FaultInjectingChannelFactory()
                .onlyFor(p -> p.toString().contains(PageStore.WAL_DIR));
        Storage s = Storage.open(dir, StorageOptions.defaults().withChannelFactory(faults));
        s.createTree("t");
        commitRows(s, 0, 300);
        assertEquals(null, s.failure(), "a working store reports no failure");
        faults.failForces(true).loseUnforcedWritesOnFault(true);
        s.openTree("t").put(StoreModelTest.key(5000), new byte[10]);
        StorageException e = assertThrows(StorageException.class, () -> s.commit(null));
        assertTrue(e.getMessage().contains("write-ahead log"), e.getMessage());
        faults.heal();
        assertEquals(e.getMessage(), s.failure(), "health checks see why changes are refused");
        assertThrows(StorageException.class, () -> s.openTree("t").put(StoreModelTest.key(5001), new byte[1]));
        assertThrows(StorageException.class, () -> s.commit(null));
        closeAfterFailure(s);
        assertAckedPresent();
    }

    @Test
    void aFailedDataFileWriteFailsTheCheckpointAndLosesNothing() {
        FaultInjectingChannelFactory faults = new FaultInjectingChannelFactory()
                .onlyFor(p -> p.getFileName().toString().equals(PageFile.FILE_NAME));
        Storage s = Storage.open(dir, StorageOptions.defaults().withChannelFactory(faults));
        s.createTree("t");
        commitRows(s, 0, 500);
        faults.diskFullAfter(0); // every data file write fails, whoever writes first
        StorageException e = assertThrows(StorageException.class, () -> s.checkpoint(CheckpointMode.FULL));
        assertTrue(e.getMessage().contains("cannot write") && e.getMessage().contains("No space left"), e.getMessage());
        faults.heal();
        commitRows(s, 500, 600);
        s.checkpoint(CheckpointMode.FULL);
        s.close();
        assertAckedPresent();
    }

    @Test
    void aFailedDataFileSyncStopsChangesUntilReopen() {
        FaultInjectingChannelFactory faults = new FaultInjectingChannelFactory()
                .onlyFor(p -> p.getFileName().toString().equals(PageFile.FILE_NAME));
        Storage s = Storage.open(dir, StorageOptions.defaults().withChannelFactory(faults));
        s.createTree("t");
        commitRows(s, 0, 500);
        faults.failForces(true).loseUnforcedWritesOnFault(true);
        assertThrows(StorageException.class, () -> s.checkpoint(CheckpointMode.FULL));
        faults.heal();
        assertThrows(StorageException.class, () -> s.commit(null));
        closeAfterFailure(s);
        assertAckedPresent();
    }

    @Test
    void aFailedWriteWhileEvictingFailsTheChangeAndReopenKeepsAcknowledgedCommits() {
        FaultInjectingChannelFactory faults = new FaultInjectingChannelFactory()
                .onlyFor(p -> p.getFileName().toString().equals(PageFile.FILE_NAME));
        Storage s = Storage.open(dir, StorageOptions.defaults().withBufferPoolBytes(32 * 8192).withChannelFactory(faults));
        s.createTree("t");
        commitRows(s, 0, 2000);
        faults.diskFullAfter(0); // every data file write fails, whoever writes first
        StorageException e = assertThrows(StorageException.class, () -> {
            for (int k = 2000; k < 20000; k++) {
                s.openTree("t").put(StoreModelTest.key(k), new byte[100]);
                if (k % 200 == 0) {
                    s.logPoint(null);
                }
            }
        });
        assertTrue(e.getMessage().contains("page"), e.getMessage());
        faults.heal();
        assertThrows(StorageException.class, () -> s.commit(null));
        closeAfterFailure(s);
        assertAckedPresent();
    }

    @Test
    void aDropCutShortByALogFailureIsFinishedOnReopen() {
        FaultInjectingChannelFactory faults = new FaultInjectingChannelFactory()
                .onlyFor(p -> p.toString().contains(PageStore.WAL_DIR));
        StorageOptions options = StorageOptions.defaults().withBufferPoolBytes(32 * 8192).withChannelFactory(faults);
        Storage s = Storage.open(dir, options);
        s.createTree("t");
        commitRows(s, 0, 200);
        Tree big = s.createTree("big");
        for (int k = 0; k < 30_000; k++) {
            big.put(StoreModelTest.key(k), new byte[60]);
        }
        s.commit(null);
        // The first log write after this succeeds (the drop is under way), the second fails.
        faults.failWriteNumber(2);
        assertThrows(StorageException.class, () -> s.dropTree("big"));
        closeAfterFailure(s);
        try (Storage r = Storage.open(dir, StorageOptions.defaults())) {
            assertTrue(!r.treeNames().contains("big"), "the interrupted drop was finished: " + r.treeNames());
            assertTrue(r.fragmentation().freePages() > 100, "its pages are free");
        }
        assertAckedPresent();
    }
}
