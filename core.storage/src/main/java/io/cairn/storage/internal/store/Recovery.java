package io.cairn.storage.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import io.cairn.storage.RecoveryListener;
import io.cairn.storage.StorageException;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageChecksum;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.wal.WalReader;
import io.cairn.storage.internal.wal.WriteAheadLog;

/**
 * Redo recovery: replays the log from the checkpoint's redo LSN, one complete group at a time,
 * straight into the data file. A page image is written when the file's copy is older or fails its
 * checksum (a torn write). A page delta is applied only to a valid copy whose LSN is exactly the
 * delta's base; one meeting a damaged copy is set aside until a full image of the page repairs it,
 * and recovery fails if none comes. Records not followed by their GROUP_END are discarded.
 */
final class Recovery {

    private final PageFile file;
    private final WriteAheadLog wal;
    private final RecoveryListener listener;
    private final CRC32C crc = new CRC32C();
    long groupsApplied;
    /** Pages written to the data file (a page changed many times is written once while it stays cached). */
    long pagesWritten;
    long imagesApplied;
    long deltasApplied;
    /** Damaged pages a delta met before any full image of them: page → LSN of that delta. */
    private final Map<Long, Long> awaitingImage = new TreeMap<>();
    /**
     * Valid pages recovery has read or changed, most recently used last: a run of deltas to one
     * page costs one read and, when the page leaves the cache or at the end, one write.
     */
    private final int cachePages;
    private final Map<Long, Cached> cache = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
            if (size() <= cachePages) {
                return false;
            }
            writeBack(eldest.getKey(), eldest.getValue());
            return true;
        }
    };
    /** 8 MiB, for callers that do not say. */
    static final int CACHE_PAGES = 1024;

    /**
     * The cache recovery may use: as many pages as the buffer pool will hold (recovery runs before
     * the pool exists), but at most an eighth of the heap, the cache being on the heap.
     */
    static int cachePages(long bufferPoolBytes) {
        long heap = Runtime.getRuntime().maxMemory() / 8 / PageLayout.PAGE_SIZE;
        return (int) Math.max(64, Math.min(Math.min(bufferPoolBytes / PageLayout.PAGE_SIZE, heap), 1 << 20));
    }

    private static final class Cached {
        final ByteBuffer page = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        boolean dirty;

        long lsn() {
            return page.getLong(PageLayout.LSN_OFFSET);
        }
    }

    Recovery(PageFile file, WriteAheadLog wal, RecoveryListener listener) {
        this(file, wal, listener, CACHE_PAGES);
    }

    Recovery(PageFile file, WriteAheadLog wal, RecoveryListener listener, int cachePages) {
        this.file = file;
        this.wal = wal;
        this.listener = listener;
        this.cachePages = cachePages;
    }

    /** A page record of a group not yet closed: a PAGE_IMAGE or PAGE_DELTA payload. */
    private record PageRecord(byte type, long lsn, long pageNo, byte[] payload) {
    }

    void run(long redoLsn) {
        List<PageRecord> pending = new ArrayList<>();
        try (WalReader r = wal.read(redoLsn)) {
            while (r.next()) {
                byte type = r.type();
                if (type == LogRecords.PAGE_IMAGE) {
                    ByteBuffer p = r.payloadBuffer();
                    if (p.remaining() != LogRecords.IMAGE_PAYLOAD) {
                        throw new StorageException("page image record at LSN " + r.lsn() + " has "
                                + p.remaining() + " bytes, expected " + LogRecords.IMAGE_PAYLOAD);
                    }
                    long pageNo = p.getLong(p.position());
                    byte[] bytes = new byte[PageLayout.PAGE_SIZE];
                    p.get(p.position() + 8, bytes);
                    pending.add(new PageRecord(type, r.lsn(), pageNo, bytes));
                } else if (type == LogRecords.PAGE_DELTA) {
                    ByteBuffer p = r.payloadBuffer();
                    PageDelta.check(p, r.lsn());
                    byte[] bytes = new byte[p.remaining()];
                    p.get(p.position(), bytes);
                    pending.add(new PageRecord(type, r.lsn(), PageDelta.pageNo(p), bytes));
                } else if (type == LogRecords.GROUP_END) {
                    ByteBuffer p = r.payloadBuffer();
                    int base = p.position();
                    long groupStart = p.getLong(base);
                    int pages = p.getInt(base + 8);
                    byte[] payload = new byte[p.remaining() - LogRecords.GROUP_END_HEADER];
                    p.get(base + LogRecords.GROUP_END_HEADER, payload);
                    long endLsn = r.lsn();
                    int applied = 0;
                    for (PageRecord rec : pending) {
                        // Records before the group's start belong to a group cut short by a crash.
                        if (rec.lsn >= groupStart) {
                            if (rec.type == LogRecords.PAGE_IMAGE) {
                                applyImage(rec, endLsn);
                            } else {
                                applyDelta(rec, endLsn);
                            }
                            applied++;
                        }
                    }
                    if (applied != pages) {
                        throw new StorageException("log group ending at LSN " + endLsn + " in " + file.path()
                                + "'s log has " + applied + " page records, its end record says " + pages);
                    }
                    pending.clear();
                    groupsApplied++;
                    listener.groupRecovered(endLsn, payload);
                }
            }
        } catch (IOException e) {
            throw new StorageException("redo recovery of " + file.path() + " failed reading the write-ahead log: "
                    + e.getMessage(), e);
        }
        if (!awaitingImage.isEmpty()) {
            Map.Entry<Long, Long> first = awaitingImage.entrySet().iterator().next();
            throw new StorageException("redo recovery of " + file.path() + " cannot repair page " + first.getKey()
                    + (awaitingImage.size() > 1 ? " (and " + (awaitingImage.size() - 1) + " more: " + awaitingImage.keySet() + ")" : "")
                    + ": the data file's copy is damaged (torn or unreadable) and the log from redo LSN " + redoLsn
                    + " holds only changes to it (a page delta at LSN " + first.getValue() + "), no full image");
        }
        for (Map.Entry<Long, Cached> e : cache.entrySet()) {
            writeBack(e.getKey(), e.getValue());
        }
        cache.clear();
        file.sync();
    }

    /** The page's valid state (cached, or read from the file into the cache); null if damaged or missing. */
    private Cached current(long pageNo) {
        Cached c = cache.get(pageNo);
        if (c != null) {
            return c;
        }
        c = new Cached();
        if (!file.readPageUnchecked(pageNo, c.page) || !PageChecksum.matches(c.page)) {
            return null;
        }
        cache.put(pageNo, c);
        return c;
    }

    private void writeBack(long pageNo, Cached c) {
        if (c.dirty) {
            file.writePage(pageNo, c.page);
            c.dirty = false;
            pagesWritten++;
        }
    }

    private void applyImage(PageRecord rec, long groupEndLsn) {
        Cached c = current(rec.pageNo);
        if (c != null && c.lsn() >= groupEndLsn) {
            return;
        }
        if (c == null) {
            c = new Cached();
            cache.put(rec.pageNo, c);
        }
        c.page.put(0, rec.payload);
        c.page.putLong(PageLayout.LSN_OFFSET, groupEndLsn);
        c.dirty = true;
        awaitingImage.remove(rec.pageNo);
        imagesApplied++;
    }

    private void applyDelta(PageRecord rec, long groupEndLsn) {
        ByteBuffer delta = ByteBuffer.wrap(rec.payload);
        long baseLsn = PageDelta.baseLsn(delta);
        Cached c = current(rec.pageNo);
        if (c == null) {
            // Torn by a write the crash cut short: a full image later in the log must restore it
            // (the page's first record after it was last written is one); the delta is superseded.
            awaitingImage.putIfAbsent(rec.pageNo, rec.lsn);
            return;
        }
        long lsn = c.lsn();
        if (lsn >= groupEndLsn) {
            return; // the file already holds this change or a later one
        }
        if (lsn != baseLsn) {
            throw new StorageException("redo recovery of " + file.path() + ": the page delta at LSN " + rec.lsn
                    + " changes page " + rec.pageNo + " from its image of LSN " + baseLsn
                    + ", but the data file's copy has LSN " + lsn + "; a log record of the page is missing");
        }
        if (!PageDelta.apply(delta, c.page, crc)) {
            cache.remove(rec.pageNo); // half changed: never written
            throw new StorageException("redo recovery of " + file.path() + ": the page delta at LSN " + rec.lsn
                    + " applied to page " + rec.pageNo + " (LSN " + baseLsn
                    + ") does not give the page it was logged from (result checksum differs)");
        }
        c.page.putLong(PageLayout.LSN_OFFSET, groupEndLsn);
        c.dirty = true;
        deltasApplied++;
    }
}
