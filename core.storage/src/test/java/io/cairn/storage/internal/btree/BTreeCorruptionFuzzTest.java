package io.cairn.storage.internal.btree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.Cursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Random byte damage to tree pages: verify must report without throwing, reads must fail cleanly. */
class BTreeCorruptionFuzzTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void damagedPagesAreReportedByVerifyAndFailReadsWithoutHangsOrPinLeaks() {
        Random rnd = new Random(60);
        Map<String, Integer> failures = new TreeMap<>();
        for (int trial = 0; trial < 300; trial++) {
            MemoryPageAccess pages = new MemoryPageAccess();
            BTree tree = new BTree(pages, BTree.create(pages));
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] k = new byte[1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 1500 : 30)];
                rnd.nextBytes(k);
                keys.add(k);
                tree.put(k, new byte[rnd.nextInt(20) == 0 ? 20_000 : rnd.nextInt(100)]);
            }
            Issues clean = Issues.of(tree);
            assertTrue(clean.problems.isEmpty(), clean.toString());
            List<Long> owned = new ArrayList<>(clean.visited);
            int damage = 1 + rnd.nextInt(4);
            for (int d = 0; d < damage; d++) {
                ByteBuffer b = pages.raw(owned.get(rnd.nextInt(owned.size())));
                // mostly the header and slots, where damage is most dangerous
                int at = rnd.nextBoolean() ? 16 + rnd.nextInt(64) : 16 + rnd.nextInt(8192 - 16);
                b.put(at, (byte) rnd.nextInt(256));
            }
            Issues issues = Issues.of(tree);
            assertEquals(0, pages.pinned(), "verify leaked a pin");
            try {
                for (byte[] k : keys) {
                    tree.get(k);
                }
                tree.count();
                try (Cursor c = tree.cursor(null, true, null, true, rnd.nextBoolean())) {
                    int n = 0;
                    while (c.next()) {
                        n++;
                    }
                }
                for (int i = 0; i < 50; i++) {
                    byte[] k = keys.get(rnd.nextInt(keys.size()));
                    if (rnd.nextBoolean()) {
                        tree.remove(k);
                    } else {
                        tree.put(k, new byte[rnd.nextInt(3000)]);
                    }
                }
                failures.merge("none", 1, Integer::sum);
            } catch (CorruptNodeException e) {
                failures.merge("CorruptNodeException", 1, Integer::sum);
            } catch (RuntimeException e) {
                failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            }
            assertEquals(0, pages.pinned(), "pin leaked after damage");
            Issues.of(tree);
        }
        assertTrue(failures.getOrDefault("CorruptNodeException", 0) > 20, failures.toString());
        // only the page store may fail otherwise: on a pointer to a page that is not there
        assertTrue(failures.keySet().stream().allMatch(k -> k.equals("none") || k.equals("CorruptNodeException")
                || k.endsWith("is not allocated")), failures.toString());
    }
}
