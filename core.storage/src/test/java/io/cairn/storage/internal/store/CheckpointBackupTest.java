package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.BackupSession;
import io.cairn.storage.CheckpointMode;
import io.cairn.storage.CompactionResult;
import io.cairn.storage.FragmentationStats;
import io.cairn.storage.IoWaitListener;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.storage.internal.file.FileHeader;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.io.FileChannelFactory;
import io.cairn.storage.internal.page.PageChecksum;
import io.cairn.storage.internal.page.PageLayout;

class CheckpointBackupTest {

    @TempDir
    Path dir;

    private final Random rnd = new Random(17);
    private final TreeMap<Integer, byte[]> model = new TreeMap<>();

    private static StorageOptions options() {
        return StorageOptions.defaults().withBufferPoolBytes(128 * 8192).withWalSegmentBytes(64 << 10);
    }

    private void churn(Storage s, int commits) {
        Tree t = s.openTree("t");
        for (int c = 0; c < commits; c++) {
            for (int i = 0; i < 20; i++) {
                int k = rnd.nextInt(2000);
                byte[] v = StoreModelTest.value(rnd, k);
                t.put(StoreModelTest.key(k), v);
                model.put(k, v);
            }
            s.commit(null);
        }
    }

    private long segments(Path db) throws IOException {
        try (Stream<Path> files = Files.list(db.resolve(PageStore.WAL_DIR))) {
            return files.filter(p -> p.toString().endsWith(".wal")).count();
        }
    }

    @Test
    void truncateCheckpointShrinksTheLogAndTheArchiverGetsEverySegmentFirst() throws IOException {
        List<long[]> archived = new ArrayList<>();
        try (Storage s = Storage.open(dir, options())) {
            s.setWalArchiver((segment, first, end) -> {
                assertTrue(Files.exists(segment), "segment still exists when archived");
                assertTrue(Files.size(segment) > 0);
                archived.add(new long[] {first, end});
            });
            s.createTree("t");
            churn(s, 200);
            long before = segments(dir);
            assertTrue(before > 5, "the log spans many segments: " + before);
            s.checkpoint(CheckpointMode.TRUNCATE);
            long after = segments(dir);
            assertTrue(after <= 2, "TRUNCATE leaves at most the open segment and one more: " + after);
            assertTrue(s.stats().walFirstLsn() >= archived.get(archived.size() - 1)[1]);
            assertEquals(s.stats().walEndLsn(), s.stats().checkpointRedoLsn(), "nothing left to redo");
        }
        assertTrue(archived.size() >= 4);
        for (int i = 1; i < archived.size(); i++) {
            assertEquals(archived.get(i - 1)[1], archived.get(i)[0], "archived segments are contiguous");
        }
        try (Storage s = Storage.open(dir, options())) {
            StoreModelTest.assertMatches(model, s.openTree("t"));
        }
    }

