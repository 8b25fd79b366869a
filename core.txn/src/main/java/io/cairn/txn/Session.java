package io.cairn.txn;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A connection's server side: one user, at most one transaction at a time, and the statement and
 * wait event that {@link SessionRegistry} shows.
 */
@ProviderType
public interface Session extends AutoCloseable {

    long id();

    String user();

    /** Starts a read-write transaction; SERIALIZABLE fails with 0A000. */
    Transaction begin(IsolationLevel isolation);

    /**
     * {@link #begin(IsolationLevel)} for a transaction that starts with a statement the caller
     * timed already: {@code startNanos} is that {@link System#nanoTime()} value, shown as the
     * transaction's start in the session snapshot (an autocommit statement needs one clock read,
     * not two). Since 0.7.0.
     */
    Transaction begin(IsolationLevel isolation, long startNanos);

    /** Starts a read-only transaction that sees the database as of {@code scn} (flashback query); 72000 if too old. */
    Transaction beginAsOf(long scn);

    /** The running transaction, or null. */
    Transaction transaction();

    /** Marks the start of a statement: shown in the session snapshot; READ COMMITTED takes a new snapshot. */
    void beginStatement(String sqlText);

    /**
     * {@link #beginStatement(String)} for a statement that started at {@code startNanos}, a
     * {@link System#nanoTime()} value the caller already read (the session snapshot shows that
     * start): one clock read per statement serves the caller and the session. Since 0.6.0.
     */
    void beginStatement(String sqlText, long startNanos);

    void endStatement();

    /**
     * Attaches the cancel signal of the statement about to run (null detaches it): while it is
     * attached, a lock wait of this session ends with 57014 as soon as the signal fires or its
     * deadline passes, and leaves the lock queue (the transaction stays active). Call on the
     * session's own thread; the signal may be fired from any thread. Returns the signal it
     * replaces (null if none), for a nested statement to put back when it ends. Since 0.4.0.
     */
    CancelSignal watchCancel(CancelSignal signal);

    /**
     * Marks the start of a wait the caller does itself (e.g. the SQL layer's "SQL*Net message from
     * client", class IDLE), shown as the session's wait event until {@link #endWait()}.
     */
    void beginWait(String event, WaitClass waitClass);

    /** Ends the wait begun by {@link #beginWait} and adds it to {@link WaitEvents}. */
    void endWait();

    /**
     * Sets what the client says about itself (JDBC client info): shown in the session snapshot.
     * Null clears a value.
     */
    void setClientInfo(String applicationName, String clientUser, String clientHostname, String module);

    /**
     * Sets the identity of the statement being run: its digest and plan hash (0 = unknown), shown
     * in the session snapshot while the statement runs.
     */
    void setStatementIdentity(long sqlDigest, long planHash);

    /**
     * Attaches a tally that every wait this session finishes from now on is added to (lock waits,
     * I/O waits of the session's thread, commit waits, {@link #beginWait} waits), or detaches it
     * with null. Call on the session's own thread. Attaching the tally already attached is cheap
     * (no store), so a caller may leave one attached between statements and clear it instead.
     */
    void tallyWaits(WaitTally tally);

    /** Rolls back any open transaction and leaves the registry. */
    @Override
    void close();
}
