package io.cairn.sql.instrument;

import java.time.Duration;

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

    /**
     * Whether the statement can make tables or indexes take more pages: INSERT, UPDATE, CREATE
     * TABLE, CREATE INDEX, REINDEX, and EXPLAIN ANALYZE of one of them. SELECT, DELETE, DROP,
     * VACUUM and the rest cannot (DELETE frees pages only once VACUUM removes the dead rows). What a
     * storage quota refuses (since 0.3.0).
     */
    boolean growsStorage();

    /** The text, cut to {@link StatementListener#MAX_TEXT_LENGTH} characters. */
    String text();

    /** True from admission until the statement ended. */
    boolean isRunning();

    /**
     * Asks the statement to stop: it fails with 57014 and a message naming the controller and
     * {@code reason}. A running statement stops within a few hundred rows; one waiting for a row
     * or table lock, in a controller's queue, in an admission delay or a throttle pause stops
     * waiting at once (and leaves the lock queue). Returns false if it had already ended.
     */
    boolean cancel(String reason);

    /**
     * Lets a statement this controller {@linkplain Admission#queue queued} run (from any thread).
     * True if it will run (one {@link AdmissionController#statementEnded} follows); false if it is
     * not waiting in this controller's queue: it was admitted otherwise, already granted, or gave
     * up (then {@link AdmissionController#queueAbandoned} is or was called).
     */
    boolean grant();

    /** True while the statement waits in this controller's queue. */
    boolean isQueued();

    // ---- progress of a running statement: published by the executor at its cancel check points
    // (every 256 rows), so figures lag by at most that stride; all 0 before the statement runs

    /** Rows the executor processed so far (operator rows and sort comparison batches; steps of 256). */
    long rowsProcessed();

    /** Pages the statement read from the data file so far. */
    long pagesRead();

    /** Pages the statement found in the buffer pool so far. */
    long pagesHit();

    /**
     * Rows held in memory by the statement's largest in-memory structure so far (a sort, a hash
     * join's build side, hash aggregation, DISTINCT, buffered DML or subquery rows): the figure
     * the engine bounds by {@code max_memory_rows}. Rows a structure spilled to temp files are not
     * counted.
     */
    long memoryRows();

    /**
     * An estimate of the bytes held in memory by that structure: {@link #memoryRows()} times the
     * average estimated size of its rows (JVM object sizes of a row array and its values, sampled).
     * An estimate, not a measurement: within tens of percent, not exact.
     */
    long memoryBytes();

    /**
     * Pauses the running statement: at its next check point it waits {@code pause} as wait event
     * {@value Admission#THROTTLED_WAIT_EVENT} (class Scheduler); a cancel, kill or query timeout
     * ends the wait. A new pause replaces one not yet begun. The engine never pauses on its own,
     * so the controller decides the rate. Zero or negative: no pause.
     */
    void throttle(Duration pause);
}