    @Test
    void aBackupSessionHoldsLogRecyclingSeesEveryPageAndRestores() throws IOException {
        Path restored = dir.resolve("restored");
        Path live = dir.resolve("live");
        try (Storage s = Storage.open(live, options())) {
            s.createTree("t");
            churn(s, 100);
            BackupSession b = s.beginBackup();
            long start = b.startLsn();
            churn(s, 100);
            s.checkpoint(CheckpointMode.TRUNCATE);
            assertTrue(s.stats().walFirstLsn() <= start, "segments from the backup's start are kept");

            long pageCount = s.stats().pageCount();
            List<Long> seen = new ArrayList<>();
            Files.createDirectories(restored);
            try (PageFile out = PageFile.open(restored, FileChannelFactory.DEFAULT, IoWaitListener.NONE)) {
                b.forEachPage((pageNo, lsn, image) -> {
                    seen.add(pageNo);
                    assertTrue(image.isReadOnly());
                    if (pageNo > 0) {
                        ByteBuffer copy = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
                        copy.put(0, image, 0, PageLayout.PAGE_SIZE);
                        assertTrue(PageChecksum.matches(copy), "page " + pageNo + " image is sealed");
                        assertEquals(lsn, copy.getLong(PageLayout.LSN_OFFSET));
                        out.writePage(pageNo, copy);
                    }
                    // a writer may go on meanwhile
                    if (pageNo % 10 == 0) {
                        s.openTree("t").put(StoreModelTest.key(100_000 + (int) pageNo), new byte[] {7});
                        model.put(100_000 + (int) pageNo, new byte[] {7});
                    }
                });
                out.writeHeader(new FileHeader(PageFile.FORMAT_VERSION, PageLayout.PAGE_SIZE, 1, start, false));
            }
            assertTrue(seen.size() >= pageCount, "every page offered");
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, (long) seen.get(i));
            }
            s.commit(null);
            b.close();
            churn(s, 5);
            // The log from the backup's start onward (held until close) completes the restore.
            StoreCorruptionTest.copyTree(live.resolve(PageStore.WAL_DIR), restored.resolve(PageStore.WAL_DIR));
            s.checkpoint(CheckpointMode.TRUNCATE);
            assertTrue(s.stats().walFirstLsn() > start, "closing the backup let recycling resume");
        }
        try (Storage r = Storage.open(restored, options())) {
            StoreModelTest.assertMatches(model, r.openTree("t"));
            StoreModelTest.assertClean(r);
        }
    }

    @Test
    void compactionMovesPagesDownAndTruncatesTheFile() {
        long before;
        try (Storage s = Storage.open(dir, options())) {
            Tree keep = s.createTree("t");
            Tree gone = s.createTree("scratch");
            for (int k = 0; k < 60000; k++) {
                byte[] v = new byte[100];
                rnd.nextBytes(v);
                (k % 2 == 0 ? keep : gone).put(StoreModelTest.key(k), v);
                if (k % 2 == 0) {
                    model.put(k, v);
                }
            }
            s.commit(null);
            s.dropTree("scratch");
            s.commit(null);
            s.checkpoint(CheckpointMode.FULL); // every page written, so the file size is settled
            assertFalse(s.treeNames().contains("scratch"));
            FragmentationStats f = s.fragmentation();
            assertTrue(f.freePages() > 100, f.toString());
            assertEquals(f.freePages() * PageLayout.PAGE_SIZE, f.reclaimableBytes());
            before = f.fileBytes();
            CompactionResult r = s.compact();
            assertTrue(r.pagesMoved() > 0, r.toString());
            assertTrue(r.fileBytesAfter() < r.fileBytesBefore(), r.toString());
            assertTrue(s.fragmentation().freePages() < f.freePages());
            StoreModelTest.assertMatches(model, s.openTree("t"));
            StoreModelTest.assertClean(s);
        }
        try (Storage s = Storage.open(dir, options())) {
            assertTrue(s.fragmentation().fileBytes() < before);
            StoreModelTest.assertMatches(model, s.openTree("t"));
            StoreModelTest.assertClean(s);
            assertArrayEquals(model.firstEntry().getValue(), s.openTree("t").get(StoreModelTest.key(model.firstKey())));
        }
    }

    @Test
    void aPassiveCheckpointRunsByItselfOnceTheLogOutgrowsItsThreshold() throws InterruptedException {
        try (Storage s = Storage.open(dir, options().withCheckpointWalBytes(512 << 10))) {
            s.createTree("t");
            long before = s.stats().checkpoints();
            churn(s, 150);
            long deadline = System.currentTimeMillis() + 10_000;
            while (s.stats().checkpoints() == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(s.stats().checkpoints() > before, "a background checkpoint ran");
            assertTrue(s.stats().walFirstLsn() > 1, "and recycled old segments");
        }
    }

    @Test
    void aTornDataPageIsRepairedFromItsLoggedImage() throws IOException {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        Storage s = Storage.open(live, options());
        try {
            s.createTree("t");
            churn(s, 30);
            s.checkpoint(CheckpointMode.PASSIVE);
            churn(s, 30);
            StoreCorruptionTest.copyTree(live, crashed);
        } finally {
            s.close();
        }
        // Every tree page changed since the checkpoint has an image in the log; tear one of them.
        try (var ch = java.nio.channels.FileChannel.open(crashed.resolve(PageFile.FILE_NAME),
                java.nio.file.StandardOpenOption.WRITE)) {
            byte[] junk = new byte[PageLayout.PAGE_SIZE / 2];
            new Random(1).nextBytes(junk);
            ch.write(ByteBuffer.wrap(junk), 3L * PageLayout.PAGE_SIZE + 1000);
        }
        try (Storage r = Storage.open(crashed, options())) {
            StoreModelTest.assertMatches(model, r.openTree("t"));
            StoreModelTest.assertClean(r);
        }
    }
}
