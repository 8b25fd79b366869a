package io.cairn.monitoring.internal.sql;

import java.time.Instant;

import io.cairn.sql.instrument.StatementEnd;

/**
 * The cumulative figures of one statement shape (digest) in one database: a row of {@code v$sql}.
 * Updated under its own monitor: threads running different shapes never contend.
 */
public final class SqlStats {

    private final String database;
    private final long digest;
    private final String digestText;
    private String sampleText;
    private String command;
    private long planHash;
    private long executions;
    private long errors;
    private long elapsedNanos;
    private long maxElapsedNanos;
    private long cpuNanos;
    private boolean cpuMeasured;
    private long rows;
    private long pagesRead;
    private long pagesHit;
    private long walBytes;
    private long tempBytes;
    private long lockWaitNanos;
    /** The latest statement's start and elapsed time: last_active is computed when a row is read, not per statement. */
    private Instant lastStart;
    private long lastElapsedNanos;

    public SqlStats(String database, long digest, String digestText) {
        this.database = database;
        this.digest = digest;
        this.digestText = digestText;
    }

    public synchronized void add(StatementEnd end) {
        executions++;
        if (end.failed()) {
            errors++;
        }
        elapsedNanos += end.elapsedNanos();
        maxElapsedNanos = Math.max(maxElapsedNanos, end.elapsedNanos());
        if (end.cpuNanos() >= 0) {
            cpuNanos += end.cpuNanos();
            cpuMeasured = true;
        }
        rows += end.rows();
        pagesRead += end.pagesRead();
        pagesHit += end.pagesHit();
        walBytes += end.walBytes();
        tempBytes += end.tempBytes();
        lockWaitNanos += end.lockWaitNanos();
        if (end.planHash() != 0) {
            planHash = end.planHash();
        }
        command = end.command();
        sampleText = end.text(); // the latest text: one real instance of the shape, constants included
        lastStart = end.startTime();
        lastElapsedNanos = end.elapsedNanos();
    }

    /** A consistent copy for a view row. */
    public synchronized Row row() {
        return new Row(database, digest, digestText, sampleText, command, planHash, executions, errors, elapsedNanos,
                maxElapsedNanos, cpuNanos, cpuMeasured, rows, pagesRead, pagesHit, walBytes, tempBytes, lockWaitNanos,
                lastStart == null ? null : lastStart.plusNanos(lastElapsedNanos));
    }

    /** One row of {@code v$sql}. Times are nanoseconds. */
    public record Row(String database, long digest, String digestText, String sampleText, String command, long planHash,
            long executions, long errors, long elapsedNanos, long maxElapsedNanos, long cpuNanos, boolean cpuMeasured, long rows,
            long pagesRead, long pagesHit, long walBytes, long tempBytes, long lockWaitNanos, Instant lastActive) {
    }
}
