package io.cairn.sql.instrument;

import java.time.Instant;

/**
 * A statement about to run (admitted, parsed, not yet planned).
 *
 * @param database  the database name
 * @param sessionId the session running it
 * @param user      the session's user
 * @param command   the kind of statement in upper case: SELECT, INSERT, UPDATE, DELETE, CREATE TABLE, CALL...
 * @param digest    its digest
 * @param text      its text, cut to {@link StatementListener#MAX_TEXT_LENGTH} characters
 * @param startTime when it started (wall clock)
 */
public record StatementStart(String database, long sessionId, String user, String command, StatementDigest digest,
        String text, Instant startTime) {
}
