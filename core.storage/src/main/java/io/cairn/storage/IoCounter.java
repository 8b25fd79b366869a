package io.cairn.storage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page and log I/O of one thread while it counts: buffer pool hits, pages read from the data
 * file, and write-ahead log bytes appended by log points the thread ran (its commits, and the log
 * points large changes force). The figures are cumulative for the thread; a caller measuring a
 * span (the SQL layer measures each statement) reads them at both ends and subtracts. While no
 * thread counts, the storage pays one static volatile read per page access; counting threads pay
 * a thread-local lookup. One counter per thread, kept for the thread's life, so counting a span
 * allocates nothing.
 */
public final class IoCounter {

    private static final ThreadLocal<IoCounter> CURRENT = new ThreadLocal<>();
    /** Spans counting right now; the storage skips the thread-local lookup while it is 0. */
    private static final AtomicInteger COUNTING = new AtomicInteger();
    private static volatile boolean anyCounting;

    private long pagesHit;
    private long pagesRead;
    private long walBytes;
    private int depth;

    private IoCounter() {
    }

    /** Starts counting the calling thread's I/O (spans nest); returns the thread's counter. Pair with {@link #stop()}. */
    public static IoCounter start() {
        IoCounter c = CURRENT.get();
        if (c == null) {
            c = new IoCounter();
            CURRENT.set(c);
        }
        c.depth++;
        if (COUNTING.getAndIncrement() == 0) {
            anyCounting = true;
        }
        return c;
    }

    /** Ends one span begun by {@link #start()}, on the same thread; the figures stay readable. */
    public void stop() {
        if (depth == 0) {
            return;
        }
        depth--;
        if (COUNTING.decrementAndGet() == 0) {
            anyCounting = false;
        }
    }

    /** Pages the buffer pool found in memory, counted so far on this thread. */
    public long pagesHit() {
        return pagesHit;
    }

    /** Pages read from the data file (buffer pool misses), counted so far on this thread. */
    public long pagesRead() {
        return pagesRead;
    }

    /** Write-ahead log bytes (record headers included) appended by this thread's log points, counted so far. */
    public long walBytes() {
        return walBytes;
    }

    // ---- called by the storage layer

    /** A buffer pool hit on the calling thread. */
    public static void pageHit() {
        if (anyCounting) {
            IoCounter c = CURRENT.get();
            if (c != null && c.depth > 0) {
                c.pagesHit++;
            }
        }
    }

    /** A page read from the data file on the calling thread. */
    public static void pageRead() {
        if (anyCounting) {
            IoCounter c = CURRENT.get();
            if (c != null && c.depth > 0) {
                c.pagesRead++;
            }
        }
    }

    /** Log bytes appended by a log point the calling thread ran. */
    public static void walWritten(long bytes) {
        if (anyCounting) {
            IoCounter c = CURRENT.get();
            if (c != null && c.depth > 0) {
                c.walBytes += bytes;
            }
        }
    }
}
