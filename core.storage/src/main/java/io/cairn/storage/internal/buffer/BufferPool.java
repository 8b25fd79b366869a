package io.cairn.storage.internal.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.IoCounter;
import io.cairn.storage.StorageException;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageAccess;
import io.cairn.storage.internal.page.PageChecksum;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;

/**
 * A fixed set of page frames over the data file: a striped page table, clock-sweep eviction with
 * usage counts, pin counts and dirty tracking. A dirty page is written only once its latest change
 * is logged and that log record is durable (WAL before data); pages with unlogged changes are never
 * evicted. Allocation and freeing are delegated to the store's free list.
 */
public final class BufferPool implements PageAccess {

    /** The write-ahead log as the pool sees it: enough to keep WAL-before-data. */
    public interface LogSync {
        boolean isDurable(long lsn);

        void flush(long lsn);
    }

    /** Owns the free list: hands out page numbers and takes them back. */
    public interface PageAllocator {
        Page allocate(PageType type);

        void free(long pageNo);
    }

    private static final int MAX_USAGE = 5;
    /** Largest read-ahead window in pages (512 KiB); also the size of one read-ahead buffer. */
    public static final int MAX_READ_AHEAD = 64;
    /** Read-ahead window used when the store's options do not say. */
    public static final int DEFAULT_READ_AHEAD = 32;
    /**
     * Wanted pages at most this far apart share one read: the pages between are read and dropped,
     * which costs less than another system call.
     */
    private static final int READ_AHEAD_GAP = 8;
    /** Read-ahead buffers kept for reuse; more concurrent scans allocate and drop their own. */
    private static final int SPARE_READ_AHEAD_BUFFERS = 4;

    private final PageFile file;
    private final LogSync log;
    private final Frame[] frames;
    private final PageTable table;
    private final int[] freeFrames;
    private int freeFrameCount;
    private final AtomicInteger clockHand = new AtomicInteger();
    private final List<Frame> unloggedFrames = new ArrayList<>();
    private final AtomicInteger unloggedCount = new AtomicInteger();
    private final AtomicInteger dirtyCount = new AtomicInteger();
    private volatile PageAllocator allocator;
    /** Delta bases: at most {@link #maxBases} frames hold one; released ones are kept for reuse. */
    private final int maxBases;
    private final java.util.ArrayDeque<byte[]> spareBases = new java.util.ArrayDeque<>();
    private int basesInUse; // guarded by spareBases
    /** The frames holding a base, least recently logged first; guarded by spareBases. */
    private final java.util.LinkedHashMap<Frame, Frame> baseOwners = new java.util.LinkedHashMap<>(64, 0.75f, true);

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    /** Read-ahead: window in pages (0 = off), positional reads issued, pages brought in, pages evicted unused. */
    private final int readAheadWindow;
    private final LongAdder readAheadReads = new LongAdder();
    private final LongAdder readAheadPages = new LongAdder();
    private final LongAdder readAheadUnused = new LongAdder();
    private final java.util.concurrent.ConcurrentLinkedQueue<ByteBuffer> readAheadBuffers =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    public BufferPool(PageFile file, long bytes, LogSync log) {
        this(file, bytes, DEFAULT_READ_AHEAD, log);
    }

    /**
     * @param readAheadPages most pages one sequential read-ahead brings in (0 turns it off); capped
     *        at {@link #MAX_READ_AHEAD} and at an eighth of the pool, so a scan's read-ahead can
     *        never push out more than a small part of what the pool holds
     */
    public BufferPool(PageFile file, long bytes, int readAheadPages, LogSync log) {
        this.file = file;
        this.log = log;
        int n = (int) Math.max(16, Math.min(Integer.MAX_VALUE / 2, bytes / PageLayout.PAGE_SIZE));
        this.frames = new Frame[n];
        this.table = new PageTable(n);
        this.freeFrames = new int[n];
        ByteBuffer arena = null;
        int perArena = (Integer.MAX_VALUE / PageLayout.PAGE_SIZE);
        for (int i = 0; i < n; i++) {
            if (i % perArena == 0) {
                arena = ByteBuffer.allocateDirect(Math.min(perArena, n - i) * PageLayout.PAGE_SIZE);
            }
            int off = (i % perArena) * PageLayout.PAGE_SIZE;
            ByteBuffer slice = arena.slice(off, PageLayout.PAGE_SIZE);
            frames[i] = new Frame(this, i, slice);
            freeFrames[n - 1 - i] = i;
        }
        freeFrameCount = n;
        this.maxBases = n / 4;
        this.readAheadWindow = Math.max(0, Math.min(Math.min(readAheadPages, MAX_READ_AHEAD), n / 8));
    }

