package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CheckpointMode;
import io.cairn.storage.CorruptPageException;
import io.cairn.storage.Cursor;
import io.cairn.storage.IoCounter;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.storage.internal.buffer.BufferPool;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;

/**
 * Sequential read-ahead: scans of trees several times the buffer pool return the same entries and
 * count the same pages read with it on and off, in far fewer reads; damage inside a read-ahead batch
 * is reported as a normal read reports it; nothing is read past the file's end; point lookups never
 * read ahead.
 */
class ReadAheadTest {

    /** 2 MiB: 256 frames, so the 32-page window fits (at most an eighth of the pool). */
    private static final long POOL = 2L << 20;
    private static final int ROWS = 20_000;
    private static final int VALUE = 400; // about 8 MiB of entries: four times the pool

    @TempDir
    Path dir;

    private static StorageOptions options(int readAhead) {
        return StorageOptions.defaults().withBufferPoolBytes(POOL).withReadAheadPages(readAhead);
    }

    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    /** A value naming its key and version, so a scan can tell a torn or misplaced one. */
    private static byte[] value(int key, int version) {
        ByteBuffer b = ByteBuffer.allocate(VALUE);
        b.putInt(key).putInt(version);
        for (int i = 8; i < VALUE; i++) {
            b.put((byte) (key * 31 + version + i));
        }
        return b.array();
    }

