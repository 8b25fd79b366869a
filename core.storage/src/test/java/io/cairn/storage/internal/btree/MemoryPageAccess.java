package io.cairn.storage.internal.btree;

import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageAccess;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Pages in heap memory for B+tree tests: a map from page number to buffer, a free list that
 * hands out the lowest free page first, and pin counting so tests can assert nothing leaks.
 */
final class MemoryPageAccess implements PageAccess {

    private final Map<Long, ByteBuffer> live = new HashMap<>();
    private final Map<Long, Integer> pins = new HashMap<>();
    private final TreeSet<Long> free = new TreeSet<>();
    private long next = 1;
    private long allocations;
    private int allocationsLeft = -1;

    @Override
    public synchronized Page pin(long pageNo) {
        ByteBuffer b = live.get(pageNo);
        if (b == null) {
            throw new IllegalArgumentException("page " + pageNo + " is not allocated");
        }
        pins.merge(pageNo, 1, Integer::sum);
        return new MemPage(pageNo, b);
    }

    @Override
    public synchronized Page allocate(PageType type) {
        if (allocationsLeft == 0) {
            throw new IllegalStateException("injected failure: the page file is full");
        }
        if (allocationsLeft > 0) {
            allocationsLeft--;
        }
        Long n = free.pollFirst();
        long pageNo = n != null ? n : next++;
        ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        b.put(PageLayout.TYPE_OFFSET, type.code());
        live.put(pageNo, b);
        allocations++;
        pins.merge(pageNo, 1, Integer::sum);
        return new MemPage(pageNo, b);
    }

    @Override
    public synchronized void free(long pageNo) {
        if (!live.containsKey(pageNo)) {
            throw new IllegalStateException("page " + pageNo + " freed twice or never allocated");
        }
        if (pins.getOrDefault(pageNo, 0) != 0) {
            throw new IllegalStateException("page " + pageNo + " freed while pinned");
        }
        live.remove(pageNo);
        free.add(pageNo);
    }

    /** Lets {@code n} more allocations succeed and fails the ones after; -1 never fails. */
    synchronized void failAllocationsAfter(int n) {
        allocationsLeft = n;
    }

    synchronized int pinned() {
        return pins.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int livePages() {
        return live.size();
    }

    /** Highest page number ever handed out, plus one. */
    synchronized long highWater() {
        return next;
    }

    synchronized long allocations() {
        return allocations;
    }

    synchronized boolean isLive(long pageNo) {
        return live.containsKey(pageNo);
    }

    /** The raw buffer of a live page, for corrupting it in tests. */
    synchronized ByteBuffer raw(long pageNo) {
        return live.get(pageNo);
    }

    private synchronized void unpin(long pageNo) {
        int n = pins.merge(pageNo, -1, Integer::sum);
        if (n < 0) {
            throw new IllegalStateException("page " + pageNo + " unpinned more often than pinned");
        }
        if (n == 0) {
            pins.remove(pageNo);
        }
    }

    private final class MemPage implements Page {
        private final long pageNo;
        private final ByteBuffer buffer;
        private boolean closed;

        MemPage(long pageNo, ByteBuffer buffer) {
            this.pageNo = pageNo;
            this.buffer = buffer;
        }

        @Override
        public long pageNo() {
            return pageNo;
        }

        @Override
        public ByteBuffer buffer() {
            if (closed) {
                throw new IllegalStateException("page " + pageNo + " used after close");
            }
            return buffer;
        }

        @Override
        public PageType type() {
            return PageType.of(buffer.get(PageLayout.TYPE_OFFSET));
        }

        @Override
        public void markDirty() {
            if (closed) {
                throw new IllegalStateException("page " + pageNo + " marked dirty after close");
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                unpin(pageNo);
            }
        }
    }
}