    public void setAllocator(PageAllocator allocator) {
        this.allocator = allocator;
    }

    public int capacity() {
        return frames.length;
    }

    public int unloggedCount() {
        return unloggedCount.get();
    }

    public int dirtyCount() {
        return dirtyCount.get();
    }

    // ---- PageAccess ----

    @Override
    public Page pin(long pageNo) {
        return pin(pageNo, false, IoCounter.current());
    }

    @Override
    public Page pin(long pageNo, IoCounter io) {
        return pin(pageNo, false, io);
    }

    @Override
    public Page allocate(PageType type) {
        return allocator.allocate(type);
    }

    @Override
    public void free(long pageNo) {
        allocator.free(pageNo);
    }

    /** Pins {@code pageNo} without reading it: zeroed, typed and dirty. For pages being allocated. */
    public Page pinFresh(long pageNo, PageType type) {
        Frame f = (Frame) pin(pageNo, true, IoCounter.current());
        ByteBuffer b = f.buf;
        for (int i = 0; i < PageLayout.PAGE_SIZE; i += 8) {
            b.putLong(i, 0L);
        }
        b.put(PageLayout.TYPE_OFFSET, type.code());
        f.markDirty();
        return f;
    }

    private Page pin(long pageNo, boolean fresh, IoCounter io) {
        if (pageNo < 0) {
            throw new IllegalArgumentException("page number " + pageNo);
        }
        for (int spins = 0;; spins++) {
            int idx = table.get(pageNo);
            if (idx >= 0) {
                Frame f = frames[idx];
                if (f.tryPin()) {
                    if (f.pageNo == pageNo) {
                        if (f.readAhead && f.takeReadAhead() && !fresh) {
                            // First use of a page read ahead: the read this access would have
                            // made was made earlier, so it counts as a read (once), not a hit;
                            // and the page is as old as one this access had just read.
                            misses.increment();
                            if (io != null) {
                                io.countRead();
                            }
                            return f;
                        }
                        if (f.usage < MAX_USAGE) {
                            f.usage++;
                        }
                        hits.increment();
                        if (io != null) {
                            io.countHit();
                        }
                        return f;
                    }
                    f.unpin();
                }
                backoff(spins);
                continue;
            }
            Frame f = load(pageNo, fresh, io);
            if (f != null) {
                return f;
            }
        }
    }

