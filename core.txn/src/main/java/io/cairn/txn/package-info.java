/**
 * Cairn transactions API: sessions, transactions over tables of byte-keyed rows, SCNs and their
 * wall-clock map, MVCC version retention, locks, change events and wait events.
 *
 * <p>Wiring without OSGi (what {@code Cairn.open} and the SQL layer do):
 * <pre>{@code
 * TransactionManager tm = TransactionManagerImpl.open(dir, StorageOptions.defaults(), TransactionOptions.defaults());
 * Session s = tm.openSession("alice", "jdbc");
 * Transaction t = s.begin(IsolationLevel.SNAPSHOT);
 * t.put("orders", key, row);
 * long scn = t.commit();            // durable (group-committed fsync) when it returns
 * }</pre>
 * Plugins register {@link io.cairn.txn.VersionRetention} and {@link io.cairn.txn.ChangeListener}
 * (add/remove at any time) and read {@link io.cairn.txn.SessionRegistry} and
 * {@link io.cairn.txn.WaitEvents}. Isolation, SQLSTATEs and the on-disk layout are described in
 * core.txn/MVCC.md. Version 0.2.0: the first version with types (0.1.0 was empty). 0.3.0 adds
 * {@link io.cairn.txn.TransactionManager#transactionStats()}, client details and statement identity
 * to sessions and their snapshots, {@link io.cairn.txn.WaitTally} (per-statement waits) and the
 * SCHEDULER wait class. 0.4.0 adds {@link io.cairn.txn.CancelSignal} with
 * {@link io.cairn.txn.Session#watchCancel} (cancellable lock waits, SQLSTATE 57014 that leaves the
 * transaction active) and {@link io.cairn.txn.Transaction#tryLockRow} (NOWAIT, SKIP LOCKED) and
 * {@link io.cairn.txn.Transaction#getForShare} (shared row locks). 0.5.0 adds
 * {@link io.cairn.txn.Transaction#scanNewest} and {@link io.cairn.txn.Transaction#load} (building an
 * index from the newest committed rows, bottom-up). 0.6.0 adds
 * {@link io.cairn.txn.Session#beginStatement(String, long)} (a statement start the caller read),
 * {@link io.cairn.txn.WaitTally#clear()} (one tally reused for a session's statements),
 * {@link io.cairn.txn.WaitTally#totalNanos()} and
 * {@link io.cairn.txn.TransactionManager#tablePages} (a table's size in pages).
 */
@Export
@Version("0.7.0")
package io.cairn.txn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
