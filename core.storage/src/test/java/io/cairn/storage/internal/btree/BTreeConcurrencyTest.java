package io.cairn.storage.internal.btree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BTreeConcurrencyTest {

    private static final int KEYS = 2000;

    private static byte[] key(int i) {
        return String.format("k%05d", i).getBytes(StandardCharsets.UTF_8);
    }

    /** Values name their key and a generation that only grows, so readers can judge what they see. */
    private static byte[] value(int i, long generation, int pad) {
        byte[] head = (String.format("k%05d", i) + ":" + generation + ":").getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(head, head.length + pad);
    }

    private static long generationOf(byte[] key, byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8);
        String k = new String(key, StandardCharsets.UTF_8);
        if (!s.startsWith(k + ":")) {
            throw new AssertionError("value of " + k + " belongs to another key: " + s.substring(0, Math.min(20, s.length())));
        }
        return Long.parseLong(s.substring(k.length() + 1, s.indexOf(':', k.length() + 1)));
    }

    @Test
    void readersDuringAWriterSeeOnlyValuesTheKeyReallyHad() throws Exception {
        MemoryPageAccess pages = new MemoryPageAccess();
        BTree tree = new BTree(pages, BTree.create(pages));
        for (int i = 0; i < KEYS; i += 2) {
            tree.put(key(i), value(i, 0, 10));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            Random rnd = new Random(40);
            try {
                for (long gen = 1; gen <= 30_000; gen++) {
                    int i = rnd.nextInt(KEYS);
                    if (rnd.nextInt(3) == 0) {
                        tree.remove(key(i));
                    } else {
                        int pad = rnd.nextInt(50) == 0 ? 10_000 : rnd.nextInt(200);
                        tree.put(key(i), value(i, gen, pad));
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                writing.set(false);
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            long seed = 50 + r;
            readers.add(new Thread(() -> {
                Random rnd = new Random(seed);
                long[] lastSeen = new long[KEYS];
                try {
                    int rounds = 0;
                    while (writing.get() || rounds < 100) {
                        rounds++;
                        int i = rnd.nextInt(KEYS);
                        byte[] v = tree.get(key(i));
                        if (v != null) {
                            long gen = generationOf(key(i), v);
                            assertTrue(gen >= lastSeen[i], "generation went backwards for key " + i);
                            lastSeen[i] = gen;
                        }
                        if (rounds % 50 == 0) {
                            boolean reverse = rnd.nextBoolean();
                            byte[] prev = null;
                            int n = 0;
                            try (Cursor c = tree.cursor(key(rnd.nextInt(KEYS)), true, null, false, reverse)) {
                                while (c.next() && n++ < 300) {
                                    if (prev != null) {
                                        int cmp = Arrays.compareUnsigned(prev, c.key());
                                        assertTrue(reverse ? cmp > 0 : cmp < 0, "cursor order");
                                    }
                                    generationOf(c.key(), c.value());
                                    prev = c.key();
                                }
                            }
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        readers.forEach(Thread::start);
        writer.start();
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("concurrent access failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertTrue(Issues.of(tree).problems.isEmpty());
        assertEquals(0, pages.pinned());
    }
}
