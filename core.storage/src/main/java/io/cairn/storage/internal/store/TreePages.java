package io.cairn.storage.internal.store;

import java.util.concurrent.atomic.AtomicLong;

import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageAccess;
import io.cairn.storage.internal.page.PageType;

/**
 * One tree's way to its pages: the buffer pool, counting every page the tree allocates and frees
 * so its size is known without a walk. The count changes only under the store's mutation latch
 * (every allocation does), and the next log point writes it to the tree's catalog entry, in the
 * same log group as the pages it counts (FORMAT.md, "Catalog").
 */
final class TreePages implements PageAccess {

    private final PageStore store;
    private final PageAccess pool;
    final AtomicLong count;

    TreePages(PageStore store, PageAccess pool, long count) {
        this.store = store;
        this.pool = pool;
        this.count = new AtomicLong(count);
    }

    @Override
    public Page pin(long pageNo) {
        return pool.pin(pageNo);
    }

    @Override
    public Page pin(long pageNo, io.cairn.storage.IoCounter io) {
        return pool.pin(pageNo, io);
    }

    @Override
    public int readAhead(long[] pageNos, int n) {
        return pool.readAhead(pageNos, n);
    }

    @Override
    public Page allocate(PageType type) {
        Page p = pool.allocate(type);
        count.incrementAndGet();
        store.pageCountChanged();
        return p;
    }

    @Override
    public void free(long pageNo) {
        pool.free(pageNo);
        count.decrementAndGet();
        store.pageCountChanged();
    }
}
