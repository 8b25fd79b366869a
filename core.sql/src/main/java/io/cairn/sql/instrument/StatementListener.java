package io.cairn.sql.instrument;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees every statement of the databases it is registered for: a start and an end event each
 * (each entry of a JDBC batch is a statement, however the batch runs: INSTRUMENTATION.md, "Batches").
 * Called synchronously on the statement's own thread, so it must be fast and must not block;
 * hand heavy work to a queue. An exception it throws is logged and counted, never fails the
 * statement. While no listener (and no {@link AdmissionController}) is registered the engine
 * measures nothing.
 */
@ConsumerType
public interface StatementListener {

    /** Longest statement text the events carry; longer texts are cut. */
    int MAX_TEXT_LENGTH = 4096;

    /**
     * Whether this listener uses {@link StatementEnd#cpuNanos()}. Reading a thread's CPU clock costs
     * a system call (about 1 µs on a virtual machine, twice per statement), so the engine reads it
     * only while some registered listener answers true; otherwise {@code cpuNanos} is -1. Asked
     * once, when the listener is registered.
     */
    default boolean wantsCpuTime() {
        return true;
    }

    /** Before the statement runs (after admission). */
    default void statementStarted(StatementStart start) {
    }

    /** After it ended, with its figures; also after it failed. */
    void statementEnded(StatementEnd end);
}
