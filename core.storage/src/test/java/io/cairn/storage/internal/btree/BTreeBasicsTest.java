package io.cairn.storage.internal.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BTreeBasicsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetReplaceRemoveOnASingleLeaf() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        assertNull(tree.put(b("b"), b("2")));
        assertNull(tree.put(b("a"), b("1")));
        assertArrayEquals(b("2"), tree.put(b("b"), b("two")));
        assertArrayEquals(b("two"), tree.get(b("b")));
        assertArrayEquals(b("1"), tree.remove(b("a")));
        assertNull(tree.get(b("a")));
        assertNull(tree.remove(b("a")));
        assertEquals(1, tree.count());
        assertEquals(0, pages.pinned());
    }

    @Test
    void putIfAbsentInsertsNewKeysAndLeavesPresentOnesAndTheirOverflowPagesAlone() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        java.util.TreeMap<Integer, Integer> model = new java.util.TreeMap<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) { // enough to split leaves and inner nodes
            int k = random.nextInt(8_000);
            int v = i;
            byte[] value = new byte[k % 500 == 0 ? 9000 : 20]; // some values in overflow chains
            value[0] = (byte) v;
            byte[] present = tree.putIfAbsent(b("key" + k), value);
            Integer expected = model.putIfAbsent(k, v);
            if (expected == null) {
                assertNull(present);
            } else {
                assertEquals((byte) (int) expected, present[0], "the present value is returned, unchanged");
            }
        }
        assertEquals(model.size(), tree.count());
        for (var e : model.entrySet()) {
            assertEquals((byte) (int) e.getValue(), tree.get(b("key" + e.getKey()))[0]);
        }
        long live = pages.livePages();
        for (int k : model.keySet()) {
            assertTrue(tree.putIfAbsent(b("key" + k), new byte[9000]) != null);
        }
        assertEquals(live, pages.livePages(), "a refused value leaves no overflow chain behind");
        assertTrue(Issues.of(tree).problems.isEmpty());
        assertEquals(0, pages.pinned());
    }

    @Test
    void replacingValuesOfTheSameSizeKeepsThePageCompactAndFreesOldOverflowChains() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 40; i++) {
                byte[] v = new byte[i % 10 == 0 ? 9000 : 100];
                java.util.Arrays.fill(v, (byte) round);
                byte[] prev = tree.put(b("key" + i), v);
                if (round > 0) {
                    assertEquals((byte) (round - 1), prev[prev.length - 1]);
                }
            }
        }
        try (io.cairn.storage.internal.page.Page p = pages.pin(tree.rootPageNo())) {
            assertEquals(0, Node.fragmented(p.buffer()));
        }
        assertEquals(1 + 4 * 2, pages.livePages(), "the root leaf plus four 2-page overflow chains");
        assertTrue(Issues.of(tree).problems.isEmpty());
        assertEquals(0, pages.pinned());
    }

    @Test
    void rejectsKeysLongerThanTheLimitNamingBoth() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        int max = BTree.maxKeyLength();
        tree.put(new byte[max], b("ok"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tree.put(new byte[max + 1], b("no")));
        assertTrue(e.getMessage().contains(String.valueOf(max + 1)), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(max)), e.getMessage());
    }

    @Test
    void storesValuesOfSeveralMegabytesInOverflowPagesAndFreesThemOnRemove() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        tree.put(b("big"), big);
        assertArrayEquals(big, tree.get(b("big")));
        assertTrue(pages.livePages() > 600);
        byte[] small = b("small now");
        assertArrayEquals(big, tree.put(b("big"), small));
        assertEquals(1, pages.livePages());
        tree.put(b("big"), big);
        assertArrayEquals(big, tree.remove(b("big")));
        assertEquals(1, pages.livePages());
        assertEquals(0, pages.pinned());
    }

    @Test
    void cursorHasNoEntryBeforeTheFirstStepOrAfterTheEndAndClosesTwice() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        tree.put(b("a"), b("1"));
        Cursor c = tree.cursor(null, true, null, true, false);
        assertThrows(java.util.NoSuchElementException.class, c::key);
        assertTrue(c.next());
        assertArrayEquals(b("a"), c.key());
        assertArrayEquals(b("1"), c.value());
        assertFalse(c.next());
        assertThrows(java.util.NoSuchElementException.class, c::value);
        c.close();
        c.close();
        assertFalse(c.next());
        // bounds that exclude everything, and crossed bounds
        try (Cursor e = tree.cursor(b("a"), false, b("a"), true, false)) {
            assertFalse(e.next());
        }
        try (Cursor e = tree.cursor(b("z"), true, b("a"), true, true)) {
            assertFalse(e.next());
        }
        assertEquals(0, pages.pinned());
    }

    @Test
    void scansForwardAndBackwardWithinBounds() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        for (int i = 0; i < 5000; i++) {
            tree.put(b(String.format("k%05d", i)), b("v" + i));
        }
        List<String> seen = new ArrayList<>();
        try (Cursor c = tree.cursor(b("k00010"), false, b("k00014"), true, false)) {
            while (c.next()) {
                seen.add(new String(c.key(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("k00011", "k00012", "k00013", "k00014"), seen);
        seen.clear();
        try (Cursor c = tree.cursor(b("k00010"), true, b("k00014"), false, true)) {
            while (c.next()) {
                seen.add(new String(c.key(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("k00013", "k00012", "k00011", "k00010"), seen);
        int n = 0;
        try (Cursor c = tree.cursor(null, true, null, true, true)) {
            while (c.next()) {
                n++;
            }
        }
        assertEquals(5000, n);
        assertEquals(5000, tree.count());
        assertEquals(0, pages.pinned());
    }
}
