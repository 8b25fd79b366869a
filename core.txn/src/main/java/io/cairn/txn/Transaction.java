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

    /**
     * The newest committed version of every row of {@code table} (or this transaction's own, where
     * it wrote one), in key order, under an EXCLUSIVE table lock this call takes if it is not held:
     * the rows every transaction that begins after this one commits will see, whatever this
     * transaction's isolation and snapshot (under SNAPSHOT it may see rows its own reads do not).
     * It is what derived data that must match the table (an index built with {@link #load}) is
     * made from. Since 0.5.0.
     */
    RowCursor scanNewest(String table);

    /**
     * Fills the empty {@code table} with {@code rows}, which must come in strictly ascending key
     * order, as this transaction's writes, bottom-up through {@link io.cairn.storage.Tree#load}
     * with leaves filled to {@code fillPercent}: no row locks (an EXCLUSIVE table lock, taken if
     * not held), no undo entries, one write-log entry for the whole table, and no change events
     * for these rows. Rollback (or rollback to a savepoint before it) empties the table again.
     * Returns the number of rows. Since 0.5.0.
     *
     * @throws IllegalStateException if the table holds any row version (nothing changes)
     * @throws IllegalArgumentException for keys out of order or too long; the rows before it stay
     *         loaded until the transaction (or its statement savepoint) is rolled back
     */
    long load(String table, RowCursor rows, int fillPercent);

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
