package io.cairn.sql.internal.exec;

import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.txn.CancelSignal;

/**
 * A statement's cancel request, with who asked and why (shown in the 57014 message). The engine
 * checks it every few hundred rows; its {@link #signal()} carries the same request (and the
 * statement's deadline) to the transaction layer, whose lock waits it wakes at once.
 */
public final class CancelFlag extends AtomicBoolean {

    private static final long serialVersionUID = 1L;

    private volatile String reason;
    private final transient CancelSignal signal;

    public CancelFlag() {
        this(0);
    }

    /** A flag whose signal also ends lock waits at {@code deadlineNanos} ({@link System#nanoTime()}, 0 = none). */
    public CancelFlag(long deadlineNanos) {
        this.signal = new CancelSignal(deadlineNanos);
    }

    /** Asks the statement to stop; {@code reason} completes "canceling statement due to ...", null = user request. */
    public void cancel(String reason) {
        if (reason != null && this.reason == null) {
            this.reason = reason;
        }
        set(true);
        signal.cancel(reason); // wakes a lock wait (or any other wait watching the signal)
    }

    /** Why it was cancelled, or null for a plain user request. */
    public String reason() {
        return reason;
    }

    /** What the session's waits watch: fired by {@link #cancel}, with the statement's deadline. */
    public CancelSignal signal() {
        return signal;
    }
}
