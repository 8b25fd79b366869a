package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CorruptPageException;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.storage.VerifyReport;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;

class StoreCorruptionTest {

    @TempDir
    Path dir;

    private TreeMap<Integer, byte[]> fill(Storage s, int rows) {
        Random rnd = new Random(5);
        Tree t = s.createTree("t");
        TreeMap<Integer, byte[]> m = new TreeMap<>();
        for (int k = 0; k < rows; k++) {
            byte[] v = new byte[50 + rnd.nextInt(100)];
            rnd.nextBytes(v);
            t.put(StoreModelTest.key(k), v);
            m.put(k, v);
        }
        s.commit(null);
        return m;
    }

    @Test
    void aFlippedByteInADataPageIsReportedByVerifyAndOnRead() throws IOException {
        TreeMap<Integer, byte[]> rows;
        try (Storage s = Storage.open(dir, StorageOptions.defaults())) {
            rows = fill(s, 3000);
        }
        Path data = dir.resolve(PageFile.FILE_NAME);
        long victim = -1;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            for (long p = 4; victim < 0; p++) { // 2 and 3 are the catalog and the tree root
                b.clear();
                ch.read(b, p * PageLayout.PAGE_SIZE);
                if (b.get(0) == PageType.BTREE_LEAF.code()) {
                    victim = p;
                }
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, victim * PageLayout.PAGE_SIZE + 3000);
            one.put(0, (byte) (one.get(0) ^ 0x10)).clear();
            ch.write(one, victim * PageLayout.PAGE_SIZE + 3000);
        }
        try (Storage s = Storage.open(dir, StorageOptions.defaults())) {
            VerifyReport r = s.verify();
            long page = victim;
            assertTrue(r.issues().stream().anyMatch(i -> i.pageNo() == page && i.problem().contains("checksum")),
                    () -> "verify names page " + page + ": " + r.issues());
            Tree t = s.openTree("t");
            CorruptPageException seen = null;
            for (int k : rows.keySet()) {
                try {
                    assertArrayEquals(rows.get(k), t.get(StoreModelTest.key(k)));
                } catch (CorruptPageException e) {
                    seen = e;
                }
            }
            assertNotNull(seen, "a key on the damaged page fails to read");
            assertEquals(victim, seen.pageNo());
            assertTrue(seen.getMessage().contains(PageFile.FILE_NAME) && seen.getMessage().contains("page " + victim),
                    seen.getMessage());
        }
    }

    @Test
    void garbageAppendedToTheLogTailIsCutAndEveryCommitRecovered() throws IOException {
        Path copy = dir.resolve("crashed");
        Path live = dir.resolve("live");
        TreeMap<Integer, byte[]> rows;
        Storage s = Storage.open(live, StorageOptions.defaults());
        try {
            rows = fill(s, 2000);
            // A snapshot of the files of a running store is what a crash leaves behind.
            copyTree(live, copy);
        } finally {
            s.close();
        }
        Path last;
        try (Stream<Path> files = Files.list(copy.resolve(PageStore.WAL_DIR))) {
            List<Path> segments = files.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
            last = segments.get(segments.size() - 1);
        }
        byte[] junk = new byte[5000];
        new Random(3).nextBytes(junk);
        Files.write(last, junk, StandardOpenOption.APPEND);
        try (Storage r = Storage.open(copy, StorageOptions.defaults())) {
            Tree t = r.openTree("t");
            for (var e : rows.entrySet()) {
                assertArrayEquals(e.getValue(), t.get(StoreModelTest.key(e.getKey())));
            }
            StoreModelTest.assertClean(r);
            r.openTree("t").put(StoreModelTest.key(-1), new byte[] {1});
            r.commit(null);
        }
        try (Storage r = Storage.open(copy, StorageOptions.defaults())) {
            assertArrayEquals(new byte[] {1}, r.openTree("t").get(StoreModelTest.key(-1)));
        }
    }

    /** Copies a directory of a live store; files the log removes or renames meanwhile are skipped. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> entries;
        try (Stream<Path> list = Files.list(from)) {
            entries = list.toList();
        }
        for (Path p : entries) {
            Path target = to.resolve(p.getFileName().toString());
            if (Files.isDirectory(p)) {
                copyTree(p, target);
            } else {
                try {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.NoSuchFileException vanished) {
                    // a temporary file of the log, gone by now
                }
            }
        }
    }
}
