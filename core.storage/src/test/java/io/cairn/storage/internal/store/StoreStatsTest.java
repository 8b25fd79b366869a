package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageStats;
import io.cairn.storage.Tree;

class StoreStatsTest {

    @TempDir
    Path dir;

    @Test
    void walFiguresCountEveryDurableCommit() {
        try (Storage store = Storage.open(dir, StorageOptions.defaults().withBufferPoolBytes(1 << 20))) {
            Tree t = store.createTree("t");
            StorageStats before = store.stats();
            for (int i = 0; i < 20; i++) {
                t.put(new byte[] {(byte) i}, new byte[100]);
                store.commit(new byte[0]);
            }
            StorageStats after = store.stats();
            long fsyncs = after.walFsyncs() - before.walFsyncs();
            // each single-threaded durable commit needs its own fsync; segment preallocation may add a few
            assertTrue(fsyncs >= 20 && fsyncs <= 24, fsyncs + " fsyncs for 20 commits");
            long walBytes = after.walBytesWritten() - before.walBytesWritten();
            assertTrue(walBytes >= 20 * 100L, walBytes + " WAL bytes: each commit logged its 100-byte value");
            // the first commit logs the new tree's page whole, the others only what changed in it
            assertTrue(walBytes < 4 * 8192L, walBytes + " WAL bytes: later commits log page deltas, not 8 KiB images");
            assertTrue(after.walFsyncNanos() > before.walFsyncNanos());
            assertTrue(after.walDurableLsn() == after.walEndLsn());
            assertTrue(after.commitsPerFsync() >= 1.0, String.valueOf(after.commitsPerFsync()));
        }
    }
}
