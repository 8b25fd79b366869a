package io.cairn.storage.internal.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.CorruptPageException;
import io.cairn.storage.IoWaitListener;
import io.cairn.storage.StorageException;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.FileChannelFactory;
import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;

class BufferPoolTest {

    private static final int FRAMES = 16;

    @TempDir
    Path dir;
    private PageFile file;
    private BufferPool pool;
    private long lsn = 1;

    @BeforeEach
    void open() {
        file = PageFile.open(dir, FileChannelFactory.DEFAULT, IoWaitListener.NONE);
        pool = new BufferPool(file, FRAMES * PageLayout.PAGE_SIZE, new BufferPool.LogSync() {
            @Override
            public boolean isDurable(long l) {
                return true;
            }

            @Override
            public void flush(long l) {
            }
        });
    }

    @AfterEach
    void close() {
        file.close();
    }

    /** Stands in for a log point: every unlogged page is now logged (and, here, durable). */
    private void logAll() {
        lsn++;
        for (Frame f : pool.takeUnlogged()) {
            pool.markLogged(f, lsn, lsn);
        }
    }

    private void writePage(long pageNo) {
        try (Page p = pool.pinFresh(pageNo, PageType.BTREE_LEAF)) {
            p.buffer().putLong(PageLayout.HEADER_SIZE, pageNo * 31);
            p.markDirty();
        }
        logAll();
    }

    @Test
    void evictsUnderAPoolMuchSmallerThanTheDataWithCountersThatAddUp() {
        int pages = 200;
        for (long p = 2; p < 2 + pages; p++) {
            writePage(p);
        }
        for (int round = 0; round < 2; round++) {
            for (long p = 2; p < 2 + pages; p++) {
                try (Page pg = pool.pin(p)) {
                    assertEquals(p * 31, pg.buffer().getLong(PageLayout.HEADER_SIZE));
                    assertEquals(PageType.BTREE_LEAF, pg.type());
                }
            }
        }
        BufferPoolStats s = pool.stats();
        assertEquals(FRAMES, s.capacityFrames());
        assertEquals(FRAMES, s.usedFrames());
        assertEquals(0, s.pinnedFrames());
        assertEquals(2L * pages, s.hits() + s.misses(), "every pin is a hit or a miss");
        assertEquals(s.misses(), s.reads(), "every miss reads the page");
        assertTrue(s.evictions() >= pages - FRAMES + s.reads() - FRAMES, s.toString());
        assertTrue(s.writes() >= pages - FRAMES, "dirty pages were written when evicted: " + s);
    }

    @Test
    void pinnedPagesAreNotEvicted() {
        for (long p = 2; p < 100; p++) {
            writePage(p);
        }
        List<Page> held = new ArrayList<>();
        for (long p = 2; p < 2 + FRAMES - 1; p++) {
            held.add(pool.pin(p));
        }
        for (long p = 50; p < 100; p++) {
            pool.pin(p).close();
        }
        for (Page h : held) {
            assertNotNull(pool.resident(h.pageNo()), "pinned page " + h.pageNo() + " stayed resident");
            assertEquals(h.pageNo() * 31, h.buffer().getLong(PageLayout.HEADER_SIZE));
            h.close();
        }
    }

    @Test
    void failsClearlyWhenEveryFrameIsPinned() {
        for (long p = 2; p < 2 + FRAMES + 1; p++) {
            writePage(p);
        }
        List<Page> held = new ArrayList<>();
        for (long p = 2; p < 2 + FRAMES; p++) {
            held.add(pool.pin(p));
        }
        StorageException e = assertThrows(StorageException.class, () -> pool.pin(2 + FRAMES));
        assertTrue(e.getMessage().contains("buffer pool exhausted"), e.getMessage());
        held.forEach(Page::close);
        pool.pin(2 + FRAMES).close();
    }

    @Test
    void neverEvictsAPageWithUnloggedChanges() {
        for (long p = 2; p < 2 + FRAMES; p++) {
            pool.pinFresh(p, PageType.BTREE_LEAF).close();
        }
        assertEquals(FRAMES, pool.unloggedCount());
        assertThrows(StorageException.class, () -> pool.pinFresh(100, PageType.BTREE_LEAF));
        logAll();
        pool.pinFresh(100, PageType.BTREE_LEAF).close();
    }

    @Test
    void aPageWithABadChecksumIsNeverReturned() {
        writePage(2);
        writePage(3);
        for (long p = 10; p < 10 + FRAMES; p++) {
            writePage(p);
        }
        ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        assertTrue(file.readPageUnchecked(3, b));
        b.put(100, (byte) (b.get(100) ^ 0x40));
        // write the damaged bytes back without resealing
        try (var ch = java.nio.channels.FileChannel.open(file.path(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(b, 3L * PageLayout.PAGE_SIZE);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        CorruptPageException e = assertThrows(CorruptPageException.class, () -> pool.pin(3));
        assertEquals(3, e.pageNo());
        assertTrue(e.getMessage().contains("page 3") && e.getMessage().contains(file.path().toString()), e.getMessage());
        pool.pin(2).close();
    }

    /** Logs every unlogged page keeping a base, as the store's log point does. */
    private void logAllKeepingBases() {
        lsn++;
        byte[] image = new byte[PageLayout.PAGE_SIZE];
        for (Frame f : pool.takeUnlogged()) {
            pool.keepBase(f, image, 0);
            pool.markLogged(f, lsn, lsn);
        }
    }

    @Test
    void deltaBasesAreBoundedAndStayWithThePagesLoggedMostRecently() {
        int max = FRAMES / 4;
        for (long p = 2; p < 2 + FRAMES - 4; p++) {
            try (Page pg = pool.pinFresh(p, PageType.BTREE_LEAF)) {
                pg.markDirty();
            }
            logAllKeepingBases();
            assertTrue(pool.basesInUse() <= max, pool.basesInUse() + " bases");
        }
        assertEquals(max, pool.basesInUse());
        // the pages logged last hold the bases; the earlier ones log a full image next time
        for (long p = 2; p < 2 + FRAMES - 4; p++) {
            Frame f = pool.resident(p);
            boolean recent = p >= 2 + FRAMES - 4 - max;
            assertEquals(recent, pool.deltaBase(f) != null, "page " + p);
        }
        // a page copied to be written loses its base: its next record must be a full image
        Frame last = pool.resident(2 + FRAMES - 5);
        PageCopy c = new PageCopy();
        assertTrue(pool.copyForWrite(last, c));
        pool.writeCopies(new ArrayList<>(List.of(c)));
        assertEquals(null, pool.deltaBase(last));
        assertEquals(max - 1, pool.basesInUse());
    }
}
