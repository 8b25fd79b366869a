package io.cairn.sql.internal.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.sql.internal.catalog.Statistics;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionManager;

/**
 * Rows inserted, updated or deleted per table since its last ANALYZE (staleness). Committed
 * statements add to an in-memory count; every {@value #FLUSH_EVERY} rows of a table (and when
 * the engine closes) the count is added to the table's persisted count in {@code sql.stats} by a
 * short internal transaction committed without waiting for its fsync, so a restart keeps it and
 * a crash loses at most the part not yet durable. ANALYZE sets it back to zero.
 */
final class Modifications {

    static final long FLUSH_EVERY = 1000;

    private final TransactionManager manager;
    private final Map<String, AtomicLong> unflushed = new ConcurrentHashMap<>();

    Modifications(TransactionManager manager) {
        this.manager = manager;
    }

    /** Adds the row changes of a committed transaction, by table. */
    void committed(Map<String, Long> changes) {
        if (changes.isEmpty()) {
            return; // a query: no iterator
        }
        for (Map.Entry<String, Long> e : changes.entrySet()) {
            long n = unflushed.computeIfAbsent(e.getKey(), k -> new AtomicLong()).addAndGet(e.getValue());
            if (n >= FLUSH_EVERY) {
                flush(e.getKey());
            }
        }
    }

    /** The changes since the last ANALYZE as {@code txn} sees the persisted part, plus those not yet persisted. */
    long total(Transaction txn, String table) {
        AtomicLong n = unflushed.get(table);
        return Math.max(0, Statistics.readModifications(txn, table) + (n == null ? 0 : n.get()));
    }

    /** After ANALYZE or DROP TABLE (which reset the persisted count in their own transaction). */
    synchronized void reset(String table) {
        unflushed.remove(table);
    }

    /** Persists every table's count; called when the engine closes. */
    void flushAll() {
        for (String t : unflushed.keySet()) {
            flush(t);
        }
    }

    private synchronized void flush(String table) {
        AtomicLong n = unflushed.get(table);
        long delta = n == null ? 0 : n.get();
        if (delta == 0) {
            return;
        }
        try (Session s = manager.openSession("sql-statistics", "staleness")) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            try {
                // never wait behind an ANALYZE or DROP in an open block: try again at the next flush
                t.setLockTimeout(Duration.ofMillis(50));
                Statistics.writeModifications(t, table, Statistics.readModifications(t, table) + delta);
                // not fsynced on its own: the committing statement that crossed the threshold
                // does not wait a second fsync; the next durable commit (or the async flusher,
                // within its delay) carries it, the log being one ordered stream
                t.commit(io.cairn.txn.CommitMode.ASYNC);
                n.addAndGet(-delta);
            } catch (RuntimeException e) {
                if (t.isActive()) {
                    t.rollback();
                }
            } finally {
                t.close();
            }
        } catch (RuntimeException e) {
            // the count stays in memory and is persisted by a later flush
        }
    }
}
