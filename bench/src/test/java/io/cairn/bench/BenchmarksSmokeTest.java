package io.cairn.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark's setup, a few of its operations and its teardown with tiny sizes, outside
 * JMH, so the build proves the benchmarks still work against the current storage API.
 */
class BenchmarksSmokeTest {

    private static final int KEYS = 2_000;

    @TempDir
    Path tmp;

    private <T extends EngineState> T sized(T state, String engine) {
        System.setProperty(Engines.DIR_PROPERTY, tmp.toString());
        state.engine = engine;
        state.keys = KEYS;
        state.valueSize = 100;
        state.cacheMiB = 4;
        return state;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.CAIRN, Engines.MVSTORE})
    void pointGetReturnsTheLoadedValue(String engine) {
        PointGetBench b = sized(new PointGetBench(), engine);
        b.setUp();
        try {
            for (int i = 0; i < 100; i++) {
                byte[] v = b.get();
                assertEquals(100, v.length);
                assertTrue(Keys.decode(v) < KEYS);
            }
            assertArrayEquals(Keys.value(1234, 100), b.store.get(Keys.key(1234)));
            assertNull(b.store.get(Keys.key(KEYS)));
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.CAIRN, Engines.MVSTORE})
    void randomPutOverwritesKeysInTheKeySpace(String engine) {
        RandomPutBench b = sized(new RandomPutBench(), engine);
        b.setUp();
        try {
            for (int i = 0; i < 500; i++) {
                b.put();
            }
            List<Long> seen = new ArrayList<>();
            assertEquals(KEYS, b.store.scan(Keys.key(0), Integer.MAX_VALUE, (k, v) -> seen.add(Keys.decode(k))));
            assertEquals(KEYS - 1, seen.get(KEYS - 1));
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.CAIRN, Engines.MVSTORE})
    void rangeScanReadsConsecutiveEntriesInKeyOrder(String engine) {
        RangeScanBench b = sized(new RangeScanBench(), engine);
        b.length = 100;
        b.setUp();
        try {
            List<Long> keys = new ArrayList<>();
            int n = b.scanFrom(250, (k, v) -> {
                assertArrayEquals(Keys.value(Keys.decode(k), 100), v);
                keys.add(Keys.decode(k));
            });
            assertEquals(100, n);
            for (int i = 0; i < 100; i++) {
                assertEquals(250 + i, keys.get(i));
            }
            // The 256 boundary is where signed and unsigned byte order differ.
            assertEquals(KEYS - 1900, b.scanFrom(1900, (k, v) -> { }));
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.CAIRN, Engines.MVSTORE})
    void durableCommitsSurviveAReopen(String engine) throws InterruptedException {
        DurableCommitBench b = sized(new DurableCommitBench(), engine);
        b.setUp();
        try {
            for (int i = 0; i < 5; i++) {
                b.commit1();
            }
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 5; i++) {
                        b.commit8();
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            int[] committed = new int[1];
            b.store.scan(Keys.key(0), Integer.MAX_VALUE, (k, v) -> committed[0]++);
            assertTrue(committed[0] > 0 && committed[0] <= 25, "entries: " + committed[0]);
            b.store.close();
            b.store = Engines.open(engine, b.dir, 4 << 20);
            int[] reopened = new int[1];
            b.store.scan(Keys.key(0), Integer.MAX_VALUE, (k, v) -> reopened[0]++);
            assertEquals(committed[0], reopened[0]);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void txnCommitsUpdateRowsDurably() throws Exception {
        System.setProperty(Engines.DIR_PROPERTY, tmp.toString());
        TxnCommitBench b = new TxnCommitBench();
        b.rows = KEYS;
        b.valueSize = 100;
        b.setUp();
        try {
            List<Thread> threads = new ArrayList<>();
            long[] lastScn = new long[4];
            for (int t = 0; t < 4; t++) {
                int id = t;
                threads.add(new Thread(() -> {
                    TxnCommitBench.Client c = new TxnCommitBench.Client();
                    c.open(b);
                    for (int i = 0; i < 10; i++) {
                        lastScn[id] = Math.max(lastScn[id], id == 0 ? b.update1(c) : b.update8(c));
                    }
                    c.close();
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            for (long scn : lastScn) {
                assertTrue(scn > 0, "every thread committed");
            }
            // Every row is still there, each with its own or its successor's value (an update writes key k + 1's value).
            b.tm.close();
            b.tm = io.cairn.txn.TransactionManager.open(b.dir, io.cairn.storage.StorageOptions.defaults(),
                    io.cairn.txn.TransactionOptions.defaults());
            io.cairn.txn.Session s = b.tm.openSession("check", null);
            int updated = 0;
            try (io.cairn.txn.Transaction t = s.begin(io.cairn.txn.IsolationLevel.SNAPSHOT)) {
                for (long k = 0; k < KEYS; k++) {
                    byte[] v = t.get(TxnCommitBench.TABLE, Keys.key(k));
                    if (java.util.Arrays.equals(v, Keys.value(k + 1, 100))) {
                        updated++;
                    } else {
                        assertArrayEquals(Keys.value(k, 100), v, "row " + k);
                    }
                }
                t.commit();
            }
            s.close();
            assertTrue(updated > 0 && updated <= 40, "updated rows after reopen: " + updated);
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"append", "overwrite"})
    void fsyncFloorWritesWholeBlocks(String mode) throws IOException {
        System.setProperty(Engines.DIR_PROPERTY, tmp.toString());
        FsyncFloorBench b = new FsyncFloorBench();
        b.mode = mode;
        b.blockSize = 4096;
        b.setUp();
        try {
            long pos = 0;
            for (int i = 0; i < 3; i++) {
                pos = b.writeAndForce();
            }
            assertEquals(3 * 4096, pos);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void scanReadAheadScansEveryTreeWithAndWithoutReadAhead() throws Exception {
        List<ScanReadAheadBench.Result> results = ScanReadAheadBench.run(tmp.resolve("scan"), 1 << 20, 2 << 20, 1);
        assertEquals(6, results.size());
        for (ScanReadAheadBench.Result r : results) {
            assertTrue(r.entries() > 5_000, r.toString());
            assertTrue(r.pagesRead() > 0, r.toString());
        }
    }

    @Test
    void recoveryRedoesTheLogOfAKilledWriter() throws Exception {
        RecoveryBench.Result r = RecoveryBench.run(tmp.resolve("db"), 4, 5_000);
        assertTrue(r.walBytes() >= 4 << 20, "log bytes " + r.walBytes());
        assertTrue(r.groupsRecovered() > 0, "groups " + r.groupsRecovered());
        assertEquals(r.keysCommitted(), r.keysAfterRecovery());
        assertTrue(r.seconds() > 0);
    }
}
