package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Cursor;
import io.cairn.storage.IoCounter;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

/** What statement events report as pages read and hit: every page a lookup or a scan pins, on its own thread only. */
class IoCounterTest {

    @TempDir
    Path dir;

    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    @Test
    void lookupsAndScansCountEveryPageTheyPinOnTheirThread() throws Exception {
        StorageOptions options = StorageOptions.defaults().withBufferPoolBytes(4 << 20);
        try (Storage store = Storage.open(dir, options)) {
            Tree t = store.createTree("t");
            for (int i = 0; i < 5000; i++) {
                t.put(key(i), new byte[100]);
            }
            store.commit(new byte[0]);
        }
        IoCounter.enable();
        try (Storage store = Storage.open(dir, options)) { // a cold buffer pool
            Tree t = store.openTree("t");
            IoCounter io = IoCounter.forCurrentThread();
            long read0 = io.pagesRead();
            long hit0 = io.pagesHit();
            t.get(key(17));
            long read = io.pagesRead() - read0;
            long hit = io.pagesHit() - hit0;
            assertTrue(read >= 1, "the leaf came from the data file: " + read + " read, " + hit + " hit");
            long depth = read + hit;
            assertTrue(depth >= 2, "5,000 entries of 100 bytes need more than one level: " + depth);

            t.get(key(17)); // the same path again: all in the pool now
            assertEquals(read0 + read, io.pagesRead());
            assertEquals(hit0 + hit + depth, io.pagesHit());

            long before = io.pagesRead() + io.pagesHit();
            int entries = 0;
            try (Cursor c = t.cursor(null, true, null, true, false)) {
                while (c.next()) {
                    entries++;
                }
            }
            assertEquals(5000, entries);
            long scanned = io.pagesRead() + io.pagesHit() - before;
            assertTrue(scanned >= t.pages(), "a full scan pins every page at least once: " + scanned + " of " + t.pages());

            // another thread's lookups count on its own counter, not this one
            long mine = io.pagesRead() + io.pagesHit();
            AtomicReference<long[]> other = new AtomicReference<>();
            Thread th = new Thread(() -> {
                IoCounter own = IoCounter.forCurrentThread();
                t.get(key(4000));
                other.set(new long[] {own.pagesRead(), own.pagesHit()});
            });
            th.start();
            th.join();
            assertEquals(mine, io.pagesRead() + io.pagesHit());
            assertEquals(depth, other.get()[0] + other.get()[1]);

            IoCounter.disable();
            try {
                t.get(key(18));
                assertEquals(mine, io.pagesRead() + io.pagesHit(), "counting is off");
            } finally {
                IoCounter.enable(); // balanced by the finally below
            }
        } finally {
            IoCounter.disable();
        }
    }
}
