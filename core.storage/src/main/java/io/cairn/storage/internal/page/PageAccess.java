package io.cairn.storage.internal.page;

import io.cairn.storage.IoCounter;

/**
 * How page owners (B+trees, overflow chains) reach pages: pin an existing page, allocate a
 * fresh one, or give one back to the free list. Implemented by the buffer pool; tests may use
 * an in-memory implementation.
 */
public interface PageAccess {

    /** Pins an existing page; fails with a CorruptPageException if its checksum is wrong. */
    Page pin(long pageNo);

    /**
     * {@link #pin(long)}, counting the hit or read on {@code io} ({@link IoCounter#current()},
     * looked up once by an operation that pins many pages; null counts nothing).
     */
    default Page pin(long pageNo, IoCounter io) {
        return pin(pageNo);
    }

    /**
     * Sequential read-ahead hint from a scan: {@code pageNos[0..n)} are the pages it reads next, in
     * order, the first about to be pinned. An implementation may read them ahead in fewer, larger
     * reads when the first is not in memory; it never fails (pins report problems). Returns the
     * pages brought in, or -1 when the first page was in memory (nothing to do).
     */
    default int readAhead(long[] pageNos, int n) {
        return 0;
    }

    /** Allocates a page (reusing a free one first), zeroed except for its type, and pins it. */
    Page allocate(PageType type);

    /** Returns an unpinned page to the free list. */
    void free(long pageNo);
}