    private static void backoff(int spins) {
        if (spins < 50) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Reads {@code pageNo} into a victim frame; null if another thread mapped it first. */
    private Frame load(long pageNo, boolean fresh, IoCounter io) {
        Frame f = acquireVictim();
        f.pageNo = pageNo;
        if (table.putIfAbsent(pageNo, f.index) >= 0) {
            f.pageNo = Frame.NONE;
            releaseFreeFrame(f);
            return null;
        }
        try {
            if (!fresh) {
                misses.increment();
                reads.increment();
                if (io != null) {
                    io.countRead();
                }
                file.readPage(pageNo, f.buf);
            }
        } catch (RuntimeException e) {
            table.remove(pageNo, f.index);
            f.pageNo = Frame.NONE;
            releaseFreeFrame(f);
            throw e;
        }
        f.usage = 1;
        f.releaseExclusive(1);
        return f;
    }

    private void releaseFreeFrame(Frame f) {
        synchronized (freeFrames) {
            freeFrames[freeFrameCount++] = f.index;
        }
    }

    /** A frame held exclusively, unmapped and clean: a never-used one or one evicted by the clock. */
    private Frame acquireVictim() {
        synchronized (freeFrames) {
            if (freeFrameCount > 0) {
                return frames[freeFrames[--freeFrameCount]];
            }
        }
        int n = frames.length;
        for (long scanned = 0; scanned < (long) n * (MAX_USAGE + 2); scanned++) {
            Frame f = frames[(clockHand.getAndIncrement() & Integer.MAX_VALUE) % n];
            if (f.state() != 0 || f.unlogged) {
                continue;
            }
            if (f.usage > 0) {
                f.usage--;
                continue;
            }
            if (!f.tryExclusive()) {
                continue;
            }
            // Changes happen only under a pin, so unlogged cannot become true while we hold the frame.
            if (f.unlogged) {
                f.releaseExclusive(0);
                continue;
            }
            if (f.dirty) {
                try {
                    if (!log.isDurable(f.pageLsn)) {
                        log.flush(f.pageLsn);
                    }
                    file.writePage(f.pageNo, f.buf);
                } catch (RuntimeException e) {
                    f.releaseExclusive(0);
                    throw e;
                }
                writes.increment();
            }
            table.remove(f.pageNo, f.index);
            if (f.dirty) {
                dirtyCount.decrementAndGet();
            }
            f.resetFlags();
            f.pageNo = Frame.NONE;
            evictions.increment();
            return f;
        }
        throw new StorageException("buffer pool exhausted: all " + n
                + " frames are pinned or hold changes not yet logged; enlarge bufferPoolBytes or commit more often");
    }

    // ---- sequential read-ahead ----

    /**
     * Sequential read-ahead for a scan. {@code pageNos[0..n)} are the pages the scan will read next,
     * in scan order, {@code pageNos[0]} the one it is about to pin. When that one is resident this
     * does nothing (the scan is being served from memory; random access never gets here). Otherwise
     * the pages of the window ({@link #readAheadWindow()} at most) that are not resident are read in
     * ascending page order, neighbours in the file coalesced into one positional read of up to
     * {@link #MAX_READ_AHEAD} pages, and put into frames as a normal read would: each page is mapped
     * in the page table before it is read (so no newer copy can exist anywhere but the file) and
     * must pass its checksum. A page that fails it, or a read that fails, is left out silently: the
     * scan's own pin then reads it and reports it exactly as without read-ahead. Pages come in with
     * usage 1, as old as a page just read (a clock sweep takes them before anything used twice), and
     * count as read at their first use ({@link #pin}).
     * Only runs of two pages or more are read: a page alone costs the scan the same read later.
     * Returns the pages brought in, or -1 if {@code pageNos[0]} was resident.
     */
    @Override
    public int readAhead(long[] pageNos, int n) {
        int window = readAheadWindow;
        if (n < 1 || table.get(pageNos[0]) >= 0) {
            return -1;
        }
        if (window < 2 || n < 2) {
            return 0;
        }
        n = Math.min(n, window);
        long filePages = file.sizeBytes() / PageLayout.PAGE_SIZE;
        long[] want = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            long p = pageNos[i];
            // Never past the end of the file, never the header page; resident pages need no read.
            if (p > 0 && p < filePages && (i == 0 || table.get(p) < 0)) {
                want[m++] = p;
            }
        }
        java.util.Arrays.sort(want, 0, m);
        int brought = 0;
        int i = 0;
        while (i < m) {
            int j = i + 1;
            while (j < m && want[j] - want[j - 1] <= READ_AHEAD_GAP && want[j] - want[i] < MAX_READ_AHEAD) {
                j++;
            }
            if (j - i >= 2) { // a page alone: no system call to save, the scan reads it itself
                int r = readRun(want, i, j);
                if (r < 0) {
                    break; // no frame to spare: stop, the scan reads on its own
                }
                brought += r;
            }
            i = j;
        }
        return brought;
    }

    /** The read-ahead window in pages (0: off). */
    public int readAheadWindow() {
        return readAheadWindow;
    }

