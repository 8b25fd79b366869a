package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.BackupSession;
import io.cairn.storage.CheckpointMode;
import io.cairn.storage.FileChannelFactory;
import io.cairn.storage.IoWaitListener;
import io.cairn.storage.RecoveryListener;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.storage.internal.file.FileHeader;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.wal.WalOptions;
import io.cairn.storage.internal.wal.WalReader;
import io.cairn.storage.internal.wal.WriteAheadLog;

/**
 * Crash images of a store whose log mixes full page images and page deltas (FORMAT.md, "Rules
 * that make this recoverable"). A crash image is a copy of the data file and the log; pages of the
 * copy are torn on purpose where a write the crash cut short could have torn them.
 */
class PageDeltaRecoveryTest {

    @TempDir
    Path dir;

    private final Random rnd = new Random(42);

    /** A pool large enough that nothing is evicted and no automatic checkpoint runs. */
    private static StorageOptions options() {
        return StorageOptions.defaults().withBufferPoolBytes(512 * 8192).withWalSegmentBytes(256 << 10)
                .withCheckpointWalBytes(1L << 30);
    }

    private static PageStore open(Path db) {
        return (PageStore) Storage.open(db, options());
    }

    /** Overwrites a small value in place: the page's next record is a delta of a few bytes. */
    private void update(Tree t, Map<Integer, byte[]> model, int k) {
        byte[] v = new byte[24];
        rnd.nextBytes(v);
        t.put(StoreModelTest.key(k), v);
        model.put(k, v);
    }

    private static void fill(Tree t, Map<Integer, byte[]> model, int from, int to) {
        for (int k = from; k < to; k++) {
            byte[] v = new byte[24];
            ByteBuffer.wrap(v).putInt(k);
            t.put(StoreModelTest.key(k), v);
            model.put(k, v);
        }
    }

