package io.cairn.storage.internal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.IoWaitListener;
import io.cairn.storage.StorageException;
import io.cairn.storage.FileChannelFactory;
import io.cairn.storage.internal.page.PageLayout;

class PageFileTest {

    @TempDir
    Path dir;

    private PageFile open() {
        return PageFile.open(dir, FileChannelFactory.DEFAULT, IoWaitListener.NONE);
    }

    private static FileHeader header(long count, long redo) {
        return new FileHeader(PageFile.FORMAT_VERSION, PageLayout.PAGE_SIZE, count, redo, false);
    }

    @Test
    void theNewerValidHeaderCopyWinsAndATornCopyFallsBackToTheOther() throws IOException {
        try (PageFile f = open()) {
            f.writeHeader(header(1, 100));
            f.writeHeader(header(2, 200));
            assertEquals(200, f.readHeader().redoLsn());
        }
        // Tear the newer copy (slot 0 holds even checkpoint counts).
        try (FileChannel ch = FileChannel.open(dir.resolve(PageFile.FILE_NAME), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9}), 26);
        }
        try (PageFile f = open()) {
            FileHeader h = f.readHeader();
            assertEquals(1, h.checkpointCount());
            assertEquals(100, h.redoLsn());
        }
    }

    @Test
    void aRandomFileIsRejectedWithItsName() throws IOException {
        byte[] junk = new byte[3 * PageLayout.PAGE_SIZE];
        new Random(7).nextBytes(junk);
        Files.write(dir.resolve(PageFile.FILE_NAME), junk);
        try (PageFile f = open()) {
            StorageException e = assertThrows(StorageException.class, f::readHeader);
            assertTrue(e.getMessage().contains("not a Cairn data file") && e.getMessage().contains(PageFile.FILE_NAME),
                    e.getMessage());
        }
    }

    @Test
    void aHeaderFromAFutureFormatVersionIsRejected() throws IOException {
        try (PageFile f = open()) {
            f.writeHeader(header(1, 5));
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(PageFile.FILE_NAME), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            int base = PageLayout.PAGE_SIZE / 2;
            ByteBuffer b = ByteBuffer.allocate(PageFile.HEADER_COPY_SIZE);
            ch.read(b, base);
            b.putInt(8, PageFile.FORMAT_VERSION + 1);
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, PageFile.HEADER_CRC_OFFSET);
            b.putInt(PageFile.HEADER_CRC_OFFSET, (int) crc.getValue());
            ch.write(b.clear(), base);
        }
        try (PageFile f = open()) {
            StorageException e = assertThrows(StorageException.class, f::readHeader);
            assertTrue(e.getMessage().contains("newer than this Cairn supports"), e.getMessage());
        }
    }

    @Test
    void growsInWholeExtents() {
        try (PageFile f = open()) {
            f.writeHeader(header(1, 1));
            assertEquals(PageFile.EXTENT_BYTES, f.sizeBytes());
            ByteBuffer page = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            f.writePage(200, page);
            assertEquals(2 * PageFile.EXTENT_BYTES, f.sizeBytes());
            assertTrue(f.readPageUnchecked(200, page));
            assertFalse(f.readPageUnchecked(400, page));
        }
    }
}