    /** Reads the pages {@code want[from, to)} (ascending, at most MAX_READ_AHEAD apart) in one read; -1 if no frame was free. */
    private int readRun(long[] want, int from, int to) {
        Frame[] claimed = new Frame[to - from];
        int first = -1;
        int last = -1;
        boolean noFrame = false;
        for (int k = from; k < to; k++) {
            long p = want[k];
            if ((k > from && p == want[k - 1]) || table.get(p) >= 0) {
                continue;
            }
            Frame f;
            try {
                f = acquireVictim();
            } catch (RuntimeException e) {
                noFrame = true; // every frame pinned or unlogged, or a dirty victim's write failed
                break;
            }
            f.pageNo = p;
            if (table.putIfAbsent(p, f.index) >= 0) {
                f.pageNo = Frame.NONE;
                releaseFreeFrame(f);
                continue;
            }
            claimed[k - from] = f;
            if (first < 0) {
                first = k;
            }
            last = k;
        }
        if (first < 0 || first == last) {
            if (first >= 0) { // one page alone: no system call to save, the scan reads it itself
                Frame f = claimed[first - from];
                table.remove(want[first], f.index);
                f.pageNo = Frame.NONE;
                releaseFreeFrame(f);
            }
            return noFrame ? -1 : 0;
        }
        int brought = 0;
        ByteBuffer buf = readAheadBuffers.poll();
        if (buf == null) {
            buf = ByteBuffer.allocateDirect(MAX_READ_AHEAD * PageLayout.PAGE_SIZE);
        }
        try {
            long base = want[first];
            int span = (int) (want[last] - base + 1);
            int got;
            try {
                got = file.readPages(base, span, buf);
            } catch (RuntimeException e) {
                got = 0; // the scan's own read of each page reports the failure, as without read-ahead
            }
            readAheadReads.increment();
            for (int k = first; k <= last; k++) {
                Frame f = claimed[k - from];
                if (f == null) {
                    continue;
                }
                claimed[k - from] = null;
                int rel = (int) (want[k] - base);
                boolean ok = rel < got;
                if (ok) {
                    f.buf.put(0, buf, rel * PageLayout.PAGE_SIZE, PageLayout.PAGE_SIZE);
                    ok = PageChecksum.matches(f.buf);
                }
                if (!ok) {
                    table.remove(want[k], f.index);
                    f.pageNo = Frame.NONE;
                    releaseFreeFrame(f);
                    continue;
                }
                reads.increment();
                // As old as a page a scan has just read, younger than nothing else: a sweep
                // of the clock can pass it once (usage 0 was tried: with every frame at usage 1,
                // the sweep evicted pages read ahead before the scan got to them).
                f.usage = 1;
                f.readAhead = true;
                f.releaseExclusive(0); // volatile: publishes the page and the flag
                brought++;
            }
            readAheadPages.add(brought);
            return brought;
        } finally {
            for (int k = first; k <= last; k++) { // left claimed only if something above threw
                Frame f = claimed[k - from];
                if (f != null) {
                    table.remove(want[k], f.index);
                    f.pageNo = Frame.NONE;
                    releaseFreeFrame(f);
                }
            }
            if (readAheadBuffers.size() < SPARE_READ_AHEAD_BUFFERS) {
                readAheadBuffers.offer(buf);
            }
        }
    }

    void readAheadEvictedUnused() {
        readAheadUnused.increment();
    }

    /** Read-ahead counters since open: {positional reads, pages brought in, pages evicted before any use}. */
    public long[] readAheadStats() {
        return new long[] {readAheadReads.sum(), readAheadPages.sum(), readAheadUnused.sum()};
    }

    // ---- dirty and unlogged tracking ----

    void noteUnlogged(Frame f) {
        synchronized (f) {
            if (f.unlogged) {
                return;
            }
            f.unlogged = true;
            if (!f.dirty) {
                f.dirty = true;
                dirtyCount.incrementAndGet();
            }
        }
        synchronized (unloggedFrames) {
            unloggedFrames.add(f);
        }
        unloggedCount.incrementAndGet();
    }

    /**
     * Hands over every frame with unlogged changes. The caller must hold the store's mutation latch
     * exclusively, log each frame's image and then call {@link #markLogged}.
     */
    public List<Frame> takeUnlogged() {
        synchronized (unloggedFrames) {
            List<Frame> out = new ArrayList<>(unloggedFrames);
            unloggedFrames.clear();
            return out;
        }
    }

    /** Records that {@code f}'s current image is in the log group [groupStart, groupEnd]. */
    public void markLogged(Frame f, long groupStart, long groupEnd) {
        synchronized (f) {
            if (f.recLsn == Frame.NONE) {
                f.recLsn = groupStart;
            }
            if (f.logVersion == f.copiedLogVersion && f.firstLogAfterCopy == Frame.NONE) {
                f.firstLogAfterCopy = groupStart;
            }
            f.logVersion++;
            f.pageLsn = groupEnd;
            f.buf.putLong(PageLayout.LSN_OFFSET, groupEnd);
            // Last: eviction reads this flag without the monitor and then trusts pageLsn.
            f.unlogged = false;
        }
        unloggedCount.decrementAndGet();
    }

    // ---- delta bases ----

