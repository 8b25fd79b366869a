package io.cairn.storage.internal.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.Cursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Bottom-up loading: the loaded tree must be a normal, valid B+tree holding exactly the entries. */
class BTreeLoaderTest {

    private static byte[] key(int i, int extra) {
        byte[] k = new byte[4 + extra];
        ByteBuffer.wrap(k).putInt(i);
        Arrays.fill(k, 4, k.length, (byte) 'k');
        return k;
    }

    /** Entries 0..n-1 in key order: mostly small, some long keys, some overflow values. */
    private static TreeMap<Integer, byte[][]> entries(int n, long seed) {
        Random rnd = new Random(seed);
        TreeMap<Integer, byte[][]> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int extra = rnd.nextInt(20) == 0 ? rnd.nextInt(BTree.maxKeyLength() - 4) : rnd.nextInt(30);
            int vlen = rnd.nextInt(50) == 0 ? 3000 + rnd.nextInt(20000) : rnd.nextInt(40);
            byte[] v = new byte[vlen];
            rnd.nextBytes(v);
            m.put(i, new byte[][] {key(i, extra), v});
        }
        return m;
    }

    private static void load(BTree tree, TreeMap<Integer, byte[][]> m, int fill, int batch) {
        BTree.Loader l = tree.loader(fill);
        List<byte[][]> b = new ArrayList<>();
        for (byte[][] e : m.values()) {
            b.add(e);
            if (b.size() == batch) {
                l.append(b);
                b.clear();
                // every append call leaves a valid tree: a log point may come between two
                assertTrue(Issues.of(tree).problems.isEmpty(), () -> "between appends: " + Issues.of(tree));
            }
        }
        l.append(b);
        l.finish();
        assertEquals(m.size(), l.count());
    }

    private static void assertHolds(BTree tree, Map<Integer, byte[][]> m) {
        assertEquals(m.size(), tree.count());
        try (Cursor c = tree.cursor(null, true, null, true, false)) {
            for (byte[][] e : m.values()) {
                assertTrue(c.next());
                assertArrayEquals(e[0], c.key());
                assertArrayEquals(e[1], c.value());
            }
            assertFalse(c.next());
        }
        for (byte[][] e : m.values()) {
            assertArrayEquals(e[1], tree.get(e[0]));
        }
        Issues issues = Issues.of(tree);
        assertTrue(issues.problems.isEmpty(), issues::toString);
    }

    @Test
    void loadsValidTreesOfEverySizeAndFillFactor() {
        for (int n : new int[] {0, 1, 2, 57, 400, 5000}) {
            for (int fill : new int[] {10, 50, 90, 100}) {
                MemoryPageAccess pages = new MemoryPageAccess();
                long root = BTree.create(pages);
                BTree tree = new BTree(pages, root);
                TreeMap<Integer, byte[][]> m = entries(n, n * 31L + fill);
                load(tree, m, fill, 97);
                assertEquals(root, tree.rootPageNo());
                assertHolds(tree, m);
            }
        }
    }

    @Test
    void aFullerFillFactorNeedsFewerPagesAndLowerFillLeavesRoomForInserts() {
        int[] live = new int[2];
        int i = 0;
        for (int fill : new int[] {100, 50}) {
            MemoryPageAccess pages = new MemoryPageAccess();
            BTree tree = new BTree(pages, BTree.create(pages));
            TreeMap<Integer, byte[][]> m = new TreeMap<>();
            for (int k = 0; k < 20_000; k++) {
                m.put(k, new byte[][] {key(k * 2, 8), new byte[12]});
            }
            load(tree, m, fill, 1000);
            live[i++] = pages.livePages();
        }
        assertTrue(live[1] > live[0] * 17 / 10, "50% fill uses about twice the pages of 100%: " + Arrays.toString(live));
    }

    @Test
    void aLoadedTreeTakesRandomPutsAndRemovesLikeAnyOther() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        TreeMap<Integer, byte[][]> m = entries(3000, 5);
        load(tree, m, 90, 200);
        Random rnd = new Random(6);
        for (int op = 0; op < 6000; op++) {
            int k = rnd.nextInt(4000);
            if (rnd.nextBoolean()) {
                byte[][] e = {key(k, rnd.nextInt(40)), new byte[rnd.nextInt(60)]};
                byte[][] old = m.remove(k);
                if (old != null) {
                    tree.remove(old[0]);
                }
                m.put(k, e);
                tree.put(e[0], e[1]);
            } else {
                byte[][] old = m.remove(k);
                if (old != null) {
                    assertArrayEquals(old[1], tree.remove(old[0]));
                }
            }
        }
        assertHolds(tree, m);
    }

    @Test
    void refusesATreeThatIsNotEmptyAndKeysOutOfOrderKeepingTheLoadedPrefix() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        tree.put(key(1, 0), new byte[1]);
        assertThrows(IllegalStateException.class, () -> tree.loader(90));
        assertThrows(IllegalArgumentException.class, () -> tree.loader(5));
        tree.remove(key(1, 0));

        TreeMap<Integer, byte[][]> m = entries(1000, 9);
        BTree.Loader l = tree.loader(90);
        List<byte[][]> batch = new ArrayList<>(m.values());
        batch.add(new byte[][] {key(500, 0), new byte[1]});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.append(batch));
        assertTrue(e.getMessage().contains("order"), e.getMessage());
        assertHolds(tree, m);
        assertThrows(IllegalArgumentException.class, () -> l.append(java.util.Collections.singletonList(
                new byte[][] {m.lastEntry().getValue()[0], new byte[1]})));
        assertThrows(IllegalArgumentException.class,
                () -> l.append(java.util.Collections.singletonList(
                        new byte[][] {new byte[BTree.maxKeyLength() + 1], new byte[1]})));
        l.finish();
        assertHolds(tree, m);
        assertNull(tree.get(key(5000, 0)));
    }
}
