package io.cairn.sql.internal.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/** A statement's cancel request, with who asked and why (shown in the 57014 message). */
public final class CancelFlag extends AtomicBoolean {

    private static final long serialVersionUID = 1L;

    private volatile String reason;

    /** Asks the statement to stop; {@code reason} completes "canceling statement due to ...", null = user request. */
    public void cancel(String reason) {
        if (reason != null && this.reason == null) {
            this.reason = reason;
        }
        set(true);
    }

    /** Why it was cancelled, or null for a plain user request. */
    public String reason() {
        return reason;
    }
}