    /**
     * The image {@code f} had when it was last logged (bytes 4..15 zeroed), against which its next
     * log record may be a delta; null if that record must be a full image. A frame has a base only
     * from a log point until its page is copied to be written or the frame is evicted, so the first
     * record logged after a page was loaded or written (its recLSN) is always a full image. The
     * caller holds the store's mutation latch exclusively and {@code f} has unlogged changes.
     */
    public byte[] deltaBase(Frame f) {
        synchronized (f) {
            return f.base;
        }
    }

    /**
     * Keeps {@code image[off, off + PAGE_SIZE)} as {@code f}'s base, which has just been logged. At
     * most {@code capacity / 4} frames hold a base: when that many do, the frame logged least
     * recently gives its base up (its next record is a full image), so the bases stay with the pages
     * being changed now. Called by the log point (one at a time) before {@link #markLogged}, while
     * {@code f} cannot be evicted.
     */
    public void keepBase(Frame f, byte[] image, int off) {
        if (maxBases == 0) {
            return;
        }
        boolean has;
        synchronized (f) {
            has = f.base != null;
        }
        if (!has) {
            Frame oldest = null;
            synchronized (spareBases) {
                if (basesInUse >= maxBases) {
                    oldest = baseOwners.keySet().iterator().next();
                }
            }
            if (oldest != null) {
                // Not nested in f's monitor or the spare list's: eviction takes a frame's, then that one.
                synchronized (oldest) {
                    releaseBase(oldest);
                }
            }
        }
        synchronized (f) {
            byte[] b = f.base;
            if (b == null) {
                synchronized (spareBases) {
                    if (basesInUse >= maxBases) {
                        return;
                    }
                    basesInUse++;
                    b = spareBases.poll();
                    baseOwners.put(f, f);
                }
                if (b == null) {
                    b = new byte[PageLayout.PAGE_SIZE];
                }
                f.base = b;
            } else {
                synchronized (spareBases) {
                    baseOwners.get(f); // now the most recently logged
                }
            }
            System.arraycopy(image, off, b, 0, PageLayout.PAGE_SIZE);
        }
    }

    /** Drops {@code f}'s base (the caller holds {@code f}'s monitor). */
    void releaseBase(Frame f) {
        byte[] b = f.base;
        if (b != null) {
            f.base = null;
            synchronized (spareBases) {
                basesInUse--;
                spareBases.push(b);
                baseOwners.remove(f);
            }
        }
    }

    /** Frames holding a delta base now (for tests and stats). */
    public int basesInUse() {
        synchronized (spareBases) {
            return basesInUse;
        }
    }

    /** Smallest recLSN of any dirty page, or {@code none} if no dirty page has a logged image. */
    public long minRecLsn(long none) {
        long min = none;
        for (Frame f : frames) {
            long r = f.recLsn;
            if (r != Frame.NONE && f.dirty && r < min) {
                min = r;
            }
        }
        return min;
    }

