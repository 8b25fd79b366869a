package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Cursor;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageStats;
import io.cairn.storage.Tree;

/** Tree.load through the page store: logging cost, durability, and crash images taken mid-load. */
class StoreLoadTest {

    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    private static byte[] keyOf(int i) {
        return ByteBuffer.allocate(12).putInt(i).putLong(~(long) i).array();
    }

    private static byte[] valueOf(int i) {
        return ByteBuffer.allocate(20).putInt(i * 7).array();
    }

    /** Entries 0..n-1; calls {@code at} just before handing out entry {@code atEntry}. */
    private static Cursor source(int n, int atEntry, Runnable at) {
        return new Cursor() {
            int i = -1;

            @Override
            public boolean next() {
                i++;
                if (i == atEntry) {
                    at.run();
                }
                return i < n;
            }

            @Override
            public byte[] key() {
                return keyOf(i);
            }

            @Override
            public byte[] value() {
                return valueOf(i);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The tree holds entries 0..k-1 for some k (a prefix of the load); returns k. */
    private static int assertPrefix(Tree t) {
        int i = 0;
        try (Cursor c = t.cursor(null, true, null, true, false)) {
            while (c.next()) {
                assertArrayEquals(keyOf(i), c.key());
                assertArrayEquals(valueOf(i), c.value());
                i++;
            }
        }
        return i;
    }

    @Test
    void aLoadLogsEachPageAboutOnceAndSurvivesReopen() {
        int n = 60_000;
        long pagesBefore;
        StorageStats before;
        StorageStats after;
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            Tree t = s.createTree("idx");
            s.commit(null);
            pagesBefore = s.fragmentation().pageCount() - s.fragmentation().freePages();
            before = s.stats();
            assertEquals(n, t.load(source(n, -1, null), 100));
            s.commit(null);
            after = s.stats();
            long treePages = s.fragmentation().pageCount() - s.fragmentation().freePages() - pagesBefore;
            long logged = after.pagesLogged() - before.pagesLogged();
            // a 64-page pool forces a log point every ~32 pages: the right edge and the open leaf are logged again
            assertTrue(logged <= treePages * 13 / 10 + 8, "logged " + logged + " page images for " + treePages + " pages");
            StoreModelTest.assertClean(s);
        }
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            assertEquals(n, assertPrefix(s.openTree("idx")));
            StoreModelTest.assertClean(s);
        }
    }

    @Test
    void aCrashImageTakenDuringALoadOpensToAValidTreeHoldingAPrefix() {
        int n = 30_000;
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            Tree other = s.createTree("other");
            Tree t = s.createTree("idx");
            s.commit(null);
            t.load(source(n, n / 2, () -> {
                // another session commits half way: the load's pages so far become durable with it
                other.put(keyOf(1), valueOf(1));
                s.commit(null);
                try {
                    StoreCorruptionTest.copyTree(dir, crashed);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }), 90);
            s.commit(null);
        }
        try (Storage s = Storage.open(crashed, StoreModelTest.smallPool())) {
            int k = assertPrefix(s.openTree("idx"));
            assertTrue(k >= n / 2 - 2000 && k <= n / 2, "prefix of " + k + " entries");
            assertArrayEquals(valueOf(1), s.openTree("other").get(keyOf(1)));
            StoreModelTest.assertClean(s);
        }
    }

    @Test
    void refusesANonEmptyTreeAndBadOrderWithoutStoppingTheStore() {
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            Tree t = s.createTree("idx");
            t.put(keyOf(0), valueOf(0));
            assertThrows(IllegalStateException.class, () -> t.load(source(10, -1, null), 90));
            t.remove(keyOf(0));
            Cursor backwards = new Cursor() {
                int i = 10;

                @Override
                public boolean next() {
                    return --i >= 0;
                }

                @Override
                public byte[] key() {
                    return keyOf(i);
                }

                @Override
                public byte[] value() {
                    return valueOf(i);
                }

                @Override
                public void close() {
                }
            };
            assertThrows(IllegalArgumentException.class, () -> t.load(backwards, 90));
            assertFalse(t.cursor(null, true, null, true, false).next() && t.count() > 1);
            s.commit(null);
            t.put(keyOf(5), valueOf(5));
            s.commit(null);
            StoreModelTest.assertClean(s);
        }
    }
}
