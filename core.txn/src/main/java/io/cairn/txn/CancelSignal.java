package io.cairn.txn;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop the statement a session runs, with an optional deadline (the statement
 * timeout): what a session's waits watch so that a cancel ends them at once. The SQL layer makes
 * one per statement and attaches it with {@link Session#watchCancel}; the transaction layer's lock
 * waits then end with 57014 when it fires or its deadline passes, leaving the lock queue. Any
 * other wait (an admission queue, a delay) can watch the same signal through {@link #onCancel}
 * instead of polling. Never uses {@code Thread.interrupt}: an interrupt would also close the
 * {@code FileChannel}s the storage layer writes through. Thread-safe.
 */
public final class CancelSignal {

    /** What {@link #onCancel} returns: closing it stops the wake-up (the wait ended). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final long deadlineNanos;
    private volatile String reason;
    /** Made on the first registration: most statements never wait, and one is made per statement. */
    private CopyOnWriteArrayList<Runnable> wakers;

    /** A signal without a deadline. */
    public CancelSignal() {
        this(0);
    }

    /** A signal whose waits also end at {@code deadlineNanos}, a {@link System#nanoTime()} value (0 = none). */
    public CancelSignal(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Fires the signal: every wait watching it wakes and ends with 57014, "canceling statement
     * due to {@code reason}" (the first reason given is kept). Returns false if it had fired before.
     */
    public boolean cancel(String reason) {
        boolean first;
        CopyOnWriteArrayList<Runnable> toWake;
        synchronized (this) {
            first = this.reason == null;
            if (first) {
                this.reason = reason == null || reason.isBlank() ? "user request" : reason;
            }
            toWake = wakers;
        }
        if (first && toWake != null) {
            for (Runnable w : toWake) {
                w.run();
            }
        }
        return first;
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it fired ("user request" when no reason was given), or null while it has not. */
    public String reason() {
        return reason;
    }

    /** The deadline as a {@link System#nanoTime()} value, 0 for none. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Calls {@code wake} (on the cancelling thread) when the signal fires, until the registration
     * is closed. A wait registers, then checks {@link #isCancelled()}, then sleeps: a cancel in
     * between is seen by the check or wakes it. {@code wake} must be short and must not block on
     * the cancelling thread's locks.
     */
    public Registration onCancel(Runnable wake) {
        CopyOnWriteArrayList<Runnable> list;
        synchronized (this) {
            if (wakers == null) {
                wakers = new CopyOnWriteArrayList<>();
            }
            list = wakers;
        }
        list.add(wake);
        return () -> list.remove(wake);
    }

    /** The 57014 a wait ends with once the signal fired; {@code during} says what it was waiting for. */
    public TransactionException cancelled(String during) {
        return new TransactionException(TransactionException.QUERY_CANCELED,
                "canceling statement due to " + (reason == null ? "statement timeout" : reason)
                        + (during == null ? "" : " (" + during + ")"));
    }
}
