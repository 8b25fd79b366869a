package io.cairn.storage.internal.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.Cursor;
import io.cairn.storage.internal.page.Page;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BTreeStructureTest {

    /** A key of nearly the maximum length whose order is the order of {@code i}. */
    static byte[] longKey(int i) {
        byte[] k = new byte[BTree.maxKeyLength()];
        Arrays.fill(k, (byte) 'x');
        ByteBuffer.wrap(k).putInt(k.length - 4, i);
        return k;
    }

    static byte[] value(int i) {
        return ("value-" + i).getBytes();
    }

    @Test
    void growsToHeightFourThenCollapsesToAnEmptyRootLeafAndReusesFreedPages() {
        MemoryPageAccess pages = new MemoryPageAccess();
        long rootNo = BTree.create(pages);
        BTree tree = new BTree(pages, rootNo);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ids.add(i);
        }
        Collections.sort(ids);
        Collections.shuffle(ids, new Random(7));
        for (int i : ids) {
            tree.put(longKey(i), value(i));
        }
        assertTrue(tree.height() >= 4, "height " + tree.height());
        assertEquals(rootNo, tree.rootPageNo());
        assertTrue(Issues.of(tree).problems.isEmpty());
        long highWater = pages.highWater();
        int peakPages = pages.livePages();

        Collections.shuffle(ids, new Random(8));
        for (int i : ids) {
            assertArrayEquals(value(i), tree.remove(longKey(i)));
        }
        assertEquals(0, tree.count());
        assertEquals(1, tree.height());
        assertEquals(1, pages.livePages(), "only the root page is left");
        assertTrue(pages.isLive(rootNo));
        assertTrue(Issues.of(tree).problems.isEmpty());

        Collections.sort(ids);
        Collections.shuffle(ids, new Random(7));
        for (int i : ids) {
            tree.put(longKey(i), value(i));
        }
        assertEquals(highWater, pages.highWater(), "re-inserting reuses the freed pages");
        assertTrue(pages.livePages() <= peakPages * 2);
        assertEquals(1500, tree.count());
        assertEquals(0, pages.pinned());
    }

    @Test
    void appendingKeysInAscendingOrderLeavesPagesAlmostFull() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        int n = 100_000;
        byte[] v = new byte[40];
        for (int i = 0; i < n; i++) {
            tree.put(ByteBuffer.allocate(8).putLong(i).array(), v);
        }
        int cell = 2 + 8 + 7 + 40 + 2;
        int ideal = (int) Math.ceil(n / (double) (Node.USABLE / cell));
        assertTrue(pages.livePages() < ideal * 1.1, pages.livePages() + " pages for an ideal " + ideal);
        assertTrue(Issues.of(tree).problems.isEmpty());
        assertEquals(n, tree.count());
    }

    @Test
    void aPutThatCannotAllocatePagesFailsWithoutChangingTheTreeOrLeakingPins() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        Random rnd = new Random(90);
        int failures = 0;
        for (int n = 0; n < 6000; n++) {
            int i = rnd.nextInt(3000);
            byte[] k = longKey(i);
            byte[] v = rnd.nextInt(8) == 0 ? new byte[30_000] : value(n);
            pages.failAllocationsAfter(rnd.nextBoolean() ? -1 : rnd.nextInt(6));
            try {
                tree.put(k, v);
                model.put(k, v);
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage().contains("injected"), e.getMessage());
                failures++;
            }
            pages.failAllocationsAfter(-1);
            assertEquals(0, pages.pinned());
            if (rnd.nextInt(5) == 0) {
                assertArrayEquals(model.remove(k), tree.remove(k));
            }
            if (n % 250 == 0) {
                Issues issues = Issues.of(tree);
                assertTrue(issues.problems.isEmpty(), issues.toString());
                assertEquals(pages.livePages(), issues.visited.size(), "a failed put leaked pages");
                assertEquals(model.size(), tree.count());
            }
        }
        assertTrue(failures > 100, "failures " + failures);
        assertTrue(tree.height() >= 4, "height " + tree.height() + " size " + model.size() + " failures " + failures + " pages " + pages.livePages());
        for (var e : model.entrySet()) {
            assertArrayEquals(e.getValue(), tree.get(e.getKey()));
        }
        assertEquals(pages.livePages(), Issues.of(tree).visited.size());
    }

    @Test
    void dropFreesEveryPageIncludingTheRootAndOverflowPages() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        for (int i = 0; i < 300; i++) {
            tree.put(longKey(i), i % 10 == 0 ? new byte[20_000] : value(i));
        }
        assertTrue(pages.livePages() > 100);
        tree.drop();
        assertEquals(0, pages.livePages());
        assertEquals(0, pages.pinned());
        assertThrows(IllegalStateException.class, () -> tree.get(longKey(1)));
    }

    @Test
    void cursorContinuesAfterTheLastKeyWhileTheSameThreadInsertsAndDeletes() {
        for (boolean reverse : new boolean[] {false, true}) {
            MemoryPageAccess pages = new MemoryPageAccess();
            BTree tree = new BTree(pages, BTree.create(pages));
            TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            Random rnd = new Random(reverse ? 21 : 20);
            for (int i = 0; i < 4000; i += 2) {
                byte[] k = key(i);
                tree.put(k, value(i));
                model.put(k, value(i));
            }
            byte[] last = null;
            int steps = 0;
            try (Cursor c = tree.cursor(key(100), true, key(3900), false, reverse)) {
                while (true) {
                    byte[] expected = last == null
                            ? (reverse ? model.lowerKey(key(3900)) : model.ceilingKey(key(100)))
                            : (reverse ? model.lowerKey(last) : model.higherKey(last));
                    if (expected != null && (Arrays.compareUnsigned(expected, key(100)) < 0
                            || Arrays.compareUnsigned(expected, key(3900)) >= 0)) {
                        expected = null;
                    }
                    if (expected == null) {
                        assertFalse(c.next());
                        break;
                    }
                    assertTrue(c.next(), "step " + steps);
                    assertArrayEquals(expected, c.key(), "step " + steps);
                    assertArrayEquals(model.get(expected), c.value(), "step " + steps);
                    last = c.key();
                    steps++;
                    // change the tree around the cursor: ahead, behind and right at the next key
                    for (int j = 0; j < 3; j++) {
                        int i = rnd.nextInt(4000);
                        byte[] k = key(i);
                        if (rnd.nextBoolean()) {
                            byte[] v = rnd.nextInt(20) == 0 ? new byte[9000] : value(i + 1_000_000);
                            tree.put(k, v);
                            model.put(k, v);
                        } else {
                            assertArrayEquals(model.remove(k), tree.remove(k));
                        }
                    }
                }
            }
            assertTrue(steps > 500, "steps " + steps);
            assertTrue(Issues.of(tree).problems.isEmpty());
            assertEquals(0, pages.pinned());
        }
    }

    static byte[] key(int i) {
        return String.format("key-%06d", i).getBytes();
    }

    @Test
    void relocateMovesPagesAboveAThresholdBelowItAndKeepsEveryEntry() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree kept = new BTree(pages, BTree.create(pages));
        BTree other = new BTree(pages, BTree.create(pages));
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        Random rnd = new Random(30);
        for (int i = 0; i < 3000; i++) {
            byte[] k = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(k);
            byte[] v = new byte[rnd.nextInt(10) == 0 ? 12_000 : rnd.nextInt(100)];
            rnd.nextBytes(v);
            kept.put(k, v);
            model.put(k, v);
            for (int j = 0; j < 3; j++) {
                byte[] o = new byte[1 + rnd.nextInt(300)];
                rnd.nextBytes(o);
                other.put(o, new byte[rnd.nextInt(10) == 0 ? 12_000 : 50]);
            }
        }
        other.drop();
        long threshold = pages.highWater() / 2;
        Issues before = Issues.of(kept);
        long above = before.visited.stream().filter(p -> p >= threshold && p != kept.rootPageNo()).count();
        assertTrue(above > 50, "pages above threshold " + above);

        long moved = kept.relocate(p -> p >= threshold);

        assertEquals(above, moved);
        Issues after = Issues.of(kept);
        assertTrue(after.problems.isEmpty(), after.toString());
        assertTrue(after.visited.stream().allMatch(p -> p < threshold || p == kept.rootPageNo()),
                "every page moved below " + threshold);
        assertEquals(pages.livePages(), after.visited.size(), "old pages were freed");
        BTree reopened = new BTree(pages, kept.rootPageNo());
        try (Cursor c = reopened.cursor(null, true, null, true, false)) {
            for (var e : model.entrySet()) {
                assertTrue(c.next());
                assertArrayEquals(e.getKey(), c.key());
                assertArrayEquals(e.getValue(), c.value());
            }
            assertFalse(c.next());
        }
        assertEquals(0, pages.pinned());
    }

    @Test
    void relocateThatRunsOutOfPagesLeavesAConsistentTree() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < 400; i++) {
            byte[] v = i % 9 == 0 ? new byte[25_000] : value(i);
            tree.put(longKey(i), v);
            model.put(longKey(i), v);
        }
        pages.failAllocationsAfter(40);
        assertThrows(IllegalStateException.class, () -> tree.relocate(p -> true));
        pages.failAllocationsAfter(-1);
        Issues issues = Issues.of(tree);
        assertTrue(issues.problems.isEmpty(), issues.toString());
        assertEquals(pages.livePages(), issues.visited.size());
        for (var e : model.entrySet()) {
            assertArrayEquals(e.getValue(), tree.get(e.getKey()));
        }
        assertEquals(0, pages.pinned());
    }

    // ---- corruption --------------------------------------------------------------------

    /** A tree of height 3 with some overflow values, and the page number of its first leaf. */
    private static BTree tallTree(MemoryPageAccess pages) {
        BTree tree = new BTree(pages, BTree.create(pages));
        for (int i = 0; i < 300; i++) {
            tree.put(longKey(i), i % 7 == 0 ? new byte[20_000] : value(i));
        }
        assertTrue(tree.height() >= 3);
        return tree;
    }

    private static long leftmostChild(MemoryPageAccess pages, long pageNo) {
        return pages.raw(pageNo).getLong(Node.LEFTMOST);
    }

    /** The leftmost leaf, found through the raw pages. */
    private static long firstLeaf(MemoryPageAccess pages, long root) {
        long pageNo = root;
        while (pages.raw(pageNo).get(Node.KIND) != Node.LEAF) {
            pageNo = leftmostChild(pages, pageNo);
        }
        return pageNo;
    }

    /** The parent of the leftmost leaf. */
    private static long lastInternal(MemoryPageAccess pages, long root) {
        long parent = root;
        long pageNo = leftmostChild(pages, root);
        while (pages.raw(pageNo).get(Node.KIND) != Node.LEAF) {
            parent = pageNo;
            pageNo = leftmostChild(pages, pageNo);
        }
        return parent;
    }

    @Test
    void verifyReportsTwoSwappedKeysInALeafAgainstThatLeaf() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = tallTree(pages);
        long leaf = firstLeaf(pages, tree.rootPageNo());
        ByteBuffer b = pages.raw(leaf);
        short s0 = b.getShort(Node.SLOTS);
        b.putShort(Node.SLOTS, b.getShort(Node.SLOTS + 2));
        b.putShort(Node.SLOTS + 2, s0);
        Issues issues = Issues.of(tree);
        assertTrue(issues.problemPages.contains(leaf), issues.toString());
        assertTrue(issues.problems.stream().anyMatch(p -> p.contains("out of order")), issues.toString());
        assertEquals(0, pages.pinned());
    }

    @Test
    void verifyReportsABrokenSeparatorNamingTheInternalPage() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = tallTree(pages);
        long internal = leftmostChild(pages, tree.rootPageNo());
        ByteBuffer b = pages.raw(internal);
        // lower the first separator below every key of the child to its left
        int off = Node.u16(b, Node.SLOTS);
        int klen = Node.u16(b, off);
        for (int i = 0; i < klen; i++) {
            b.put(off + 2 + i, (byte) 0);
        }
        Issues issues = Issues.of(tree);
        assertFalse(issues.problems.isEmpty());
        assertTrue(issues.names(internal), issues.toString());
        assertEquals(0, pages.pinned());
    }

    @Test
    void verifyReportsWrongPageTypesCyclesAndBrokenOverflowChainsWithoutThrowing() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = tallTree(pages);
        long root = tree.rootPageNo();
        long internal = lastInternal(pages, root);
        long leaf = firstLeaf(pages, root);
        // an overflow chain one page short: the first chunk claims fewer bytes
        long chainOwner = -1;
        long firstOverflow = -1;
        ByteBuffer lb = pages.raw(leaf);
        for (int i = 0; i < Node.u16(lb, Node.COUNT); i++) {
            int off = Node.u16(lb, Node.SLOTS + 2 * i);
            int at = off + 2 + Node.u16(lb, off);
            if (lb.get(at) == Node.VALUE_OVERFLOW) {
                chainOwner = leaf;
                firstOverflow = lb.getLong(at + 5);
                break;
            }
        }
        assertTrue(firstOverflow > 0);
        pages.raw(firstOverflow).putInt(OverflowChain.LENGTH, 10);
        // a child pointer back to the root: a cycle
        ByteBuffer ib = pages.raw(internal);
        int lastOff = Node.u16(ib, Node.SLOTS + 2 * (Node.u16(ib, Node.COUNT) - 1));
        long victim = ib.getLong(lastOff + 2 + Node.u16(ib, lastOff));
        ib.putLong(lastOff + 2 + Node.u16(ib, lastOff), root);

        Issues issues = Issues.of(tree);
        assertTrue(issues.problemPages.contains(chainOwner), issues.toString());
        assertTrue(issues.problemPages.contains(root), issues.toString());
        assertTrue(issues.problems.stream().anyMatch(p -> p.contains("reached twice")), issues.toString());

        // a leaf whose page type says internal
        ib.putLong(lastOff + 2 + Node.u16(ib, lastOff), victim);
        pages.raw(victim).put(0, io.cairn.storage.internal.page.PageType.BTREE_INTERNAL.code());
        issues = Issues.of(tree);
        assertTrue(issues.problemPages.contains(victim), issues.toString());
        assertEquals(0, pages.pinned());
    }

    @Test
    void corruptCellOffsetsAndNodeKindsRaiseAnExceptionNamingThePage() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = tallTree(pages);
        long internal = lastInternal(pages, tree.rootPageNo());
        long leaf = firstLeaf(pages, tree.rootPageNo());
        byte[] firstKey;
        try (Cursor c = tree.cursor(null, true, null, true, false)) {
            assertTrue(c.next());
            firstKey = c.key();
        }
        pages.raw(leaf).putShort(Node.SLOTS, (short) 9000);
        CorruptNodeException e = assertThrows(CorruptNodeException.class, () -> tree.get(firstKey));
        assertEquals(leaf, e.pageNo());
        assertTrue(e.getMessage().contains("page " + leaf), e.getMessage());
        assertFalse(Issues.of(tree).problems.isEmpty());

        pages.raw(internal).put(Node.KIND, (byte) 99);
        e = assertThrows(CorruptNodeException.class, () -> tree.put(firstKey, value(1)));
        assertEquals(internal, e.pageNo());
        assertThrows(CorruptNodeException.class, () -> tree.count());
        assertThrows(CorruptNodeException.class, () -> {
            try (Cursor c = tree.cursor(null, true, null, true, false)) {
                c.next();
            }
        });
        assertTrue(Issues.of(tree).problemPages.contains(internal));
        assertEquals(0, pages.pinned());
    }

    @Test
    void aCycleOfChildPointersFailsInsteadOfLooping() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = tallTree(pages);
        long internal = leftmostChild(pages, tree.rootPageNo());
        pages.raw(internal).putLong(Node.LEFTMOST, tree.rootPageNo());
        assertThrows(CorruptNodeException.class, () -> tree.get(new byte[0]));
        assertEquals(0, pages.pinned());
    }

    @Test
    void emptyTreeAndEmptyKeyBehave() {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        try (Cursor c = tree.cursor(null, true, null, true, true)) {
            assertFalse(c.next());
        }
        assertNull(tree.get(new byte[0]));
        tree.put(new byte[0], new byte[0]);
        assertArrayEquals(new byte[0], tree.get(new byte[0]));
        try (Cursor c = tree.cursor(new byte[0], true, new byte[0], true, false)) {
            assertTrue(c.next());
            assertArrayEquals(new byte[0], c.key());
            assertFalse(c.next());
        }
        try (Page p = pages.pin(tree.rootPageNo())) {
            assertEquals(Node.LEAF, p.buffer().get(Node.KIND));
        }
    }
}
