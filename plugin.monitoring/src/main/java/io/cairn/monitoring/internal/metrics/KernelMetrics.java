package io.cairn.monitoring.internal.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import io.cairn.sql.Database;
import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.StorageStats;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.SessionState;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEventStats;

import static io.cairn.monitoring.internal.metrics.MetricFamily.Type.COUNTER;
import static io.cairn.monitoring.internal.metrics.MetricFamily.Type.GAUGE;

/**
 * The series one database contributes, labelled {@code database="<name>"}: read-through views of
 * the kernel's counters (storage stats, transaction stats, lock table, sessions, wait events) and
 * the size of its directory on disk.
 */
public final class KernelMetrics {

    /** How long one kernel snapshot serves the series of one scrape. */
    private static final long SNAPSHOT_MILLIS = 200;
    /** Walking the directory costs a few system calls per file; a scrape every second needs no fresher figure. */
    private static final long DISK_MILLIS = 5_000;

    private KernelMetrics() {
    }

    /** Registers the database's series, owned by {@code db} (remove them with {@code removeOwnedBy(db)}). */
    public static void register(CairnMetrics m, Database db) {
        Map<String, String> l = Map.of("database", db.name());
        Cached<StorageStats> storage = new Cached<>(() -> db.storage().stats(), SNAPSHOT_MILLIS);
        Cached<LockSnapshot> locks = new Cached<>(() -> db.transactions().locks(), SNAPSHOT_MILLIS);
        Cached<List<SessionSnapshot>> sessions = new Cached<>(
                () -> db.transactions().sessionRegistry().sessions(), SNAPSHOT_MILLIS);
        Cached<List<WaitEventStats>> waits = new Cached<>(() -> db.transactions().waitEvents().snapshot(), SNAPSHOT_MILLIS);
        Cached<Long> disk = new Cached<>(() -> directoryBytes(db.directory()), DISK_MILLIS);

        m.gauge(m.family("cairn_transactions_committed_total", COUNTER,
                "Transactions committed since the database opened, read-only ones included."), l, db,
                () -> db.transactions().transactionStats().commits());
        m.gauge(m.family("cairn_transactions_rolled_back_total", COUNTER,
                "Transactions rolled back since the database opened (explicitly, on close or after an error)."), l, db,
                () -> db.transactions().transactionStats().rollbacks());

        m.gauge(m.family("cairn_scn", GAUGE,
                "The newest system change number: grows by one per committed transaction that wrote."), l, db,
                () -> db.transactions().currentScn());
        m.gauge(m.family("cairn_change_events_delivered_total", COUNTER,
                "Committed transactions delivered to change listeners, summed over listeners."), l, db,
                () -> db.transactions().changeEventStats().transactionsDelivered());
        m.gauge(m.family("cairn_change_events_dropped_total", COUNTER,
                "Committed transactions dropped for a change listener whose queue was full."), l, db,
                () -> db.transactions().changeEventStats().transactionsDropped());

        bufferPool(m, l, db, storage, "cairn_buffer_pool_hits_total", COUNTER,
                "Page requests served from the buffer pool (cache hits).", BufferPoolStats::hits);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_misses_total", COUNTER,
                "Page requests that had to read the page from the data file (cache misses).", BufferPoolStats::misses);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_reads_total", COUNTER,
                "Pages read from the data file into the buffer pool.", BufferPoolStats::reads);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_writes_total", COUNTER,
                "Pages written from the buffer pool to the data file.", BufferPoolStats::writes);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_evictions_total", COUNTER,
                "Pages evicted from the buffer pool to make room.", BufferPoolStats::evictions);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_pages", GAUGE,
                "Frames in the buffer pool: its capacity in pages.", BufferPoolStats::capacityFrames);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_used_pages", GAUGE,
                "Buffer pool frames holding a page.", BufferPoolStats::usedFrames);
        bufferPool(m, l, db, storage, "cairn_buffer_pool_dirty_pages", GAUGE,
                "Pages in the buffer pool changed since they were last written to the data file.",
                BufferPoolStats::dirtyPages);
        m.gauge(m.family("cairn_buffer_pool_hit_ratio", GAUGE,
                "Cache hits / (hits + misses) since the database opened; 0 before the first page request."), l, db,
                () -> storage.get().bufferPool().hitRatio());

        MetricFamily walWrites = m.family("cairn_wal_writes_total", COUNTER,
                "Records appended to the write-ahead log, by kind: log_point (commit records) or page (page images and page deltas).");
        m.gauge(walWrites, with(l, "kind", "log_point"), db, () -> storage.get().logPoints());
        m.gauge(walWrites, with(l, "kind", "page"), db, () -> storage.get().pagesLogged());
        storageGauge(m, l, db, storage, "cairn_wal_written_bytes_total", COUNTER,
                "Bytes written to the write-ahead log.", StorageStats::walBytesWritten);
        storageGauge(m, l, db, storage, "cairn_wal_fsyncs_total", COUNTER,
                "fsync calls on the write-ahead log (one per group commit).", StorageStats::walFsyncs);
        m.gauge(m.family("cairn_wal_fsync_seconds_total", COUNTER, "Time spent in write-ahead log fsync calls."),
                l, db, () -> storage.get().walFsyncNanos() / 1e9);
        storageGauge(m, l, db, storage, "cairn_wal_bytes", GAUGE,
                "Bytes of write-ahead log kept on disk (from the oldest LSN still needed to the end).", StorageStats::walBytes);
        storageGauge(m, l, db, storage, "cairn_data_file_bytes", GAUGE, "Size of the data file.",
                StorageStats::dataFileBytes);
        storageGauge(m, l, db, storage, "cairn_checkpoints_total", COUNTER, "Checkpoints completed since open.",
                StorageStats::checkpoints);

        m.gauge(m.family("cairn_locks_held", GAUGE, "Row and table locks granted right now."), l, db,
                () -> locks.get().locksHeld());
        m.gauge(m.family("cairn_lock_waits_total", COUNTER, "Lock requests that had to wait."), l, db,
                () -> locks.get().lockWaits());
        m.gauge(m.family("cairn_lock_waiters", GAUGE, "Lock requests waiting right now."), l, db,
                () -> locks.get().waiters().size());
        m.gauge(m.family("cairn_deadlocks_total", COUNTER, "Deadlocks detected and broken by choosing a victim."), l, db,
                () -> locks.get().deadlocks());
        m.gauge(m.family("cairn_lock_timeouts_total", COUNTER, "Lock waits that ended by timing out."), l, db,
                () -> locks.get().timeouts());

        for (SessionState state : SessionState.values()) {
            m.gauge(m.family("cairn_sessions", GAUGE,
                    "Open sessions by state: active (running a statement), idle, idle_in_transaction."),
                    with(l, "state", state.name().toLowerCase(Locale.ROOT)), db,
                    () -> sessions.get().stream().filter(s -> s.state() == state).count());
        }
        for (WaitClass cls : WaitClass.values()) {
            Map<String, String> cl = with(l, "wait_class", cls.displayName());
            m.gauge(m.family("cairn_wait_events_total", COUNTER,
                    "Waits completed, summed over the wait events of each wait class."), cl, db,
                    () -> waits.get().stream().filter(w -> w.waitClass() == cls).mapToLong(WaitEventStats::waits).sum());
            m.gauge(m.family("cairn_wait_time_seconds_total", COUNTER,
                    "Time spent waiting, summed over the wait events of each wait class."), cl, db,
                    () -> waits.get().stream().filter(w -> w.waitClass() == cls)
                            .mapToLong(WaitEventStats::totalNanos).sum() / 1e9);
        }
        m.gauge(m.family("cairn_database_disk_usage_bytes", GAUGE,
                "Bytes of all files under the database directory (data file, WAL segments, parameters)."), l, db, disk);
    }

    private static void bufferPool(CairnMetrics m, Map<String, String> l, Database db, Cached<StorageStats> storage,
            String name, MetricFamily.Type type, String help, ToLongFunction<BufferPoolStats> f) {
        m.gauge(m.family(name, type, help), l, db, () -> f.applyAsLong(storage.get().bufferPool()));
    }

    private static void storageGauge(CairnMetrics m, Map<String, String> l, Database db, Cached<StorageStats> storage,
            String name, MetricFamily.Type type, String help, ToLongFunction<StorageStats> f) {
        m.gauge(m.family(name, type, help), l, db, () -> f.applyAsLong(storage.get()));
    }

    static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(labels);
        copy.put(key, value);
        return copy;
    }

    /** Sum of the sizes of the regular files under {@code dir}; files vanishing meanwhile (a recycled WAL segment) count 0. */
    static long directoryBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException goneMeanwhile) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }
}
