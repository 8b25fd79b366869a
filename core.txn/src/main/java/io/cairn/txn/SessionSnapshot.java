package io.cairn.txn;

import java.time.Instant;

/**
 * One session as seen at one moment. Fields are read without locking, so a snapshot taken while
 * the session changes state may mix the old and the new value of different fields.
 *
 * @param waitEvent         current wait event name, or null when on CPU / idle
 * @param waitClass         its class, or null
 * @param txnId             0 when no transaction is open
 * @param blockingSessionId the session holding the lock this one waits for, or 0
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
        long blockingSessionId) {
}