    /**
     * The records of the log from {@code lsn}: {lsn, type, pageNo, commit}; pageNo is -1 for a
     * GROUP_END, commit its 8-byte payload as a number (-1 for other records and payloads).
     */
    private static List<long[]> records(Path db, long fromLsn) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(db.resolve(PageStore.WAL_DIR),
                WalOptions.defaults().withSegmentSize(256 << 10).withPreallocation(false));
                WalReader r = wal.read(fromLsn)) {
            while (r.next()) {
                ByteBuffer p = r.payloadBuffer();
                boolean end = r.type() == LogRecords.GROUP_END;
                long page = end ? -1 : p.getLong(p.position());
                long commit = end && p.remaining() == LogRecords.GROUP_END_HEADER + 8
                        ? p.getLong(p.position() + LogRecords.GROUP_END_HEADER) : -1;
                out.add(new long[] {r.lsn(), r.type(), page, commit});
            }
        }
        return out;
    }

    private static FileHeader header(Path db) {
        try (PageFile f = PageFile.open(db, FileChannelFactory.DEFAULT, IoWaitListener.NONE)) {
            return f.readHeader();
        }
    }

    /** Runs redo recovery on a crash image the way open does, and reports what it did. */
    private static Recovery recover(Path db) throws IOException {
        return recover(db, Recovery.CACHE_PAGES);
    }

    private static Recovery recover(Path db, int cachePages) throws IOException {
        long redo = header(db).redoLsn();
        try (PageFile f = PageFile.open(db, FileChannelFactory.DEFAULT, IoWaitListener.NONE);
                WriteAheadLog wal = WriteAheadLog.open(db.resolve(PageStore.WAL_DIR),
                        WalOptions.defaults().withSegmentSize(256 << 10))) {
            Recovery r = new Recovery(f, wal, RecoveryListener.NONE, cachePages);
            r.run(redo);
            return r;
        }
    }

    /** Tears page {@code pageNo} of a crash image: its second half becomes garbage, as a cut-short write leaves it. */
    private static void tear(Path db, long pageNo) throws IOException {
        try (FileChannel ch = FileChannel.open(db.resolve(PageFile.FILE_NAME), StandardOpenOption.WRITE)) {
            byte[] junk = new byte[PageLayout.PAGE_SIZE / 2];
            new Random(pageNo).nextBytes(junk);
            ch.write(ByteBuffer.wrap(junk), pageNo * PageLayout.PAGE_SIZE + PageLayout.PAGE_SIZE / 2);
        }
    }

    /** A crash image: the data file as it was at {@code dataAt}'s copy, the log as it is now. */
    private static Path crashImage(Path dataAt, Path live, Path to) throws IOException {
        StoreCorruptionTest.copyTree(live.resolve(PageStore.WAL_DIR), to.resolve(PageStore.WAL_DIR));
        Files.copy(dataAt.resolve(PageFile.FILE_NAME), to.resolve(PageFile.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    private static Path snapshotData(Path live, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(live.resolve(PageFile.FILE_NAME), to.resolve(PageFile.FILE_NAME));
        return to;
    }

    private static long count(List<long[]> recs, byte type, long pageNo) {
        return recs.stream().filter(r -> r[1] == type && (pageNo < 0 || r[2] == pageNo)).count();
    }

    @Test
    void recoversFromALogMixingFullImagesAndDeltas() throws IOException {
        Path live = dir.resolve("live");
        Map<Integer, byte[]> model = new TreeMap<>();
        Path data;
        PageStore s = open(live);
        try (BackupSession pin = s.beginBackup()) { // keeps every segment from here for the crash image
            Tree t = s.createTree("t");
            fill(t, model, 0, 3000);
            s.commit(null);
            s.checkpoint(CheckpointMode.FULL);
            data = snapshotData(live, dir.resolve("data-at-checkpoint"));
            long deltasBefore = s.deltasLogged.get();
            for (int c = 0; c < 200; c++) {
                for (int i = 0; i < 5; i++) {
                    update(t, model, rnd.nextInt(3000));
                }
                if (c % 40 == 39) {
                    fill(t, model, 3000 + c * 10, 3010 + c * 10); // splits pages: fresh pages are logged whole
                }
                s.commit(null);
            }
            assertTrue(s.deltasLogged.get() - deltasBefore > 500, "most records are deltas: " + (s.deltasLogged.get() - deltasBefore));
            Path crashed = crashImage(data, live, dir.resolve("crashed"));
            List<long[]> recs = records(crashed, header(crashed).redoLsn());
            assertTrue(count(recs, LogRecords.PAGE_IMAGE, -1) > 0 && count(recs, LogRecords.PAGE_DELTA, -1) > 0);

            // A cache of 4 pages: pages leave it and are read back between their deltas.
            Recovery r = recover(crashed, 4);
            assertTrue(r.deltasApplied > 500, "recovery applied the deltas: " + r.deltasApplied);
            // Replaying again over what the first run wrote (a crash during recovery) changes nothing.
            Recovery again = recover(crashed);
            assertEquals(0, again.pagesWritten, "a second recovery finds every page up to date");
            try (Storage c = Storage.open(crashed, options())) {
                StoreModelTest.assertMatches(new TreeMap<>(model), c.openTree("t"));
                StoreModelTest.assertClean(c);
            }
        } finally {
            s.close();
        }
    }

    /**
     * The tree's root page (a single leaf) is written by a checkpoint; its later records are a full
     * image then deltas. Torn in the data file, it is rebuilt from that image and those deltas.
     */
    @Test
    void aTornPageWhoseLaterRecordsAreDeltasIsRepaired() throws IOException {
        Path live = dir.resolve("live");
        Map<Integer, byte[]> model = new TreeMap<>();
        PageStore s = open(live);
        try {
            Tree t = s.createTree("t");
            fill(t, model, 0, 100); // one leaf: the root
            s.commit(null);
            update(t, model, 5);
            s.commit(null);
            s.checkpoint(CheckpointMode.PASSIVE); // writes the root: its next record must be whole
            long root = ((StoreTree) t).root;
            long redo = s.stats().checkpointRedoLsn();
            for (int c = 0; c < 10; c++) {
                update(t, model, rnd.nextInt(100));
                s.commit(null);
            }
            Path crashed = dir.resolve("crashed");
            StoreCorruptionTest.copyTree(live, crashed);
            List<long[]> recs = records(crashed, redo);
            List<long[]> ofRoot = recs.stream().filter(r -> r[2] == root).toList();
            assertEquals(10, ofRoot.size());
            assertEquals(LogRecords.PAGE_IMAGE, ofRoot.get(0)[1], "first record after the write is a full image");
            for (int i = 1; i < ofRoot.size(); i++) {
                assertEquals(LogRecords.PAGE_DELTA, ofRoot.get(i)[1], "later records are deltas");
            }
            tear(crashed, root);
            try (Storage c = Storage.open(crashed, options())) {
                StoreModelTest.assertMatches(new TreeMap<>(model), c.openTree("t"));
                StoreModelTest.assertClean(c);
            }
        } finally {
            s.close();
        }
    }

    /**
     * A checkpoint between two deltas of a page: the page's deltas before its write come before the
     * redo LSN's full image of it in the log, and a torn copy sets them aside until that image.
     * Page P is logged whole, then as a delta; page Q, logged before P's delta, has changes not yet
     * logged, so the passive checkpoint leaves it dirty and the redo LSN stays at Q's first record,
     * before P's delta; P itself is written, so its next record is whole again.
     */
    @Test
    void aCheckpointBetweenTwoDeltasOfAPage() throws IOException {
        Path live = dir.resolve("live");
        Map<Integer, byte[]> modelP = new TreeMap<>();
        Map<Integer, byte[]> modelQ = new TreeMap<>();
        PageStore s = open(live);
        try {
            Tree p = s.createTree("p");
            fill(p, modelP, 0, 50);
            s.commit(null); // P whole
            Tree q = s.createTree("q");
            fill(q, modelQ, 0, 50);
            s.commit(null); // Q whole: Q's recLSN
            update(p, modelP, 1);
            s.commit(null); // P delta, after Q's recLSN
            update(q, modelQ, 2); // Q changed, not logged: the checkpoint cannot write it
            s.checkpoint(CheckpointMode.PASSIVE);
            long pRoot = ((StoreTree) p).root;
            long qRoot = ((StoreTree) q).root;
            long redo = s.stats().checkpointRedoLsn();
            long deltas = s.deltasLogged.get();
            update(p, modelP, 3);
            s.commit(null); // P whole again (written by the checkpoint); Q a delta across the checkpoint
            assertEquals(deltas + 1, s.deltasLogged.get(), "only Q, which the checkpoint did not write, is a delta");
            update(p, modelP, 4);
            s.commit(null); // P delta
            Path crashed = dir.resolve("crashed");
            StoreCorruptionTest.copyTree(live, crashed);

            List<long[]> ofP = records(crashed, redo).stream().filter(r -> r[2] == pRoot).toList();
            assertEquals(List.of((long) LogRecords.PAGE_DELTA, (long) LogRecords.PAGE_IMAGE, (long) LogRecords.PAGE_DELTA),
                    ofP.stream().map(r -> r[1]).toList(), "P's records from the redo LSN");
            tear(crashed, pRoot);
            tear(crashed, qRoot); // Q's first record from the redo LSN is its full image
            Recovery r = recover(crashed);
            assertTrue(r.deltasApplied >= 2, "P's and Q's deltas after their images: " + r.deltasApplied);
            try (Storage c = Storage.open(crashed, options())) {
                StoreModelTest.assertMatches(new TreeMap<>(modelP), c.openTree("p"));
                StoreModelTest.assertMatches(new TreeMap<>(modelQ), c.openTree("q"));
                StoreModelTest.assertClean(c);
            }
        } finally {
            s.close();
        }
    }

    /** A damaged page that the log holds only deltas of cannot be repaired: open says so, naming it. */
    @Test
    void aDamagedPageWithOnlyDeltasInTheLogIsReportedNotAccepted() throws IOException {
        Path live = dir.resolve("live");
        Map<Integer, byte[]> model = new TreeMap<>();
        Path data;
        long root;
        PageStore s = open(live);
        try (BackupSession pin = s.beginBackup()) {
            Tree t = s.createTree("t");
            fill(t, model, 0, 100);
            s.commit(null);
            root = ((StoreTree) t).root;
            // Q keeps the redo LSN here while the root's image and first delta follow.
            Tree q = s.createTree("q");
            fill(q, new HashMap<>(), 0, 10);
            s.commit(null);
            update(t, model, 7);
            s.commit(null);
            q.put(StoreModelTest.key(0), new byte[3]);
            s.checkpoint(CheckpointMode.PASSIVE); // writes the root, not Q
            data = snapshotData(live, dir.resolve("data"));
            s.commit(null);
        } finally {
            s.close();
        }
        // The root's records from the redo LSN: its delta only (its image is older). A write cannot
        // have torn the copy the checkpoint made durable; damage it anyway, as a failing disk would.
        Path crashed = crashImage(data, live, dir.resolve("crashed"));
        tear(crashed, root);
        StorageException e = assertThrows(StorageException.class, () -> Storage.open(crashed, options()).close());
        assertTrue(e.getMessage().contains("cannot repair page " + root) && e.getMessage().contains("no full image"),
                e.getMessage());
    }

    /** A delta record whose CRC fails ends the log there: recovery keeps every group before it. */
    @Test
    void aCorruptDeltaRecordCutsTheLogTail() throws IOException {
        Path live = dir.resolve("live");
        Map<Integer, byte[]> model = new TreeMap<>();
        List<Map<Integer, byte[]>> modelAt = new ArrayList<>();
        Path data;
        PageStore s = open(live);
        try (BackupSession pin = s.beginBackup()) {
            Tree t = s.createTree("t");
            fill(t, model, 0, 2000);
            s.commit(null);
            s.checkpoint(CheckpointMode.FULL);
            data = snapshotData(live, dir.resolve("data"));
            modelAt.add(new TreeMap<>(model)); // commit 0: the checkpoint's state
            for (int c = 1; c <= 30; c++) {
                for (int i = 0; i < 3; i++) {
                    update(t, model, rnd.nextInt(2000));
                }
                s.commit(ByteBuffer.allocate(8).putLong(c).array());
                modelAt.add(new TreeMap<>(model));
            }
            Path crashed = crashImage(data, live, dir.resolve("crashed"));
            // Flip a byte inside a delta record of commit 20's group.
            List<long[]> recs = records(crashed, header(crashed).redoLsn());
            List<Long> groupDeltas = new ArrayList<>();
            long victim = -1;
            for (long[] r : recs) {
                if (r[1] == LogRecords.GROUP_END) {
                    if (r[3] == 20 && !groupDeltas.isEmpty()) {
                        victim = groupDeltas.get(0);
                    }
                    groupDeltas.clear();
                } else if (r[1] == LogRecords.PAGE_DELTA) {
                    groupDeltas.add(r[0]);
                }
            }
            assertTrue(victim > 0, "commit 20 logged a delta");
            flipPayloadByte(crashed, victim, PageDelta.HEADER + 6);
            List<Long> replayed = new ArrayList<>();
            try (Storage c = Storage.open(crashed, options().withRecoveryListener((lsn, payload) -> {
                if (payload.length == 8) {
                    replayed.add(ByteBuffer.wrap(payload).getLong());
                }
            }))) {
                assertEquals(19L, replayed.get(replayed.size() - 1), "the log ends before commit 20's group");
                StoreModelTest.assertMatches(new TreeMap<>(modelAt.get(19)), c.openTree("t"));
                StoreModelTest.assertClean(c);
                c.openTree("t").put(StoreModelTest.key(-1), new byte[] {9});
                c.commit(null);
            }
            try (Storage c = Storage.open(crashed, options())) {
                assertArrayEquals(new byte[] {9}, c.openTree("t").get(StoreModelTest.key(-1)), "the log continues after the cut");
            }
        } finally {
            s.close();
        }
    }

    /** Flips one payload byte of the record at {@code lsn}, whose CRC then fails. */
    private static void flipPayloadByte(Path db, long lsn, int payloadOffset) throws IOException {
        Path segment = null;
        long segmentStart = -1;
        try (Stream<Path> files = Files.list(db.resolve(PageStore.WAL_DIR))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".wal")).sorted().toList()) {
                long first = Long.parseLong(f.getFileName().toString().replace(".wal", ""));
                if (first <= lsn) {
                    segment = f;
                    segmentStart = first;
                }
            }
        }
        assertNotNull(segment);
        long pos = lsn - segmentStart + 17 + payloadOffset;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, pos);
            one.put(0, (byte) (one.get(0) ^ 0x40)).clear();
            ch.write(one, pos);
        }
    }
}
