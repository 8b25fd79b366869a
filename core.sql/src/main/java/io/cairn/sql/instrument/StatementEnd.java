package io.cairn.sql.instrument;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A statement that finished, successfully or not, with what it cost. Times are nanoseconds,
 * sizes bytes; every figure is this statement's own (not the session's or the database's).
 *
 * @param database         the database name
 * @param sessionId        the session that ran it
 * @param user             the session's user
 * @param command          as in {@link StatementStart#command()}
 * @param digest           its digest
 * @param text             its text, cut to {@link StatementListener#MAX_TEXT_LENGTH} characters
 * @param planHash         the stable hash of its plan's shape (operators, tables, indexes, join order), 0 for
 *                         statements without a plan (DDL, transaction control, CALL, SET)
 * @param startTime        when it started (wall clock)
 * @param rows             rows returned (queries) or changed (INSERT, UPDATE, DELETE)
 * @param elapsedNanos     wall-clock time from admission to the end, admission delay included
 * @param cpuNanos         CPU time of the statement's thread over the same span, or -1 if the JVM cannot measure
 *                         it or no registered listener {@linkplain StatementListener#wantsCpuTime() wants it};
 *                         measured with the thread CPU clock, or for very short statements estimated (see
 *                         {@code cpuMeasured})
 * @param pagesRead        pages read from the data file
 * @param pagesHit         pages found in the buffer pool
 * @param walBytes         write-ahead log bytes appended by the statement's thread: its commit (autocommit, COMMIT)
 *                         and the log points large changes force. Page images logged at a commit are those of every
 *                         page changed since the last log point, so under concurrency a commit can carry pages
 *                         another transaction changed.
 * @param lockWaitNanos    time waiting for row and table locks (part of {@code waitNanosByEvent})
 * @param waitNanosByEvent wait time by wait event name (v$system_event names), only events waited for
 * @param sqlState         the error's SQLSTATE, or null if the statement succeeded
 * @param errorMessage     the error message, or null
 * @param accessPaths      how it read each table (empty without a plan)
 * @param cpuMeasured      true if {@code cpuNanos} was read from the thread CPU clock; false if it is -1 or an
 *                         estimate: elapsed time minus the waits, which the engine reports for statements of a
 *                         text whose last execution took under about a hundred times what a clock read costs
 *                         (on some virtual machines a read costs microseconds), reading the clock on one such
 *                         execution in 16. Since 0.3.0.
 * @param tempBytes        bytes the statement wrote to temporary files: sorts, hash aggregations and joins, and
 *                         other row sets that spilled past the database's memory bound ({@code max_memory_rows}).
 *                         Since 0.4.0.
 */
public record StatementEnd(String database, long sessionId, String user, String command, StatementDigest digest,
        String text, long planHash, Instant startTime, long rows, long elapsedNanos, long cpuNanos, long pagesRead,
        long pagesHit, long walBytes, long lockWaitNanos, Map<String, Long> waitNanosByEvent, String sqlState,
        String errorMessage, List<AccessPath> accessPaths, boolean cpuMeasured, long tempBytes) {

    /** An end without temp-file figures (0.3.0's constructor). */
    public StatementEnd(String database, long sessionId, String user, String command, StatementDigest digest,
            String text, long planHash, Instant startTime, long rows, long elapsedNanos, long cpuNanos, long pagesRead,
            long pagesHit, long walBytes, long lockWaitNanos, Map<String, Long> waitNanosByEvent, String sqlState,
            String errorMessage, List<AccessPath> accessPaths, boolean cpuMeasured) {
        this(database, sessionId, user, command, digest, text, planHash, startTime, rows, elapsedNanos, cpuNanos,
                pagesRead, pagesHit, walBytes, lockWaitNanos, waitNanosByEvent, sqlState, errorMessage, accessPaths,
                cpuMeasured, 0);
    }

    /** An end whose CPU time, if any ({@code cpuNanos >= 0}), was measured (0.2.0's constructor). */
    public StatementEnd(String database, long sessionId, String user, String command, StatementDigest digest,
            String text, long planHash, Instant startTime, long rows, long elapsedNanos, long cpuNanos, long pagesRead,
            long pagesHit, long walBytes, long lockWaitNanos, Map<String, Long> waitNanosByEvent, String sqlState,
            String errorMessage, List<AccessPath> accessPaths) {
        this(database, sessionId, user, command, digest, text, planHash, startTime, rows, elapsedNanos, cpuNanos,
                pagesRead, pagesHit, walBytes, lockWaitNanos, waitNanosByEvent, sqlState, errorMessage, accessPaths,
                cpuNanos >= 0);
    }

    public boolean failed() {
        return sqlState != null;
    }

    /** The plan hash as 16 hex digits, or null if there is none. */
    public String planHashHex() {
        return planHash == 0 ? null : StatementDigest.hex(planHash);
    }
}
