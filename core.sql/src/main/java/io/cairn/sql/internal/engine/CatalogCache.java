package io.cairn.sql.internal.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.Statistics;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.txn.Transaction;

/**
 * The committed catalog and statistics of an engine, read once per catalog version and shared by
 * the statements of every session, so a statement does not re-read and deserialise the catalog
 * rows. The version changes whenever a transaction that ran DDL or ANALYZE commits. A statement
 * may use the shared snapshot only when it is consistent with what the statement reads; the rule
 * is in core.sql/CATALOG.md, "Catalog versions".
 */
final class CatalogCache {

    /** One committed catalog version: tables, indexes, statistics and the table accesses built from them. */
    static final class Snapshot {
        final long version;
        /** The SCN the snapshot was read at: readers with an older snapshot read their own catalog. */
        final long loadScn;
        final Catalog catalog;
        final Map<String, Statistics.TableStats> stats;
        private final Map<String, TableAccess> accesses = new ConcurrentHashMap<>();
        /** The planner's sources of statistics and table accesses, made once per version. */
        final java.util.function.Function<String, Statistics.TableStats> statsSource;
        final io.cairn.sql.internal.plan.Planner.AccessSource accessSource = this::access;

        Snapshot(long version, long loadScn, Catalog catalog, Map<String, Statistics.TableStats> stats) {
            this.version = version;
            this.loadScn = loadScn;
            this.catalog = catalog;
            this.stats = stats;
            this.statsSource = stats::get;
        }

        /** The table's access (codecs, defaults), built once per version. */
        TableAccess access(TableInfo t) throws SqlException {
            TableAccess a = accesses.get(t.name());
            if (a == null) {
                a = new TableAccess(t, catalog.indexesOf(t.name()));
                accesses.put(t.name(), a);
            }
            return a;
        }
    }

    private final AtomicLong version = new AtomicLong(1);
    /** Engine transactions committing catalog changes right now: the version is about to move. */
    private final AtomicInteger committing = new AtomicInteger();
    /**
     * Transactions begun through the transaction API (not ended by the engine) that ran DDL: while
     * any is active nobody uses the shared snapshot; once it ended, the version moves.
     */
    private final Set<Transaction> foreignWriters = ConcurrentHashMap.newKeySet();
    private volatile Snapshot current;
    /**
     * The newest SCN a catalog change committed at. A commit may return (and move the version)
     * before its SCN is the visible one, so a statement whose snapshot is older than this reads
     * the catalog through its transaction, and never installs what it read as the shared one:
     * otherwise newer snapshots would be handed a catalog from before the change.
     */
    private final AtomicLong changeScn = new AtomicLong();
    private volatile boolean enabled = true;
    private final java.util.concurrent.atomic.LongAdder loads = new java.util.concurrent.atomic.LongAdder();

    /** The current catalog version (it grows by one or more with every committed DDL or ANALYZE). */
    long version() {
        return version.get();
    }

    /** Catalog snapshots read into the cache since the engine started; tests count reuse with it. */
    long loads() {
        return loads.sum();
    }

    void setEnabled(boolean on) {
        enabled = on;
        current = null;
    }

    /**
     * The shared committed snapshot for a statement of {@code txn}, whose own transaction has
     * changed no catalog row, reading at {@code txn.snapshotScn()}; null when the statement must
     * read the catalog through its transaction instead (a catalog change is committing or open in
     * a transaction the engine does not end, or the statement's snapshot is older than the cache's).
     */
    Snapshot snapshotFor(Transaction txn) {
        if (!enabled || committing.get() > 0 || !noForeignWriters()) {
            return null;
        }
        long v = version.get();
        Snapshot c = current;
        long scn = txn.snapshotScn();
        if (scn < changeScn.get()) {
            return null;
        }
        if (c != null && c.version == v) {
            return scn >= c.loadScn ? c : null;
        }
        // No catalog change was committing when we looked, so every change that committed at or
        // before this statement's snapshot has already moved the version to v or earlier, and
        // any later one will move it past v: what the statement's transaction reads *is* version v.
        Catalog read = new Catalog(txn);
        Snapshot fresh = new Snapshot(v, scn, read.snapshot(), Statistics.readAll(txn));
        loads.increment();
        synchronized (this) {
            Snapshot now = current;
            if (committing.get() == 0 && version.get() == v && (now == null || now.version < v
                    || (now.version == v && scn < now.loadScn))) {
                current = fresh;
            }
        }
        return fresh;
    }

    private boolean noForeignWriters() {
        if (foreignWriters.isEmpty()) {
            return true;
        }
        for (Transaction t : foreignWriters) {
            if (!t.isActive()) {
                // it committed or rolled back: move the version before forgetting it
                invalidate();
                foreignWriters.remove(t);
            }
        }
        return foreignWriters.isEmpty();
    }

    /**
     * Whether the committed catalog is still version {@code v}: no change committed since, none
     * is committing, and no transaction the engine does not end has DDL open.
     */
    boolean unchangedSince(long v) {
        return committing.get() == 0 && noForeignWriters() && version.get() == v;
    }

    /** A transaction the engine will not end ran DDL or ANALYZE. */
    void foreignWriter(Transaction txn) {
        foreignWriters.add(txn);
        invalidate();
    }

    /** Commits a transaction that changed the catalog or statistics, moving the version. */
    long commitChanges(Transaction txn) {
        committing.incrementAndGet();
        try {
            long scn = txn.commit();
            changeScn.accumulateAndGet(scn, Math::max);
            return scn;
        } finally {
            invalidate();
            committing.decrementAndGet();
        }
    }

    private void invalidate() {
        version.incrementAndGet();
        current = null;
    }
}
