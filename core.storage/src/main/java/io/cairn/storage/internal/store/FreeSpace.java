package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.cairn.storage.internal.buffer.BufferPool;
import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageType;

/**
 * The meta page's figures and the free-page chain. The chain on disk is singly linked from the
 * meta page; in memory it is mirrored with both links so allocation can take the lowest free page,
 * which keeps data packed toward the front of the file. Callers hold the mutation latch (shared or
 * exclusive); this class serialises itself.
 */
final class FreeSpace implements BufferPool.PageAllocator {

    private static final long END = 0;

    private final BufferPool pool;
    private long pageCount;
    private long freeHead;
    private long catalogRoot;
    private final TreeSet<Long> free = new TreeSet<>();
    private final Map<Long, Long> next = new HashMap<>();
    private final Map<Long, Long> prev = new HashMap<>();
    /** Set when the chain read at open was broken; verify reports it. */
    private String chainProblem;
    private long chainProblemPage = -1;

    private FreeSpace(BufferPool pool) {
        this.pool = pool;
    }

    /** A new database: writes a meta page with two pages (header and meta) and no free pages. */
    static FreeSpace create(BufferPool pool) {
        FreeSpace fs = new FreeSpace(pool);
        fs.pageCount = 2;
        try (Page p = pool.pinFresh(MetaPage.PAGE_NO, PageType.META)) {
            p.buffer().putInt(MetaPage.MAGIC_OFFSET, MetaPage.MAGIC);
            p.markDirty();
        }
        fs.writeMeta();
        return fs;
    }

    /** Reads the meta page and walks the free chain. */
    static FreeSpace load(BufferPool pool) {
        FreeSpace fs = new FreeSpace(pool);
        long head;
        try (Page p = pool.pin(MetaPage.PAGE_NO)) {
            ByteBuffer b = p.buffer();
            if (p.type() != PageType.META || b.getInt(MetaPage.MAGIC_OFFSET) != MetaPage.MAGIC) {
                throw new io.cairn.storage.StorageException("page 1 is not a meta page (type " + b.get(0) + ")");
            }
            fs.pageCount = b.getLong(MetaPage.PAGE_COUNT_OFFSET);
            head = b.getLong(MetaPage.FREE_HEAD_OFFSET);
            fs.catalogRoot = b.getLong(MetaPage.CATALOG_ROOT_OFFSET);
        }
        fs.freeHead = head;
        long last = -1;
        long p = head;
        while (p != END) {
            if (p < 2 || p >= fs.pageCount || fs.free.contains(p)) {
                fs.chainProblem = "free list points at page " + p + (fs.free.contains(p) ? " twice (cycle)" : " outside 2.." + (fs.pageCount - 1));
                fs.chainProblemPage = last < 0 ? MetaPage.PAGE_NO : last;
                break;
            }
            long n;
            try (Page pg = pool.pin(p)) {
                if (pg.type() != PageType.FREE) {
                    fs.chainProblem = "free list holds page " + p + " of type " + pg.type();
                    fs.chainProblemPage = p;
                    break;
                }
                n = pg.buffer().getLong(MetaPage.FREE_NEXT_OFFSET);
            }
            fs.free.add(p);
            if (last >= 0) {
                fs.next.put(last, p);
                fs.prev.put(p, last);
            }
            last = p;
            p = n;
        }
        return fs;
    }

    synchronized long pageCount() {
        return pageCount;
    }

    synchronized long freeCount() {
        return free.size();
    }

    synchronized long catalogRoot() {
        return catalogRoot;
    }

    synchronized void setCatalogRoot(long root) {
        catalogRoot = root;
        writeMeta();
    }

    synchronized List<Long> freePages() {
        return new ArrayList<>(free);
    }

    synchronized String chainProblem() {
        return chainProblem;
    }

    synchronized long chainProblemPage() {
        return chainProblemPage;
    }

