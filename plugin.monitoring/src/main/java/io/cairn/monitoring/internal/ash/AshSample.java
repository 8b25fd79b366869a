package io.cairn.monitoring.internal.ash;

import java.time.Instant;

import io.cairn.txn.SessionSnapshot;

/**
 * One active session at one sample: a row of {@code v$ash}. {@code event} is null when the session
 * was on CPU.
 *
 * @param sampleId        the sample (tick) number, shared by every session sampled in that tick
 * @param blockingSession the session holding the lock waited for, or 0
 * @param sqlId           the statement's digest as 16 hex digits, or null when unknown
 * @param planHash        its plan hash as 16 hex digits, or null when unknown or not planned yet
 * @param module          the application's module (JDBC client info), or null
 */
public record AshSample(long sampleId, Instant sampleTime, String database, long sessionId, String user,
        String clientInfo, String sqlText, Instant sqlStart, String event, String waitClass, long txnId,
        long blockingSession, String sqlId, String planHash, String module) {

    /** What ASH shows for a session that is not waiting. */
    public static final String ON_CPU = "ON CPU";

    static AshSample of(long sampleId, Instant time, String database, SessionSnapshot s) {
        return new AshSample(sampleId, time, database, s.sessionId(), s.user(), s.clientInfo(), s.statementText(),
                s.statementStart(), s.waitEvent(), s.waitEvent() == null || s.waitClass() == null ? null
                        : s.waitClass().displayName(), s.txnId(), s.blockingSessionId(),
                s.sqlId(), s.planHashHex(), s.module());
    }

    /** "ON CPU" or "WAITING", as Oracle's session_state. */
    public String sessionState() {
        return event == null ? ON_CPU : "WAITING";
    }

    /** The wait event, or "ON CPU". */
    public String activity() {
        return event == null ? ON_CPU : event;
    }
}
