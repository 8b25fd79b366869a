package io.cairn.txn;

import java.time.Instant;

/**
 * One session as seen at one moment. Fields are read without locking, so a snapshot taken while
 * the session changes state may mix the old and the new value of different fields.
 *
 * @param clientInfo        what the session was opened by (e.g. "jdbc " + URL)
 * @param waitEvent         current wait event name, or null when on CPU / idle
 * @param waitClass         its class, or null
 * @param txnId             0 when no transaction is open
 * @param blockingSessionId the session holding the lock this one waits for, or 0
 * @param applicationName   JDBC client info ApplicationName, or null
 * @param clientUser        JDBC client info ClientUser, or null
 * @param clientHostname    JDBC client info ClientHostname, or null
 * @param module            the application's module (client info "module"), or null
 * @param sqlDigest         the current statement's digest (its normalized shape), 0 when unknown
 * @param planHash          the current statement's plan hash, 0 when unknown or not planned yet
 */
public record SessionSnapshot(
        long sessionId,
        String user,
        String clientInfo,
        SessionState state,
        String statementText,
        Instant statementStart,
        String waitEvent,
        WaitClass waitClass,
        Instant waitStart,
        long txnId,
        Instant transactionStart,
        long blockingSessionId,
        String applicationName,
        String clientUser,
        String clientHostname,
        String module,
        long sqlDigest,
        long planHash) {

    /** A snapshot without client details and statement identity (version 0.2.0's fields). */
    public SessionSnapshot(long sessionId, String user, String clientInfo, SessionState state, String statementText,
            Instant statementStart, String waitEvent, WaitClass waitClass, Instant waitStart, long txnId,
            Instant transactionStart, long blockingSessionId) {
        this(sessionId, user, clientInfo, state, statementText, statementStart, waitEvent, waitClass, waitStart, txnId,
                transactionStart, blockingSessionId, null, null, null, null, 0, 0);
    }

    /** The digest as 16 hex digits (the sql_id of v$session), or null when unknown. */
    public String sqlId() {
        return sqlDigest == 0 ? null : hex(sqlDigest);
    }

    /** The plan hash as 16 hex digits, or null when unknown. */
    public String planHashHex() {
        return planHash == 0 ? null : hex(planHash);
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }
}
