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

    /** Starts a read-only transaction that sees the database as of {@code scn} (flashback query); 72000 if too old. */
    Transaction beginAsOf(long scn);

    /** The running transaction, or null. */
    Transaction transaction();

    /** Marks the start of a statement: shown in the session snapshot; READ COMMITTED takes a new snapshot. */
    void beginStatement(String sqlText);

    void endStatement();

    /**
     * Marks the start of a wait the caller does itself (e.g. the SQL layer's "SQL*Net message from
     * client", class IDLE), shown as the session's wait event until {@link #endWait()}.
     */
    void beginWait(String event, WaitClass waitClass);

    /** Ends the wait begun by {@link #beginWait} and adds it to {@link WaitEvents}. */
    void endWait();

    /** Rolls back any open transaction and leaves the registry. */
    @Override
    void close();
}
