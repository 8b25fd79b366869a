package io.cairn.sql.instrument;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether sessions open and statements run (the resource manager's hook). Asked before a
 * session opens and before each statement runs, on the caller's thread; every registered
 * controller is asked in turn and the first rejection wins; delays add up; a queued statement
 * waits for its grant before the next controller is asked. Must be fast when it
 * admits; a controller that throws is logged and counted and taken as admitting.
 */
@ConsumerType
public interface AdmissionController {

    /** Names the controller in error and cancel messages, e.g. "resource manager". */
    String name();

    /** Before a session opens. */
    default Admission admitSession(SessionRequest request) {
        return Admission.admit();
    }

    /**
     * Before a statement runs (after parsing, before planning). Keep {@code handle} to cancel the
     * statement later; every admitted statement is followed by exactly one {@link #statementEnded}.
     */
    default Admission admitStatement(StatementHandle handle) {
        return Admission.admit();
    }

    /**
     * A statement this controller {@linkplain Admission#queue queued} left the queue without being
     * granted: it was cancelled, killed, its query timeout or the queue's longest wait passed. Called
     * once, on the statement's thread; the statement does not run and no {@link #statementEnded}
     * follows. (A grant that raced with the give-up returns false to the granter.)
     */
    default void queueAbandoned(StatementHandle handle) {
    }

    /**
     * A statement this controller admitted is running: called on its thread at the executor's
     * check points (every 256 rows), with the handle's progress and memory figures just updated.
     * The place to {@linkplain StatementHandle#throttle throttle} or
     * {@linkplain StatementHandle#cancel cancel} it on those figures; a cancel made here stops the
     * statement before its next row. Called often: must be fast and must not block.
     */
    default void statementProgress(StatementHandle handle) {
    }

    /** A statement this controller admitted ended (on the statement's thread), successfully or not. */
    default void statementEnded(StatementHandle handle) {
    }

    /** A session this controller admitted closed. */
    default void sessionClosed(long sessionId) {
    }
}
