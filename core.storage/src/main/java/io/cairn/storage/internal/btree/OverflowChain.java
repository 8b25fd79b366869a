package io.cairn.storage.internal.btree;

import static io.cairn.storage.internal.page.PageLayout.PAGE_SIZE;

import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageAccess;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import java.nio.ByteBuffer;

/**
 * A value too large for a leaf cell, stored in a singly linked chain of OVERFLOW pages. The
 * leaf cell keeps the total length and the first page; each page holds the next page number and
 * how many value bytes it carries.
 */
final class OverflowChain {

    static final int NEXT = PageLayout.HEADER_SIZE; // i64, -1 at the end of the chain
    static final int LENGTH = NEXT + 8; // i32 value bytes in this page
    static final int DATA = LENGTH + 4;
    static final int CAPACITY = PAGE_SIZE - DATA;

    private OverflowChain() {
    }

    static int pagesFor(int total) {
        return (int) (((long) total + CAPACITY - 1) / CAPACITY);
    }

    /** Writes {@code value} to freshly allocated pages; returns the first page number. */
    static long write(PageAccess pages, byte[] value) {
        long first = Node.NO_PAGE;
        Page prev = null;
        try {
            int pos = 0;
            do {
                Page cur = pages.allocate(PageType.OVERFLOW);
                cur.buffer().putLong(NEXT, Node.NO_PAGE);
                if (prev == null) {
                    first = cur.pageNo();
                } else {
                    prev.buffer().putLong(NEXT, cur.pageNo());
                    prev.markDirty();
                    prev.close();
                }
                prev = cur;
                int len = Math.min(CAPACITY, value.length - pos);
                ByteBuffer b = cur.buffer();
                b.putInt(LENGTH, len);
                b.put(DATA, value, pos, len);
                cur.markDirty();
                pos += len;
            } while (pos < value.length);
        } catch (RuntimeException e) {
            if (prev != null) {
                prev.close();
                prev = null;
            }
            if (first != Node.NO_PAGE) {
                try {
                    free(pages, first, value.length);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            if (prev != null) {
                prev.close();
            }
        }
        return first;
    }

    /** Reads a whole chain; {@code owner} is the leaf page named if the chain is broken. */
    static byte[] read(PageAccess pages, long first, int total, long owner) {
        if (total < 0) {
            throw new CorruptNodeException(owner, "negative overflow value length " + total);
        }
        // Grow with the chain instead of trusting a possibly damaged length with one huge allocation.
        byte[] out = new byte[Math.min(total, 64 * CAPACITY)];
        int maxPages = Math.max(1, pagesFor(total));
        long pageNo = first;
        int pos = 0;
        for (int n = 0; n < maxPages; n++) {
            if (pageNo == Node.NO_PAGE) {
                break;
            }
            if (pageNo < 0) {
                throw new CorruptNodeException(owner, "overflow chain from page " + first + " links to page " + pageNo);
            }
            try (Page p = pages.pin(pageNo)) {
                ByteBuffer b = p.buffer();
                int len = b.getInt(LENGTH);
                if (len < 0 || len > CAPACITY || pos + len > total) {
                    throw new CorruptNodeException(pageNo, "overflow page holds " + len
                            + " bytes at position " + pos + " of a " + total + "-byte value (leaf " + owner + ")");
                }
                if (pos + len > out.length) {
                    out = java.util.Arrays.copyOf(out, (int) Math.min(total, Math.max(pos + len, 2L * out.length)));
                }
                b.get(DATA, out, pos, len);
                pos += len;
                pageNo = b.getLong(NEXT);
            }
        }
        if (pos != total || pageNo != Node.NO_PAGE) {
            throw new CorruptNodeException(owner, "overflow chain from page " + first + " holds " + pos
                    + " bytes, the cell says " + total);
        }
        return out;
    }

    /** Frees the pages of a chain; stops after the number of pages the length needs. */
    static void free(PageAccess pages, long first, int total) {
        int maxPages = Math.max(1, pagesFor(total));
        long pageNo = first;
        for (int n = 0; n < maxPages && pageNo != Node.NO_PAGE; n++) {
            if (pageNo < 0) {
                throw new CorruptNodeException(first, "overflow chain links to page " + pageNo);
            }
            long next;
            try (Page p = pages.pin(pageNo)) {
                next = p.buffer().getLong(NEXT);
            }
            pages.free(pageNo);
            pageNo = next;
        }
    }
}
