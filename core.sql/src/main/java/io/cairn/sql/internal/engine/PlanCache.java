package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.plan.Planner;

/**
 * Engine-wide cache of query plans, keyed by the exact SQL text and the session settings that
 * change a plan, each entry tagged with the catalog version it was planned against; an entry of
 * an older version is planned again on its next use. Plans hold no parameter values (they are
 * evaluated when the plan is opened), so one entry serves every execution of a statement.
 *
 * <p>An entry is a compiled plan plus a small pool of operator trees ("execution contexts", as
 * SQL Server calls them): an operator keeps its cursor, hash table or sort buffer while it runs,
 * so an execution takes a tree for itself and returns it when done; two sessions running the same
 * statement at once each get their own tree (the second one is planned then, and kept).
 */
final class PlanCache {

    /** Statements the plan cache holds at most (least recently used dropped first). */
    static final int SIZE = 1_000;
    /** Idle operator trees kept per statement (concurrent executions beyond this plan and drop theirs). */
    static final int IDLE_PER_ENTRY = 8;

    record Key(String sql, boolean invisibleIndexes) {
    }

    /** One cached statement. */
    static final class Entry {
        final Key key;
        final long version;
        final String plan;
        final ConcurrentLinkedDeque<Planner.Planned> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger trees = new AtomicInteger();
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        /** When an execution last took a tree ({@link System#nanoTime()}), for least-recently-used eviction. */
        volatile long lastUsed = System.nanoTime();

        Entry(Key key, long version, Planner.Planned first) {
            this.key = key;
            this.version = version;
            List<String> lines = new ArrayList<>();
            Operator.explain(first.root(), false, 0, lines);
            this.plan = String.join("\n", lines);
        }
    }

    /** Looked up without a lock (every execution); changed under {@code this} (new plans only). */
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile boolean enabled = true;

    /** A plan taken from the cache for one execution; {@link #release} gives it back. */
    record Lease(Entry entry, Planner.Planned planned) {
    }

    /**
     * An idle plan of {@code key} planned against catalog {@code version}, taken for one
     * execution, or null (none cached, an older version, or every tree busy): then plan and
     * {@link #put} it.
     */
    Lease take(Key key, long version) {
        if (!enabled) {
            return null;
        }
        Entry e = entries.get(key);
        if (e != null && e.version == version) {
            Planner.Planned p = e.idle.pollFirst();
            if (p != null) {
                e.lastUsed = System.nanoTime();
                e.hits.increment();
                hits.increment();
                return new Lease(e, p);
            }
        }
        misses.increment();
        if (e != null && e.version == version) {
            e.misses.increment();
        }
        return null;
    }

    /**
     * Adds a freshly planned tree for {@code key}: to the current entry if it has the same
     * version, else as a new entry replacing one of an older version. Returns the lease to run it
     * under, or null if the plan is not to be kept (the cache is off, or a newer version is cached).
     */
    Lease put(Key key, long version, Planner.Planned planned) {
        if (!enabled) {
            return null;
        }
        synchronized (this) {
            Entry e = entries.get(key);
            if (e == null || e.version < version) {
                if (e == null && entries.size() >= SIZE) {
                    evictLeastRecentlyUsed();
                }
                e = new Entry(key, version, planned);
                e.misses.increment();
                entries.put(key, e);
            } else if (e.version > version) {
                return null;
            }
            e.trees.incrementAndGet();
            return new Lease(e, planned);
        }
    }

    /** Drops the entry used longest ago: a scan of the (bounded) cache, only when a new text arrives at a full one. */
    private void evictLeastRecentlyUsed() {
        Entry oldest = null;
        for (Entry e : entries.values()) {
            if (oldest == null || e.lastUsed - oldest.lastUsed < 0) {
                oldest = e;
            }
        }
        if (oldest != null) {
            entries.remove(oldest.key, oldest);
        }
    }

    /** Gives a tree back after its execution ended (its operators closed); a failed one is dropped. */
    void release(Lease lease, boolean ok) {
        Entry e = lease.entry();
        if (ok && entries.get(e.key) == e && e.idle.size() < IDLE_PER_ENTRY) {
            e.idle.addFirst(lease.planned());
        } else {
            e.trees.decrementAndGet();
        }
    }

    void setEnabled(boolean on) {
        enabled = on;
        entries.clear();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    int size() {
        return entries.size();
    }

    /** {@code v$plan_cache}: one row per cached statement. */
    SystemView view() {
        return new SystemView() {
            @Override
            public String name() {
                return "v$plan_cache";
            }

            @Override
            public List<Column> columns() {
                return List.of(new Column("sql_text", ColumnType.VARCHAR),
                        new Column("invisible_indexes", ColumnType.BOOLEAN),
                        new Column("catalog_version", ColumnType.BIGINT), new Column("hits", ColumnType.BIGINT),
                        new Column("misses", ColumnType.BIGINT), new Column("plans", ColumnType.INT),
                        new Column("plan", ColumnType.VARCHAR));
            }

            @Override
            public Iterable<Object[]> rows(SystemViewContext ctx) {
                List<Entry> all = new ArrayList<>(entries.values());
                List<Object[]> rows = new ArrayList<>();
                for (Entry e : all) {
                    rows.add(new Object[] {e.key.sql(), e.key.invisibleIndexes(), e.version, e.hits.sum(),
                            e.misses.sum(), e.trees.get(), e.plan});
                }
                return rows;
            }
        };
    }
}
