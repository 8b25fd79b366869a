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

/**
 * Engine-wide cache of statement plans (SELECT, INSERT, UPDATE, DELETE), keyed by the statement's
 * shape (its text with the literals a plan reads by slot as hidden parameters, see
 * {@link io.cairn.sql.internal.parser.Shapes}) or, without such literals, its exact text, and by
 * the session settings that change a plan; each entry is tagged with the catalog version it was
 * planned against, and an entry of an older version is planned again on its next use. Plans hold
 * no parameter or hidden literal values (they are evaluated when the plan is opened), so one
 * entry serves every execution of a shape.
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

    /**
     * What a plan is found by: the shape key ({@code shape} true) or the exact text, and the
     * session setting that changes plans. {@code text} is what v$plan_cache shows.
     */
    record Key(String sql, boolean shape, boolean invisibleIndexes, String text) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.shape == shape && k.invisibleIndexes == invisibleIndexes && k.sql.equals(sql);
        }

        @Override
        public int hashCode() {
            return sql.hashCode() * 31 + (shape ? 2 : 0) + (invisibleIndexes ? 1 : 0);
        }
    }

    /**
     * A cached plan: what one execution takes for itself (operators keep state while they run).
     * {@code root} is the operator tree EXPLAIN shows and instrumentation hashes.
     */
    interface Tree {
        Operator root();
    }

    /** One cached statement. */
    static final class Entry {
        final Key key;
        final long version;
        final String plan;
        /**
         * A marker under a shape key: the shape's plans were chosen with its literal values
         * (a histogram estimate looked at them), so each text is cached under its own key.
         */
        final boolean perText;
        /** The plan hash and access paths of this entry's plan, computed once (instrumentation). */
        volatile PlanHash.Cache.Entry hash;
        final ConcurrentLinkedDeque<Tree> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger trees = new AtomicInteger();
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        /** When an execution last took a tree ({@link System#nanoTime()}), for least-recently-used eviction. */
        volatile long lastUsed = System.nanoTime();

        Entry(Key key, long version, Tree first) {
            this.key = key;
            this.version = version;
            this.perText = first == null;
            if (first == null) {
                this.plan = "(planned per text: its literals guide the estimates)";
            } else if (first.root() == null) {
                this.plan = first.toString(); // INSERT ... VALUES: no operator tree
            } else {
                List<String> lines = new ArrayList<>();
                Operator.explain(first.root(), false, 0, lines);
                this.plan = String.join("\n", lines);
            }
        }
    }

    /** Looked up without a lock (every execution); changed under {@code this} (new plans only). */
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile boolean enabled = true;

    /** A plan taken from the cache for one execution; {@link #release} gives it back. */
    record Lease(Entry entry, Tree planned) {
    }

    /**
     * An idle plan of {@code key} planned against catalog {@code version}, taken for one
     * execution, or null (none cached, an older version, or every tree busy): then plan and
     * {@link #put} it. {@code now} is the statement's start ({@link System#nanoTime()}): when the
     * entry was last used, for eviction.
     */
    Lease take(Key key, long version, long now) {
        if (!enabled) {
            return null;
        }
        Entry e = entries.get(key);
        if (e != null && e.version == version && !e.perText) {
            Tree p = e.idle.pollFirst();
            if (p != null) {
                e.lastUsed = now;
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
    Lease put(Key key, long version, Tree planned) {
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
            } else if (e.version > version || e.perText) {
                return null; // a newer plan is cached, or this shape is planned per text
            }
            e.trees.incrementAndGet();
            return new Lease(e, planned);
        }
    }

    /** Whether the shape {@code key} is marked to be planned per text at catalog {@code version}. */
    boolean perText(Key key, long version) {
        Entry e = enabled ? entries.get(key) : null;
        return e != null && e.perText && e.version == version;
    }

    /** Marks the shape {@code key}: at catalog {@code version} its plans are cached per text. */
    void markPerText(Key key, long version) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            Entry e = entries.get(key);
            if (e == null || e.version < version) {
                if (e == null && entries.size() >= SIZE) {
                    evictLeastRecentlyUsed();
                }
                entries.put(key, new Entry(key, version, null));
            }
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
                        new Column("parameterized", ColumnType.BOOLEAN),
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
                    rows.add(new Object[] {e.key.text(), e.key.shape(), e.key.invisibleIndexes(), e.version, e.hits.sum(),
                            e.misses.sum(), e.trees.get(), e.plan});
                }
                return rows;
            }
        };
    }
}
