package io.cairn.monitoring.internal.metrics;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.cairn.pool.ConnectionPool;
import io.cairn.pool.PoolStats;

/** The {@code cairn_pool_*} series of one named connection pool, read from its {@link PoolStats} at scrape time. */
public final class PoolMetrics {

    private PoolMetrics() {
    }

    /** Registers the pool's series, owned by the pool (remove them with {@code removeOwnedBy(pool)}). */
    public static void register(CairnMetrics m, ConnectionPool pool) {
        Map<String, String> labels = Map.of("pool", pool.name(), "database", pool.database());
        gauge(m, pool, labels, "cairn_pool_active_connections", MetricFamily.Type.GAUGE,
                "Pool connections lent to the application now.", PoolStats::active);
        gauge(m, pool, labels, "cairn_pool_idle_connections", MetricFamily.Type.GAUGE,
                "Pool connections open and ready to lend.", PoolStats::idle);
        gauge(m, pool, labels, "cairn_pool_connections", MetricFamily.Type.GAUGE,
                "Pool connections open (active and idle).", PoolStats::total);
        gauge(m, pool, labels, "cairn_pool_waiting_threads", MetricFamily.Type.GAUGE,
                "Threads waiting for a pool connection now.", PoolStats::waiting);
        gauge(m, pool, labels, "cairn_pool_acquired_total", MetricFamily.Type.COUNTER,
                "Connections lent by the pool since it started.", PoolStats::acquired);
        gauge(m, pool, labels, "cairn_pool_connections_created_total", MetricFamily.Type.COUNTER,
                "Physical connections (sessions) the pool opened since it started.", PoolStats::created);
        gauge(m, pool, labels, "cairn_pool_connections_destroyed_total", MetricFamily.Type.COUNTER,
                "Physical connections the pool closed since it started (retired, broken, evicted).", PoolStats::destroyed);
        gauge(m, pool, labels, "cairn_pool_max_connections", MetricFamily.Type.GAUGE,
                "The most connections the pool opens (maximumPoolSize).", PoolStats::maxSize);
        gauge(m, pool, labels, "cairn_pool_min_idle_connections", MetricFamily.Type.GAUGE,
                "The idle connections the pool tries to keep (minimumIdle).", PoolStats::minIdle);
    }

    private static void gauge(CairnMetrics m, ConnectionPool pool, Map<String, String> labels, String name,
            MetricFamily.Type type, String help, ToDoubleFunction<PoolStats> value) {
        m.gauge(m.family(name, type, help), labels, pool, () -> value.applyAsDouble(pool.stats()));
    }
}