    /**
     * Walks the free chain as stored in the pages (not the in-memory mirror) and reports pages of
     * the wrong type, links out of range, cycles and a count that differs from the meta page's.
     */
    synchronized void checkChain(ChainIssues issues) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long last = MetaPage.PAGE_NO;
        for (long p = freeHead; p != END; ) {
            if (p < 2 || p >= pageCount) {
                issues.issue(last, "free list links to page " + p + ", outside 2.." + (pageCount - 1));
                return;
            }
            if (!seen.add(p)) {
                issues.issue(last, "free list links back to page " + p + " (a cycle)");
                return;
            }
            try (Page pg = pool.pin(p)) {
                if (pg.type() != PageType.FREE) {
                    issues.issue(p, "on the free list but of type " + pg.type());
                }
                last = p;
                p = pg.buffer().getLong(MetaPage.FREE_NEXT_OFFSET);
            }
        }
        if (seen.size() != free.size()) {
            issues.issue(MetaPage.PAGE_NO, "free list holds " + seen.size() + " pages, the meta page counts " + free.size());
        }
    }

    @FunctionalInterface
    interface ChainIssues {
        void issue(long pageNo, String problem);
    }

    @Override
    public synchronized Page allocate(PageType type) {
        long p;
        if (!free.isEmpty()) {
            p = free.first();
            unlink(p);
        } else {
            p = pageCount++;
        }
        writeMeta();
        return pool.pinFresh(p, type);
    }

    @Override
    public synchronized void free(long pageNo) {
        if (pageNo < 2 || pageNo >= pageCount) {
            throw new IllegalArgumentException("cannot free page " + pageNo + ": outside 2.." + (pageCount - 1));
        }
        if (free.contains(pageNo)) {
            throw new IllegalStateException("page " + pageNo + " freed twice");
        }
        try (Page p = pool.pinFresh(pageNo, PageType.FREE)) {
            p.buffer().putLong(MetaPage.FREE_NEXT_OFFSET, freeHead);
        }
        if (freeHead != END) {
            prev.put(freeHead, pageNo);
            next.put(pageNo, freeHead);
        }
        freeHead = pageNo;
        free.add(pageNo);
        writeMeta();
    }

    private void unlink(long p) {
        Long pr = prev.remove(p);
        Long nx = next.remove(p);
        long n = nx == null ? END : nx;
        if (pr == null) {
            freeHead = n;
        } else {
            setNext(pr, n);
            if (nx == null) {
                next.remove(pr);
            } else {
                next.put(pr, nx);
            }
        }
        if (nx != null) {
            if (pr == null) {
                prev.remove(nx);
            } else {
                prev.put(nx, pr);
            }
        }
        free.remove(p);
    }

    private void setNext(long pageNo, long nextPage) {
        try (Page pg = pool.pin(pageNo)) {
            pg.buffer().putLong(MetaPage.FREE_NEXT_OFFSET, nextPage);
            pg.markDirty();
        }
    }

    /**
     * Cuts the file to {@code newCount} pages: every page from there on must be free; they leave
     * the chain. Caller holds the mutation latch exclusively.
     */
    synchronized void shrinkTo(long newCount) {
        List<Long> survivors = new ArrayList<>();
        for (long p = freeHead; p != END; ) {
            if (p < newCount) {
                survivors.add(p);
            }
            Long n = next.get(p);
            p = n == null ? END : n;
        }
        // Relink only the pages that stay; pages past the new end are simply forgotten.
        for (int i = 0; i < survivors.size(); i++) {
            long p = survivors.get(i);
            long want = i + 1 < survivors.size() ? survivors.get(i + 1) : END;
            Long has = next.get(p);
            if ((has == null ? END : has) != want) {
                setNext(p, want);
            }
        }
        free.clear();
        next.clear();
        prev.clear();
        for (int i = 0; i < survivors.size(); i++) {
            free.add(survivors.get(i));
            if (i > 0) {
                next.put(survivors.get(i - 1), survivors.get(i));
                prev.put(survivors.get(i), survivors.get(i - 1));
            }
        }
        freeHead = survivors.isEmpty() ? END : survivors.get(0);
        pageCount = newCount;
        writeMeta();
    }

    /** Highest page number in use (not free), at least 1. */
    synchronized long highestUsedPage() {
        long p = pageCount - 1;
        while (p > 1 && free.contains(p)) {
            p--;
        }
        return p;
    }

    private void writeMeta() {
        try (Page p = pool.pin(MetaPage.PAGE_NO)) {
            ByteBuffer b = p.buffer();
            b.putInt(MetaPage.MAGIC_OFFSET, MetaPage.MAGIC);
            b.putLong(MetaPage.PAGE_COUNT_OFFSET, pageCount);
            b.putLong(MetaPage.FREE_HEAD_OFFSET, freeHead);
            b.putLong(MetaPage.FREE_COUNT_OFFSET, free.size());
            b.putLong(MetaPage.CATALOG_ROOT_OFFSET, catalogRoot);
            p.markDirty();
        }
    }
}