    /** "loaded" bottom-up (leaves adjacent in the file) and "random" by puts in random order (leaves scattered). */
    private void create() {
        try (PageStore s = PageStore.open(dir, options(32))) {
            Tree loaded = s.createTree("loaded");
            List<byte[][]> entries = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                entries.add(new byte[][] {key(i), value(i, 0)});
            }
            loaded.load(cursorOver(entries), 90);
            Tree random = s.createTree("random");
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new Random(7));
            int n = 0;
            for (int i : order) {
                random.put(key(i), value(i, 0));
                if (++n % 1000 == 0) {
                    s.commit(null);
                }
            }
            s.commit(null);
        }
    }

    private static Cursor cursorOver(List<byte[][]> entries) {
        Iterator<byte[][]> it = entries.iterator();
        return new Cursor() {
            byte[][] e;

            @Override
            public boolean next() {
                e = it.hasNext() ? it.next() : null;
                return e != null;
            }

            @Override
            public byte[] key() {
                return e[0];
            }

            @Override
            public byte[] value() {
                return e[1];
            }

            @Override
            public void close() {
            }
        };
    }

    /** What one scan saw: its entries (key and version), pages read and hit, and the pool's read-ahead counters. */
    private record Scan(List<String> entries, long read, long hit, long[] readAhead) {
    }

    private Scan scan(int readAhead, String tree, byte[] from, byte[] to, boolean reverse) {
        IoCounter.enable();
        try (PageStore s = PageStore.open(dir, options(readAhead))) { // a cold pool every time
            Tree t = s.openTree(tree);
            IoCounter io = IoCounter.forCurrentThread();
            long read0 = io.pagesRead();
            long hit0 = io.pagesHit();
            long[] ra0 = s.pool().readAheadStats();
            List<String> out = new ArrayList<>();
            try (Cursor c = t.cursor(from, true, to, false, reverse)) {
                while (c.next()) {
                    ByteBuffer v = ByteBuffer.wrap(c.value());
                    int k = ByteBuffer.wrap(c.key()).getInt();
                    assertEquals(k, v.getInt(), "value under its own key");
                    assertArrayEquals(value(k, v.getInt(4)), c.value());
                    out.add(k + "@" + v.getInt(4));
                }
            }
            long[] ra = s.pool().readAheadStats();
            for (int i = 0; i < ra.length; i++) {
                ra[i] -= ra0[i];
            }
            return new Scan(out, io.pagesRead() - read0, io.pagesHit() - hit0, ra);
        } finally {
            IoCounter.disable();
        }
    }

    @Test
    void scansReturnAndCountTheSameWithAndWithoutReadAheadInFewerReads() {
        create();
        for (String tree : List.of("loaded", "random")) {
            Object[][] ranges = {
                {null, null, false}, {null, null, true}, {key(3_000), key(15_000), false}, {key(3_000), key(15_000), true}};
            for (Object[] r : ranges) {
                String what = tree + " " + (r[0] == null ? "full" : "range") + ((boolean) r[2] ? " reverse" : "");
                Scan off = scan(0, tree, (byte[]) r[0], (byte[]) r[1], (boolean) r[2]);
                Scan on = scan(32, tree, (byte[]) r[0], (byte[]) r[1], (boolean) r[2]);
                assertSameEntries(off.entries(), on.entries(), what);
                assertEquals(r[0] == null ? ROWS : 12_000, on.entries().size(), what);
                // A page read ahead counts as read at its first use, once: the figures do not move.
                assertEquals(off.read(), on.read(), what + ": pages read");
                assertEquals(off.hit(), on.hit(), what + ": pages hit");
                assertEquals(0, off.readAhead()[0], what);
                assertEquals(0, on.readAhead()[2], what + ": no page read ahead was evicted unused");
                if (tree.equals("loaded")) {
                    // Adjacent leaves: most come in by read-ahead, many per read.
                    assertTrue(on.readAhead()[1] > on.read() / 2,
                            what + ": most pages came in by read-ahead: " + on.readAhead()[1] + " of " + on.read());
                    assertTrue(on.readAhead()[0] * 8 < on.read(),
                            what + ": " + on.readAhead()[0] + " reads ahead for " + on.read() + " pages");
                } else {
                    // Scattered leaves: read-ahead reads only runs of adjacent pages, so at most as
                    // many reads as pages, and never a page alone.
                    assertTrue(on.readAhead()[1] >= 2 * on.readAhead()[0], what);
                }
            }
        }
    }

    @Test
    void pointLookupsAndOneLeafScansNeverReadAhead() {
        create();
        try (PageStore s = PageStore.open(dir, options(32))) {
            Tree t = s.openTree("loaded");
            Random rnd = new Random(3);
            for (int i = 0; i < 2000; i++) {
                int k = rnd.nextInt(ROWS);
                assertArrayEquals(value(k, 0), t.get(key(k)));
                int n = 0;
                try (Cursor c = t.cursor(key(k), true, key(k + 3), false, false)) {
                    while (c.next()) {
                        n++;
                    }
                }
                assertEquals(Math.min(3, ROWS - k), n);
            }
            assertEquals(0, s.pool().readAheadStats()[0]);
        }
    }

    @Test
    void wholeTreeWalksReadAheadAndCountTheSame() {
        create();
        long[] counts = new long[2];
        long[] brought = new long[2];
        for (int run = 0; run < 2; run++) {
            try (PageStore s = PageStore.open(dir, options(run == 0 ? 0 : 32))) {
                counts[run] = s.openTree("loaded").count();
                brought[run] = s.pool().readAheadStats()[1];
            }
        }
        assertEquals(ROWS, counts[0]);
        assertEquals(ROWS, counts[1]);
        assertEquals(0, brought[0]);
        assertTrue(brought[1] > 100, "count() walked the leaves with read-ahead: " + brought[1]);
    }

    @Test
    void aPageReadAheadCountsAsReadAtItsFirstUseThenAsHits() {
        create();
        try (PageStore s = PageStore.open(dir, options(32))) {
            BufferPool pool = s.pool();
            long last = s.pool().stats().capacityFrames(); // a page number well inside the file
            long[] pages = {last + 5, last + 3, last + 4, last + 6}; // scan order need not be file order
            assertEquals(4, pool.readAhead(pages, 4));
            assertEquals(-1, pool.readAhead(pages, 4), "the first page is resident: nothing to do");
            IoCounter.enable();
            try {
                IoCounter io = IoCounter.forCurrentThread();
                long read0 = io.pagesRead();
                long hit0 = io.pagesHit();
                long misses0 = pool.stats().misses();
                try (Page p = pool.pin(last + 4)) {
                    assertNotNull(p.type());
                }
                assertEquals(read0 + 1, io.pagesRead());
                assertEquals(hit0, io.pagesHit());
                try (Page p = pool.pin(last + 4)) {
                    assertNotNull(p.type());
                }
                assertEquals(read0 + 1, io.pagesRead());
                assertEquals(hit0 + 1, io.pagesHit());
                assertEquals(misses0 + 1, pool.stats().misses(), "the pool's hit ratio counts it as a miss too");
            } finally {
                IoCounter.disable();
            }
            assertEquals(1, pool.readAheadStats()[0], "four adjacent pages: one read");
        }
    }

    @Test
    void readAheadStopsAtTheEndOfTheFile() {
        create();
        try (PageStore s = PageStore.open(dir, options(32))) {
            BufferPool pool = s.pool();
            long filePages = dir.resolve(PageFile.FILE_NAME).toFile().length() / PageLayout.PAGE_SIZE;
            long[] pages = new long[12];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = filePages - 4 + i; // four inside (maybe never written: zeros), eight past the end
            }
            long[] before = pool.readAheadStats();
            int brought = pool.readAhead(pages, pages.length);
            assertTrue(brought <= 4, "only pages inside the file: " + brought);
            assertTrue(pool.readAheadStats()[0] - before[0] <= 1);
            // The pages past the end read as before: reported, not made up.
            assertThrows(CorruptPageException.class, () -> pool.pin(filePages + 2).close());
        }
    }

    @Test
    void damageInsideAReadAheadBatchIsReportedAsByANormalRead() throws Exception {
        create();
        // Flip a byte in the 60th leaf of the loaded tree (leaves are adjacent in the file).
        Path data = dir.resolve(PageFile.FILE_NAME);
        long victim = -1;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            int leaves = 0;
            for (long p = 4; victim < 0; p++) {
                b.clear();
                ch.read(b, p * PageLayout.PAGE_SIZE);
                if (b.get(0) == PageType.BTREE_LEAF.code() && ++leaves == 60) {
                    victim = p;
                }
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, victim * PageLayout.PAGE_SIZE + 4000);
            one.put(0, (byte) (one.get(0) ^ 0x20)).clear();
            ch.write(one, victim * PageLayout.PAGE_SIZE + 4000);
        }
        String[] messages = new String[2];
        int[] seen = new int[2];
        long[] readsAhead = new long[2];
        for (int run = 0; run < 2; run++) {
            try (PageStore s = PageStore.open(dir, options(run == 0 ? 0 : 32))) {
                Tree t = s.openTree("loaded");
                int[] n = {0};
                try (Cursor c = t.cursor(null, true, null, true, false)) {
                    CorruptPageException e = assertThrows(CorruptPageException.class, () -> {
                        while (c.next()) {
                            n[0]++;
                        }
                    });
                    messages[run] = e.getMessage();
                    assertEquals(victim, e.pageNo());
                }
                seen[run] = n[0];
                readsAhead[run] = s.pool().readAheadStats()[1];
            }
        }
        assertEquals(messages[0], messages[1]);
        assertEquals(seen[0], seen[1]);
        assertTrue(seen[1] > 0);
        assertTrue(readsAhead[1] > 0, "the damaged page lay in the window of a read-ahead");
    }

    @Test
    void scansStayCorrectUnderConcurrentWritersAndCheckpoints() throws Exception {
        create();
        Map<Integer, Integer> latest = new ConcurrentHashMap<>();
        try (PageStore s = PageStore.open(dir, options(32))) {
            Tree t = s.openTree("loaded");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                Random rnd = new Random(11);
                try {
                    for (int n = 1; !stop.get(); n++) {
                        int k = rnd.nextInt(ROWS + ROWS / 4); // a quarter new keys: splits
                        if (rnd.nextInt(10) == 0) {
                            t.remove(key(k));
                            latest.put(k, -1);
                        } else {
                            t.put(key(k), value(k, n));
                            latest.put(k, n);
                        }
                        if (n % 200 == 0) {
                            s.commit(null);
                        }
                        if (n % 3000 == 0) {
                            s.checkpoint(CheckpointMode.PASSIVE);
                        }
                    }
                    s.commit(null);
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            writer.start();
            try {
                for (int round = 0; round < 6; round++) {
                    boolean reverse = round % 2 == 1;
                    int last = reverse ? Integer.MAX_VALUE : -1;
                    int count = 0;
                    try (Cursor c = t.cursor(null, true, null, true, reverse)) {
                        while (c.next()) {
                            int k = ByteBuffer.wrap(c.key()).getInt();
                            assertTrue(reverse ? k < last : k > last, "keys in order, each once");
                            last = k;
                            ByteBuffer v = ByteBuffer.wrap(c.value());
                            assertEquals(k, v.getInt());
                            assertArrayEquals(value(k, v.getInt(4)), c.value(), "a whole value of its key");
                            count++;
                        }
                    }
                    assertTrue(count > ROWS / 2, "most rows seen: " + count);
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            if (failed.get() != null) {
                throw new AssertionError("writer failed", failed.get());
            }
            assertTrue(s.pool().readAheadStats()[1] > 0, "the scans read ahead");
            assertTrue(s.verify().clean(), () -> s.verify().toString());
        }
        // Reopened cold, with read-ahead and without, the tree holds exactly the writer's last values.
        TreeMap<Integer, Integer> expected = new TreeMap<>();
        for (int i = 0; i < ROWS + ROWS / 4; i++) {
            int v = latest.getOrDefault(i, i < ROWS ? 0 : -1);
            if (v >= 0) {
                expected.put(i, v);
            }
        }
        List<String> want = new ArrayList<>();
        expected.forEach((k, v) -> want.add(k + "@" + v));
        assertSameEntries(want, scan(32, "loaded", null, null, false).entries(), "with read-ahead");
        assertSameEntries(want, scan(0, "loaded", null, null, false).entries(), "without read-ahead");
    }

    @Test
    void afterCrashRecoveryWithPageDeltasScansReadTheRecoveredPages(@TempDir Path crashes) throws Exception {
        create();
        Path live = dir;
        Path[] images = {crashes.resolve("off"), crashes.resolve("on")};
        try (PageStore s = PageStore.open(live, options(32))) {
            Tree t = s.openTree("loaded");
            Random rnd = new Random(5);
            for (int n = 1; n <= 3000; n++) {
                int k = rnd.nextInt(ROWS);
                t.put(key(k), value(k, n)); // same size: logged as deltas after each page's first image
                if (n % 100 == 0) {
                    s.commit(null);
                }
                if (n == 1500) {
                    s.checkpoint(CheckpointMode.PASSIVE);
                }
            }
            s.commit(null);
            assertTrue(s.deltasLogged.get() > 0);
            // A crash image of the open store: data file and log as they are now.
            for (Path image : images) {
                StoreCorruptionTest.copyTree(live, image);
            }
        }
        List<List<String>> seen = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (PageStore s = PageStore.open(images[run], options(run == 0 ? 0 : 32))) {
                List<String> out = new ArrayList<>();
                try (Cursor c = s.openTree("loaded").cursor(null, true, null, true, false)) {
                    while (c.next()) {
                        int k = ByteBuffer.wrap(c.key()).getInt();
                        ByteBuffer v = ByteBuffer.wrap(c.value());
                        assertEquals(k, v.getInt());
                        assertArrayEquals(value(k, v.getInt(4)), c.value());
                        out.add(k + "@" + v.getInt(4));
                    }
                }
                assertEquals(ROWS, out.size());
                assertEquals(run == 0, s.pool().readAheadStats()[1] == 0, "read ahead only when on");
                assertTrue(s.verify().clean());
                seen.add(out);
            }
        }
        assertSameEntries(seen.get(0), seen.get(1), "recovered, read ahead or not");
    }

    /** Equal lists, or a failure naming the first difference (not two lists of 20,000 entries). */
    private static void assertSameEntries(List<String> expected, List<String> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertEquals(expected.get(i), actual.get(i), what + ": entry " + i + " differs");
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": entries");
    }
}
