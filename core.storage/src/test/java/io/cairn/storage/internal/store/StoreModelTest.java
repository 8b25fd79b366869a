package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Cursor;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.storage.VerifyReport;

class StoreModelTest {

    static final boolean LONG = Boolean.getBoolean("cairn.test.long");

    @TempDir
    Path dir;

    static StorageOptions smallPool() {
        return StorageOptions.defaults().withBufferPoolBytes(64 * 8192).withWalSegmentBytes(256 << 10);
    }

    static byte[] key(int k) {
        return ByteBuffer.allocate(4).putInt(k).array();
    }

    static byte[] value(Random rnd, int k) {
        int len = rnd.nextInt(10) == 0 ? 2000 + rnd.nextInt(9000) : rnd.nextInt(200);
        byte[] v = new byte[len];
        rnd.nextBytes(v);
        if (len >= 4) {
            ByteBuffer.wrap(v).putInt(k);
        }
        return v;
    }

    static void assertMatches(TreeMap<Integer, byte[]> model, Tree tree) {
        assertEquals(model.size(), tree.count(), tree.name() + " count");
        Iterator<Map.Entry<Integer, byte[]>> it = model.entrySet().iterator();
        try (Cursor c = tree.cursor(null, true, null, true, false)) {
            while (c.next()) {
                assertTrue(it.hasNext(), "tree has more entries than the model");
                Map.Entry<Integer, byte[]> e = it.next();
                assertArrayEquals(key(e.getKey()), c.key());
                assertArrayEquals(e.getValue(), c.value(), "value of " + e.getKey());
            }
        }
        assertTrue(!it.hasNext(), "model has more entries than the tree");
    }

    static void assertClean(Storage s) {
        VerifyReport r = s.verify();
        assertTrue(r.clean(), () -> "verify: " + r.issues());
    }

    @Test
    void randomChangesOverSeveralTreesMatchTreeMapsAcrossReopens() {
        Random rnd = new Random(42);
        String[] names = {"orders", "customers", "idx_orders_date"};
        Map<String, TreeMap<Integer, byte[]>> models = new HashMap<>();
        for (String n : names) {
            models.put(n, new TreeMap<>());
        }
        int batches = LONG ? 40 : 6;
        int opsPerBatch = LONG ? 5000 : 1500;
        Storage s = Storage.open(dir, smallPool());
        for (String n : names) {
            s.createTree(n);
        }
        s.commit(null);
        for (int batch = 0; batch < batches; batch++) {
            for (int i = 0; i < opsPerBatch; i++) {
                String n = names[rnd.nextInt(names.length)];
                Tree t = s.openTree(n);
                TreeMap<Integer, byte[]> m = models.get(n);
                int k = rnd.nextInt(3000);
                if (rnd.nextInt(3) == 0) {
                    byte[] old = t.remove(key(k));
                    byte[] expected = m.remove(k);
                    assertTrue(Arrays.equals(expected, old), "remove returns the old value");
                } else {
                    byte[] v = value(rnd, k);
                    t.put(key(k), v);
                    m.put(k, v);
                }
                if (rnd.nextInt(50) == 0) {
                    s.commit(new byte[] {(byte) batch});
                }
            }
            s.commit(null);
            for (String n : names) {
                assertMatches(models.get(n), s.openTree(n));
            }
            assertClean(s);
            s.close();
            s = Storage.open(dir, smallPool());
            assertEquals(List.of("customers", "idx_orders_date", "orders"), s.treeNames());
            for (String n : names) {
                assertMatches(models.get(n), s.openTree(n));
            }
            assertClean(s);
        }
        assertTrue(s.stats().bufferPool().evictions() > 0, "the small pool evicted pages");
        s.close();
    }
}