    /**
     * Up to {@code max} frames that are dirty with their latest change logged. With
     * {@code coldFirst}, frames the clock would evict soon (low usage) come first.
     */
    public List<Frame> dirtyLoggedFrames(boolean coldFirst, int max) {
        List<Frame> out = new ArrayList<>();
        for (int pass = coldFirst ? 0 : 1; pass < 2; pass++) {
            for (Frame f : frames) {
                if (out.size() >= max) {
                    return out;
                }
                boolean cold = f.usage <= 1;
                if (f.dirty && !f.unlogged && f.pageNo >= 0 && (pass == 0 ? cold : !coldFirst || !cold)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * Copies {@code f}'s image if it is still dirty and fully logged. The caller holds the mutation
     * latch exclusively, so no page is being changed. On success the frame stays pinned until
     * {@link #writeCopies} has written the copy: otherwise the page could be evicted (written
     * newer) and then overwritten by this older copy.
     */
    public boolean copyForWrite(Frame f, PageCopy c) {
        if (!f.tryPin()) {
            return false; // being evicted (and so written) right now
        }
        boolean keepPin = false;
        try {
            synchronized (f) {
                if (!f.dirty || f.unlogged || f.pageNo < 0) {
                    return false;
                }
                c.frame = f;
                c.pageNo = f.pageNo;
                c.logVersion = f.logVersion;
                c.pageLsn = f.pageLsn;
                f.copiedLogVersion = f.logVersion;
                f.firstLogAfterCopy = Frame.NONE;
                // The copy is about to be written, and a write may tear: the page's next log
                // record must be a full image (its recLSN), so recovery can repair it.
                releaseBase(f);
                c.bytes.clear();
                c.bytes.put(0, f.buf, 0, PageLayout.PAGE_SIZE);
                keepPin = true;
                return true;
            }
        } finally {
            if (!keepPin) {
                f.unpin();
            }
        }
    }

    /** Results of {@link #copyImage}. */
    public static final int COPIED = 1;
    public static final int NOT_RESIDENT = 0;
    /** The frame is being loaded or evicted; the file's copy may be older than the page. Retry. */
    public static final int BUSY = -1;

    /**
     * Copies the resident image of {@code pageNo} (sealed with its checksum) into a new buffer at
     * {@code out[i]}. The caller holds the mutation latch exclusively.
     */
    public int copyImage(long pageNo, ByteBuffer[] out, int i) {
        int idx = table.get(pageNo);
        if (idx < 0) {
            return NOT_RESIDENT;
        }
        Frame f = frames[idx];
        if (!f.tryPin()) {
            return BUSY;
        }
        try {
            if (f.pageNo != pageNo) {
                return NOT_RESIDENT; // evicted (and written) since the lookup
            }
            ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            b.put(0, f.buf, 0, PageLayout.PAGE_SIZE);
            PageChecksum.seal(b);
            out[i] = b;
            return COPIED;
        } finally {
            f.unpin();
        }
    }

    /**
     * Writes copies made by {@link #copyForWrite} (log first, ascending page order), marks their
     * frames clean where nothing changed since, and unpins them, also when a write fails.
     */
    public void writeCopies(List<PageCopy> copies) {
        int done = 0;
        try {
            if (copies.isEmpty()) {
                return;
            }
            long maxLsn = 0;
            for (PageCopy c : copies) {
                maxLsn = Math.max(maxLsn, c.pageLsn);
            }
            if (!log.isDurable(maxLsn)) {
                log.flush(maxLsn);
            }
            copies.sort(Comparator.comparingLong(PageCopy::pageNo));
            for (PageCopy c : copies) {
                file.writePage(c.pageNo, c.bytes);
                writes.increment();
                Frame f = c.frame;
                synchronized (f) {
                    if (f.dirty) {
                        if (f.logVersion == c.logVersion) {
                            f.recLsn = Frame.NONE;
                            if (!f.unlogged) {
                                f.dirty = false;
                                dirtyCount.decrementAndGet();
                            }
                        } else {
                            f.recLsn = f.firstLogAfterCopy;
                        }
                    }
                }
                f.unpin();
                c.frame = null;
                done++;
            }
        } finally {
            for (int i = done; i < copies.size(); i++) {
                PageCopy c = copies.get(i);
                if (c.frame != null) {
                    c.frame.unpin();
                    c.frame = null;
                }
            }
        }
    }

    /** Drops every resident page numbered {@code fromPageNo} or higher (after the file was truncated). */
    public void discardFrom(long fromPageNo) {
        for (Frame f : frames) {
            if (f.pageNo >= fromPageNo && f.tryExclusive()) {
                long p = f.pageNo;
                if (p >= fromPageNo) {
                    table.remove(p, f.index);
                    if (f.dirty) {
                        dirtyCount.decrementAndGet();
                    }
                    if (f.unlogged) {
                        synchronized (unloggedFrames) {
                            if (unloggedFrames.remove(f)) {
                                unloggedCount.decrementAndGet();
                            }
                        }
                    }
                    f.resetFlags();
                    f.pageNo = Frame.NONE;
                    releaseFreeFrame(f);
                } else {
                    f.releaseExclusive(0);
                }
            }
        }
    }

    /** The resident frame of {@code pageNo}, or null; not pinned. */
    public Frame resident(long pageNo) {
        int idx = table.get(pageNo);
        if (idx < 0) {
            return null;
        }
        Frame f = frames[idx];
        return f.pageNo == pageNo ? f : null;
    }

    public BufferPoolStats stats() {
        int used = 0;
        int pinned = 0;
        for (Frame f : frames) {
            if (f.pageNo >= 0) {
                used++;
                if (f.state() > 0) {
                    pinned++;
                }
            }
        }
        return new BufferPoolStats(frames.length, used, pinned, dirtyCount.get(), unloggedCount.get(),
                hits.sum(), misses.sum(), reads.sum(), writes.sum(), evictions.sum());
    }
}
