package io.cairn.storage.internal.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.Cursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Random operations checked against a TreeMap with the same unsigned byte order. */
class BTreeModelTest {

    private static final boolean LONG = Boolean.getBoolean("cairn.test.long");

    @Test
    void matchesASortedMapUnderRandomPutsRemovesGetsAndScansAcrossReopens() {
        for (long seed : new long[] {1, 2, 3}) {
            runModel(seed, LONG ? 200_000 : 25_000, false);
        }
    }

    @Test
    void matchesASortedMapWithLongSharedKeyPrefixesThatMakeTallTrees() {
        for (long seed : new long[] {11, 12}) {
            runModel(seed, LONG ? 200_000 : 25_000, true);
        }
    }

    private boolean longPrefixes;
    private byte[][] prefixes;

    private void runModel(long seed, int ops, boolean longPrefixes) {
        this.longPrefixes = longPrefixes;
        this.prefixes = new byte[3][];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = new byte[1400 + 200 * i];
            Arrays.fill(prefixes[i], (byte) (40 * i));
        }
        int maxHeight = 0;
        LiveCursor live = null;
        Random rnd = new Random(seed);
        MemoryPageAccess pages = new MemoryPageAccess();
        long rootNo = BTree.create(pages);
        BTree tree = new BTree(pages, rootNo);
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        ArrayList<byte[]> known = new ArrayList<>();
        int batch = 1000;
        for (int op = 1; op <= ops; op++) {
            int kind = rnd.nextInt(100);
            if ((op / 4000) % 3 == 2) {
                // a shrinking phase: mostly removes, so merges and root collapses happen
                kind = kind < 20 ? kind + 45 : kind < 50 ? kind - 20 : kind;
            }
            if (kind < 45) {
                byte[] k = pickKey(rnd, known);
                byte[] v = randomValue(rnd);
                if (rnd.nextInt(4) == 0) {
                    byte[] present = tree.putIfAbsent(k, v);
                    assertArrayEquals(model.putIfAbsent(k, v), present, "putIfAbsent seed " + seed + " op " + op);
                } else {
                    byte[] prev = tree.put(k, v);
                    assertArrayEquals(model.put(k, v), prev, "put seed " + seed + " op " + op);
                }
            } else if (kind < 70) {
                byte[] k = pickKey(rnd, known);
                assertArrayEquals(model.remove(k), tree.remove(k), "remove seed " + seed + " op " + op);
            } else if (kind < 92) {
                byte[] k = pickKey(rnd, known);
                assertArrayEquals(model.get(k), tree.get(k), "get seed " + seed + " op " + op);
            } else {
                scanAndCompare(rnd, tree, model, known, "seed " + seed + " op " + op);
            }
            if (rnd.nextInt(4) == 0) {
                if (live == null || !live.step(model, "seed " + seed + " op " + op)) {
                    live = LiveCursor.open(rnd, tree, known);
                }
            }
            if (op % batch == 0) {
                Issues issues = Issues.of(tree);
                assertTrue(issues.problems.isEmpty(), "seed " + seed + " op " + op + ": " + issues);
                assertEquals(model.size(), tree.count());
                maxHeight = Math.max(maxHeight, tree.height());
                assertEquals(0, pages.pinned(), "pin leak");
                // every live page belongs to the tree: nothing leaked, nothing shared
                assertEquals(pages.livePages(), issues.visited.size(), "page leak at op " + op);
                if (rnd.nextBoolean()) {
                    tree = new BTree(pages, rootNo);
                    // a cursor follows the changes made through its own BTree instance only
                    live = null;
                }
            }
        }
        assertTrue(maxHeight >= (longPrefixes ? 4 : 2), "tree stayed at height " + maxHeight);
        ArrayList<byte[]> rest = new ArrayList<>(model.keySet());
        java.util.Collections.shuffle(rest, rnd);
        for (int i = 0; i < rest.size(); i++) {
            byte[] k = rest.get(i);
            assertArrayEquals(model.remove(k), tree.remove(k));
            if (i % 500 == 0) {
                Issues issues = Issues.of(tree);
                assertTrue(issues.problems.isEmpty(), "seed " + seed + " draining: " + issues);
                assertEquals(pages.livePages(), issues.visited.size(), "page leak while draining");
            }
        }
        assertEquals(0, tree.count());
        assertEquals(1, pages.livePages());
        assertEquals(1, tree.height());
        assertTrue(Issues.of(tree).problems.isEmpty());
        assertEquals(0, pages.pinned());
    }

    private byte[] pickKey(Random rnd, ArrayList<byte[]> known) {
        if (!known.isEmpty() && rnd.nextInt(100) < 60) {
            return known.get(rnd.nextInt(known.size()));
        }
        if (longPrefixes && rnd.nextInt(10) != 0) {
            byte[] prefix = prefixes[rnd.nextInt(prefixes.length)];
            byte[] k = Arrays.copyOf(prefix, prefix.length + rnd.nextInt(6));
            for (int i = prefix.length; i < k.length; i++) {
                k[i] = (byte) rnd.nextInt(256);
            }
            known.add(k);
            return k;
        }
        int len;
        int r = rnd.nextInt(100);
        if (r < 70) {
            len = rnd.nextInt(12);
        } else if (r < 92) {
            len = rnd.nextInt(200);
        } else {
            len = rnd.nextInt(BTree.maxKeyLength() + 1);
        }
        byte[] k = new byte[len];
        // a small alphabet at the front makes shared prefixes and close neighbours common
        for (int i = 0; i < len; i++) {
            k[i] = i < 3 ? (byte) (rnd.nextInt(4) * 85) : (byte) rnd.nextInt(256);
        }
        if (known.size() < 20_000) {
            known.add(k);
        } else {
            known.set(rnd.nextInt(known.size()), k);
        }
        return k;
    }

    private static byte[] randomValue(Random rnd) {
        int r = rnd.nextInt(1000);
        int len;
        if (r < 800) {
            len = rnd.nextInt(64);
        } else if (r < 970) {
            len = rnd.nextInt(3000);
        } else {
            len = rnd.nextInt(50_000);
        }
        byte[] v = new byte[len];
        rnd.nextBytes(v);
        return v;
    }

    static void scanAndCompare(Random rnd, BTree tree, TreeMap<byte[], byte[]> model, ArrayList<byte[]> known,
            String where) {
        byte[] from = rnd.nextInt(5) == 0 || known.isEmpty() ? null : known.get(rnd.nextInt(known.size()));
        byte[] to = rnd.nextInt(5) == 0 || known.isEmpty() ? null : known.get(rnd.nextInt(known.size()));
        if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0 && rnd.nextInt(4) != 0) {
            byte[] t = from;
            from = to;
            to = t;
        }
        boolean fromInc = rnd.nextBoolean();
        boolean toInc = rnd.nextBoolean();
        boolean reverse = rnd.nextBoolean();
        int limit = rnd.nextInt(3) == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(50);
        NavigableMap<byte[], byte[]> expected = range(model, from, fromInc, to, toInc);
        if (reverse) {
            expected = expected.descendingMap();
        }
        try (Cursor c = tree.cursor(from, fromInc, to, toInc, reverse)) {
            int n = 0;
            for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
                if (n++ == limit) {
                    return;
                }
                assertTrue(c.next(), where + ": cursor ended early");
                assertArrayEquals(e.getKey(), c.key(), where);
                assertArrayEquals(e.getValue(), c.value(), where);
            }
            assertFalse(c.next(), where + ": cursor returned too much");
        }
    }

    /** A cursor kept open while the tree changes, checked one step at a time against the model. */
    private static final class LiveCursor {
        final Cursor cursor;
        final byte[] from;
        final boolean fromInc;
        final byte[] to;
        final boolean toInc;
        final boolean reverse;
        byte[] last;

        LiveCursor(Cursor cursor, byte[] from, boolean fromInc, byte[] to, boolean toInc, boolean reverse) {
            this.cursor = cursor;
            this.from = from;
            this.fromInc = fromInc;
            this.to = to;
            this.toInc = toInc;
            this.reverse = reverse;
        }

        static LiveCursor open(Random rnd, BTree tree, ArrayList<byte[]> known) {
            byte[] from = rnd.nextInt(3) == 0 || known.isEmpty() ? null : known.get(rnd.nextInt(known.size()));
            byte[] to = rnd.nextInt(3) == 0 || known.isEmpty() ? null : known.get(rnd.nextInt(known.size()));
            boolean fromInc = rnd.nextBoolean();
            boolean toInc = rnd.nextBoolean();
            boolean reverse = rnd.nextBoolean();
            return new LiveCursor(tree.cursor(from, fromInc, to, toInc, reverse), from, fromInc, to, toInc, reverse);
        }

        /** Steps once; false when the cursor is exhausted (and closed). */
        boolean step(TreeMap<byte[], byte[]> model, String where) {
            NavigableMap<byte[], byte[]> rest = range(model, from, fromInc, to, toInc);
            if (last != null) {
                rest = reverse ? rest.headMap(last, false) : rest.tailMap(last, false);
            }
            Map.Entry<byte[], byte[]> expected = reverse ? rest.lastEntry() : rest.firstEntry();
            if (expected == null) {
                assertFalse(cursor.next(), where + ": live cursor returned too much");
                cursor.close();
                return false;
            }
            assertTrue(cursor.next(), where + ": live cursor ended early");
            assertArrayEquals(expected.getKey(), cursor.key(), where + ": live cursor key");
            assertArrayEquals(expected.getValue(), cursor.value(), where + ": live cursor value");
            last = cursor.key();
            return true;
        }
    }

    static NavigableMap<byte[], byte[]> range(TreeMap<byte[], byte[]> model, byte[] from, boolean fromInc,
            byte[] to, boolean toInc) {
        if (from != null && to != null) {
            int c = Arrays.compareUnsigned(from, to);
            if (c > 0 || (c == 0 && !(fromInc && toInc))) {
                return new TreeMap<>(Arrays::compareUnsigned);
            }
            return model.subMap(from, fromInc, to, toInc);
        }
        NavigableMap<byte[], byte[]> m = model;
        if (from != null) {
            m = m.tailMap(from, fromInc);
        }
        if (to != null) {
            m = m.headMap(to, toInc);
        }
        return m;
    }
}
