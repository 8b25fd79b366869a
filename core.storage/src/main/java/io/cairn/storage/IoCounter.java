package io.cairn.storage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page and log I/O of one thread: buffer pool hits, pages read from the data file, and
 * write-ahead log bytes appended by log points the thread ran (its commits, and the log points
 * large changes force). Counting is off until some component {@linkplain #enable() enables} it
 * (the SQL layer does while statement listeners are registered); while off, the storage pays one
 * static volatile read per page access, while on one thread-local lookup per B+tree operation
 * (a descent or a cursor step counts its pages through the counter it looked up). Figures are cumulative
 * per thread: to measure a span, read them at both ends and subtract. One counter per thread,
 * kept for the thread's life, so measuring allocates nothing.
 */
public final class IoCounter {

    private static final ThreadLocal<IoCounter> CURRENT = new ThreadLocal<>();
    private static final AtomicInteger ENABLED = new AtomicInteger();
    private static volatile boolean counting;

    private long pagesHit;
    private long pagesRead;
    private long walBytes;

    private IoCounter() {
    }

    /** Turns counting on for every thread, until a matching {@link #disable()} (calls nest). */
    public static void enable() {
        if (ENABLED.getAndIncrement() == 0) {
            counting = true;
        }
    }

    /** Ends one {@link #enable()}; counting stops when none is left. */
    public static void disable() {
        if (ENABLED.decrementAndGet() <= 0) {
            ENABLED.set(0);
            counting = false;
        }
    }

    /** The calling thread's counter (created at the first call). */
    public static IoCounter forCurrentThread() {
        IoCounter c = CURRENT.get();
        if (c == null) {
            c = new IoCounter();
            CURRENT.set(c);
        }
        return c;
    }

    /** Pages the buffer pool found in memory, counted so far on this thread. */
    public long pagesHit() {
        return pagesHit;
    }

    /**
     * Pages read from the data file (buffer pool misses), counted so far on this thread. A page a
     * scan read ahead counts here once, at its first use, on the thread that uses it (never as a hit).
     */
    public long pagesRead() {
        return pagesRead;
    }

    /** Write-ahead log bytes (record headers included) appended by this thread's log points, counted so far. */
    public long walBytes() {
        return walBytes;
    }

    // ---- called by the storage layer; threads that never asked for their counter count nothing

    /**
     * The calling thread's counter while counting is on, else null (also for a thread that never
     * asked for its counter). An operation that pins several pages (a B+tree descent) looks it up
     * once and counts each pin through it, instead of one thread-local lookup per page. Since 0.6.0.
     */
    public static IoCounter current() {
        return counting ? CURRENT.get() : null;
    }

    /** One buffer pool hit on this counter's thread (call only on that thread). Since 0.6.0. */
    public void countHit() {
        pagesHit++;
    }

    /** One page read from the data file on this counter's thread (call only on that thread). Since 0.6.0. */
    public void countRead() {
        pagesRead++;
    }

    /** Log bytes appended by a log point the calling thread ran. */
    public static void walWritten(long bytes) {
        if (counting) {
            IoCounter c = CURRENT.get();
            if (c != null) {
                c.walBytes += bytes;
            }
        }
    }
}
