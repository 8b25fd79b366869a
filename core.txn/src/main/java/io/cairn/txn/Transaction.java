package io.cairn.txn;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A unit of work of one session over tables of byte-keyed rows. Reads see the transaction's
 * snapshot plus its own writes; writes take row locks held to the end. Not thread-safe: one
 * thread at a time, like a JDBC connection. Any {@link TransactionException} other than 42P01
 * rolls the whole transaction back.
 */
@ProviderType
public interface Transaction extends AutoCloseable {

    long id();

    IsolationLevel isolation();

    /** The SCN whose committed state this transaction (or its current statement) reads. */
    long snapshotScn();

    boolean isActive();

    boolean isReadOnly();

    /** The row stored under {@code key} as this transaction sees it, or null. */
    byte[] get(String table, byte[] key);

    /**
     * Locks the row (SELECT ... FOR UPDATE) and returns its newest committed value (or this
     * transaction's own). Under SNAPSHOT a row changed since the snapshot fails with 40001.
     */
    byte[] getForUpdate(String table, byte[] key);

    /**
     * Locks the row in SHARED mode (SELECT ... FOR SHARE: other transactions may share the lock,
     * none can write the row until this one ends) and returns its newest committed value (or this
     * transaction's own). A later write of the row by this transaction upgrades the lock to
     * EXCLUSIVE. Under SNAPSHOT a row changed since the snapshot fails with 40001. Since 0.4.0.
     */
    byte[] getForShare(String table, byte[] key);

    /**
     * Locks the row in {@code mode} (EXCLUSIVE as {@link #getForUpdate}, SHARED as
     * {@link #getForShare}), but only if that needs no wait (NOWAIT / SKIP LOCKED): returns false
     * at once, and the transaction stays active, when another transaction holds a conflicting lock
     * on the row or waits for it ahead. The table's SHARED lock is still waited for. Read the row
     * with getForUpdate / getForShare afterwards (they then never wait). Since 0.4.0.
     */
    boolean tryLockRow(String table, byte[] key, TableLockMode mode);

    /** Visible rows in [from, to] (null = unbounded). */
    RowCursor scan(String table, byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse);

    /** Inserts or replaces the row. */
    void put(String table, byte[] key, byte[] value);

    /** Inserts the row unless one exists; returns false (and writes nothing) if it does. */
    boolean insert(String table, byte[] key, byte[] value);

    /** Deletes the row; returns false if there was none. */
    boolean delete(String table, byte[] key);

    /** Takes a table lock until the end of the transaction. */
    void lockTable(String table, TableLockMode mode);

    /** Overrides the manager's lock timeout for this transaction's lock waits. */
    void setLockTimeout(Duration timeout);

    Savepoint savepoint(String name);

    /** Undoes every write made after the savepoint; locks stay held. */
    void rollbackTo(Savepoint savepoint);

    /** Makes every change durable and visible; returns the commit SCN (0 if nothing was written). */
    long commit();

    long commit(CommitMode mode);

    /** Undoes every change and releases the locks; does nothing if the transaction already ended. */
    void rollback();

    /** Rolls back if still active. */
    @Override
    void close();
}
