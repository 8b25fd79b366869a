package io.cairn.storage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page and log I/O one thread does between {@link #start()} and {@link #stop()}: buffer
 * pool hits, pages read from the data file, and write-ahead log bytes appended by log points the
 * thread ran (its commits, and the log points large changes force). The SQL layer counts each
 * statement with one. While no thread counts, the storage pays one static volatile read per
 * page access; counting threads pay a thread-local lookup.
 */
public final class IoCounter {

    private static final ThreadLocal<IoCounter> CURRENT = new ThreadLocal<>();
    /** Threads counting right now; the storage skips the thread-local lookup while it is 0. */
    private static final AtomicInteger COUNTING = new AtomicInteger();
    private static volatile boolean anyCounting;

    private long pagesHit;
    private long pagesRead;
    private long walBytes;
    private IoCounter previous;
    private boolean counting;

    private IoCounter() {
    }

    /** Starts counting the calling thread's I/O into a new counter (nested counters pause the outer one). */
    public static IoCounter start() {
        IoCounter c = new IoCounter();
        c.previous = CURRENT.get();
        c.counting = true;
        CURRENT.set(c);
        if (COUNTING.getAndIncrement() == 0) {
            anyCounting = true;
        }
        return c;
    }

    /** Stops counting (on the thread that started); the figures stay readable. Idempotent. */
    public void stop() {
        if (!counting) {
            return;
        }
        counting = false;
        if (CURRENT.get() == this) {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
        if (COUNTING.decrementAndGet() == 0) {
            anyCounting = false;
        }
    }

    /** Pages the buffer pool found in memory. */
    public long pagesHit() {
        return pagesHit;
    }

    /** Pages read from the data file (buffer pool misses). */
    public long pagesRead() {
        return pagesRead;
    }

    /** Write-ahead log bytes (record headers included) appended by this thread's log points. */
    public long walBytes() {
        return walBytes;
    }

    // ---- called by the storage layer

    /** A buffer pool hit on the calling thread. */
    public static void pageHit() {
        if (anyCounting) {
            IoCounter c = CURRENT.get();
            if (c != null) {
                c.pagesHit++;
            }
        }
    }

    /** A page read from the data file on the calling thread. */
    public static void pageRead() {
        if (anyCounting) {
            IoCounter c = CURRENT.get();
            if (c != null) {
                c.pagesRead++;
            }
        }
    }

    /** Log bytes appended by a log point the calling thread ran. */
    public static void walWritten(long bytes) {
        if (anyCounting) {
            IoCounter c = CURRENT.get();
            if (c != null) {
                c.walBytes += bytes;
            }
        }
    }
}
