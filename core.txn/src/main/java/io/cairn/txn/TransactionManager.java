package io.cairn.txn;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * The transaction layer of one database: sessions, tables, SCNs, retention and garbage
 * collection, locks, change events and wait events. Thread-safe.
 */
@ProviderType
public interface TransactionManager extends AutoCloseable {

    /**
     * Opens (creating if needed) the database in {@code dir}: the page store, with this layer's
     * wait hook so storage waits land on sessions, and the transaction layer on it, rolling back
     * whatever a crash left uncommitted. {@link #close()} closes both.
     */
    static TransactionManager open(Path dir, StorageOptions storageOptions, TransactionOptions options) {
        return TransactionManagerImpl.open(dir, storageOptions, options);
    }

    /** The page store under this layer: checkpoints, verify, statistics, backup sessions. */
    Storage storage();

    Session openSession(String user, String clientInfo);

    /** Creates an empty table (immediately durable; DDL is not transactional). */
    void createTable(String table);

    /** Drops a table and its old versions once no transaction uses it (EXCLUSIVE table lock). */
    void dropTable(String table);

    List<String> tables();

    /**
     * Pages of the page store a table's rows use: its tree, with the overflow pages of long rows
     * ({@code Storage.PAGE_SIZE} bytes each). Older versions kept for snapshots live in the shared
     * undo tree and are not included. Costs a map lookup; 0 for a table that does not exist (any
     * more). Since 0.6.0.
     */
    long tablePages(String table);

    /** The SCN of the newest commit every new snapshot sees. */
    long currentScn();

    /** The newest SCN committed at or before {@code time} (0 before the first commit). */
    long scnAt(Instant time);

    /** The commit time of {@code scn}, to within the map's one-second resolution. */
    Instant timeOf(long scn);

    /** Snapshots older than this fail with 72000; never decreases. */
    long retentionHorizon();

    /** Garbage-collects versions no snapshot at or after the new horizon needs (VACUUM). */
    VacuumResult vacuum();

    VersionStats versionStats();

    LockSnapshot locks();

    void addVersionRetention(VersionRetention retention);

    void removeVersionRetention(VersionRetention retention);

    void addChangeListener(ChangeListener listener);

    void removeChangeListener(ChangeListener listener);

    ChangeEventStats changeEventStats();

    /** Transactions ended since open, by outcome (since 0.3.0). */
    TransactionStats transactionStats();

    SessionRegistry sessionRegistry();

    WaitEvents waitEvents();

    /** Rolls back open transactions and stops listener threads; closes the storage only if the manager opened it. */
    @Override
    void close();
}
