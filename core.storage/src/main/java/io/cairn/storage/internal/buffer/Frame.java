package io.cairn.storage.internal.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;

/**
 * One buffer-pool slot holding one page. It is itself the {@link Page} handed out by a pin, so a
 * pin on a hit allocates nothing. {@code state} counts pins; -1 means a thread holds the frame
 * exclusively (loading or evicting it).
 */
public final class Frame implements Page {

    static final long NONE = -1;
    private static final VarHandle STATE;
    private static final VarHandle READ_AHEAD;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Frame.class, "state", int.class);
            READ_AHEAD = MethodHandles.lookup().findVarHandle(Frame.class, "readAhead", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final ByteBuffer buf;
    private final BufferPool pool;

    volatile long pageNo = NONE;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state = -1;
    volatile int usage;
    /**
     * Brought in by read-ahead and not used since: its first pin counts as the page's read. Plain,
     * so a pin's hit path pays a plain load: it is set while the frame is held exclusively, before
     * the volatile release a pin's CAS reads, and cleared only by CAS ({@link #takeReadAhead}).
     */
    boolean readAhead;

    // Guarded by synchronized(this); volatile where read without the monitor.
    volatile boolean dirty;
    volatile boolean unlogged;
    volatile long recLsn = NONE;
    volatile long pageLsn;
    long logVersion;
    long copiedLogVersion = NONE;
    long firstLogAfterCopy = NONE;
    /**
     * The page as last logged (bytes 4..15 zeroed), the base of the next delta; null when the next
     * log record must be a full image. See {@link BufferPool#deltaBase}.
     */
    byte[] base;

    Frame(BufferPool pool, int index, ByteBuffer buf) {
        this.pool = pool;
        this.index = index;
        this.buf = buf;
    }

    int state() {
        return (int) STATE.getVolatile(this);
    }

    boolean tryPin() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s < 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return true;
            }
        }
    }

    void unpin() {
        int s = (int) STATE.getAndAdd(this, -1);
        if (s <= 0) {
            STATE.getAndAdd(this, 1);
            throw new IllegalStateException("page " + pageNo + " unpinned more often than pinned");
        }
    }

    boolean tryExclusive() {
        return STATE.compareAndSet(this, 0, -1);
    }

    /** Leaves exclusive mode with {@code pins} pins (0 or 1). */
    void releaseExclusive(int pins) {
        STATE.setVolatile(this, pins);
    }

    /** Clears {@link #readAhead}; true for the one caller that cleared it. */
    boolean takeReadAhead() {
        return READ_AHEAD.compareAndSet(this, true, false);
    }

    void resetFlags() {
        if (readAhead && takeReadAhead()) {
            pool.readAheadEvictedUnused();
        }
        synchronized (this) {
            dirty = false;
            unlogged = false;
            recLsn = NONE;
            pageLsn = 0;
            copiedLogVersion = NONE;
            firstLogAfterCopy = NONE;
            pool.releaseBase(this);
        }
    }

    public boolean isDirty() {
        return dirty;
    }

    public boolean isUnlogged() {
        return unlogged;
    }

    /** LSN of the GROUP_END that last logged this page (0 if not logged since it was loaded). */
    public long pageLsn() {
        return pageLsn;
    }

    @Override
    public long pageNo() {
        return pageNo;
    }

    @Override
    public ByteBuffer buffer() {
        return buf;
    }

    @Override
    public PageType type() {
        return PageType.of(buf.get(PageLayout.TYPE_OFFSET));
    }

    @Override
    public void markDirty() {
        if (!unlogged) {
            pool.noteUnlogged(this);
        }
    }

    @Override
    public void close() {
        unpin();
    }

    @Override
    public String toString() {
        return "Frame[" + index + " page " + pageNo + " state " + state() + (dirty ? " dirty" : "")
                + (unlogged ? " unlogged" : "") + "]";
    }
}
