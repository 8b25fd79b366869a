package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Storage;
import io.cairn.storage.Tree;
import io.cairn.storage.internal.btree.BTree;

/** Tree.pages(): kept as pages come and go, exact after reopen, crash images and format-1 files. */
class StoreTreeSizeTest {

    @TempDir
    Path dir;

    private static byte[] key(int k) {
        return StoreModelTest.key(k);
    }

    @Test
    void pagesGrowWithEntriesAndLargeValuesAndShrinkWhenTheyGo() {
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            Tree t = s.createTree("orders");
            assertEquals(1, t.pages(), "a new tree is its root leaf");
            assertEquals(Storage.PAGE_SIZE, t.bytes());
            for (int i = 0; i < 3000; i++) {
                t.put(key(i), new byte[100]);
            }
            long small = t.pages();
            assertTrue(small > 30, "3000 entries of ~110 bytes need many pages: " + small);
            StoreModelTest.assertClean(s); // verify compares every tree's count with its walk
            t.put(key(-1), new byte[20_000]); // an overflow chain of 3 pages
            assertTrue(t.pages() >= small + 3, small + " -> " + t.pages());
            s.commit(null);
            StoreModelTest.assertClean(s);
            t.remove(key(-1));
            assertEquals(small, t.pages(), "the chain's pages are freed with its value");
            for (int i = 0; i < 3000; i++) {
                t.remove(key(i));
            }
            assertEquals(1, t.pages(), "an empty tree is its root again");
            s.commit(null);
            StoreModelTest.assertClean(s);
            Tree other = s.createTree("other");
            other.put(key(1), new byte[9000]);
            assertEquals(3, other.pages(), "root leaf + two overflow pages");
            s.dropTree("orders");
            assertEquals(3, s.openTree("other").pages());
        }
    }

    @Test
    void pagesAreTheSameAfterReopenAndInACrashImage() throws IOException {
        Path crashed = dir.resolve("crashed");
        Path live = dir.resolve("live");
        long committedA;
        long committedB;
        try (Storage s = Storage.open(live, StoreModelTest.smallPool())) {
            Tree a = s.createTree("a");
            Tree b = s.createTree("b");
            Random rnd = new Random(7);
            for (int i = 0; i < 4000; i++) {
                a.put(key(rnd.nextInt(2000)), StoreModelTest.value(rnd, i));
                if (i % 3 == 0) {
                    b.put(key(i), new byte[rnd.nextInt(300)]);
                }
                if (i % 5 == 0) {
                    a.remove(key(rnd.nextInt(2000)));
                }
                if (i % 500 == 499) {
                    s.commit(null);
                }
            }
            s.commit(null);
            committedA = a.pages();
            committedB = b.pages();
            StoreCorruptionTest.copyTree(live, crashed); // a crash image: never closed
            for (int i = 0; i < 500; i++) {
                a.put(key(10_000 + i), new byte[500]); // not committed: the image may hold part of it
            }
        }
        try (Storage s = Storage.open(crashed, StoreModelTest.smallPool())) {
            StoreModelTest.assertClean(s);
            assertEquals(committedB, s.openTree("b").pages());
            assertEquals(new BTreeWalk(s).pages("a"), s.openTree("a").pages());
            assertTrue(s.openTree("a").pages() >= committedA);
        }
        long closedA;
        try (Storage s = Storage.open(live, StoreModelTest.smallPool())) {
            closedA = s.openTree("a").pages();
            assertTrue(closedA > committedA, "the last 500 entries were logged at close");
            assertEquals(new BTreeWalk(s).pages("a"), closedA);
            assertEquals(committedB, s.openTree("b").pages());
        }
    }

    @Test
    void aFormatOneFileIsCountedOnceWhenItsTreesOpen() throws Exception {
        long pages;
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            Tree t = s.createTree("legacy");
            for (int i = 0; i < 2000; i++) {
                t.put(key(i), new byte[i % 100 == 0 ? 10_000 : 80]);
            }
            pages = t.pages();
            // rewrite the catalog value as format 1 wrote it: the root page only
            BTree catalog = catalogOf(s);
            byte[] v = catalog.get("legacy".getBytes(StandardCharsets.UTF_8));
            ((PageStore) s).logPoint(null); // counts first, so nothing writes them back before close
            catalog.put("legacy".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).put(v, 0, 8).array());
            s.commit(null);
        }
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            assertEquals(8, catalogOf(s).get("legacy".getBytes(StandardCharsets.UTF_8)).length);
            assertEquals(pages, s.openTree("legacy").pages(), "counted by a walk");
            StoreModelTest.assertClean(s);
        }
        try (Storage s = Storage.open(dir, StoreModelTest.smallPool())) {
            assertEquals(16, catalogOf(s).get("legacy".getBytes(StandardCharsets.UTF_8)).length,
                    "the close wrote the count");
            assertEquals(pages, s.openTree("legacy").pages());
        }
    }

    private static BTree catalogOf(Storage s) throws ReflectiveOperationException {
        var f = PageStore.class.getDeclaredField("catalog");
        f.setAccessible(true);
        return (BTree) f.get(s);
    }

    /** Counts a tree's pages the slow way, for comparison. */
    private record BTreeWalk(Storage s) {
        long pages(String tree) {
            try {
                BTree catalog = catalogOf(s);
                long root = ByteBuffer.wrap(catalog.get(tree.getBytes(StandardCharsets.UTF_8))).getLong();
                var f = PageStore.class.getDeclaredField("pool");
                f.setAccessible(true);
                return new BTree((io.cairn.storage.internal.page.PageAccess) f.get(s), root).walkPages();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
