package io.cairn.sql.instrument;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A statement an {@link AdmissionController} admitted: what it is, and a way to cancel it while
 * it runs. Safe to use from any thread; useless (but harmless) once the statement ended.
 */
@ProviderType
public interface StatementHandle {

    String database();

    long sessionId();

    String user();

    /** As in {@link StatementStart#command()}. */
    String command();

    StatementDigest digest();

    /** The text, cut to {@link StatementListener#MAX_TEXT_LENGTH} characters. */
    String text();

    /** True from admission until the statement ended. */
    boolean isRunning();

    /**
     * Asks the statement to stop: it fails with 57014 and a message naming the controller and
     * {@code reason}. A running statement stops within a few hundred rows; one waiting for a row
     * or table lock (or an admission delay) stops waiting at once and leaves the lock queue.
     * Returns false if it had already ended.
     */
    boolean cancel(String reason);
}
