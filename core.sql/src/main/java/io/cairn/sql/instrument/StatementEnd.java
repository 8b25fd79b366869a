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
 *                         it or no registered listener {@linkplain StatementListener#wantsCpuTime() wants it}
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
 */
public record StatementEnd(String database, long sessionId, String user, String command, StatementDigest digest,
        String text, long planHash, Instant startTime, long rows, long elapsedNanos, long cpuNanos, long pagesRead,
        long pagesHit, long walBytes, long lockWaitNanos, Map<String, Long> waitNanosByEvent, String sqlState,
        String errorMessage, List<AccessPath> accessPaths) {

    public boolean failed() {
        return sqlState != null;
    }

    /** The plan hash as 16 hex digits, or null if there is none. */
    public String planHashHex() {
        return planHash == 0 ? null : StatementDigest.hex(planHash);
    }
}
