package io.cairn.pool;

/**
 * A pool's figures at one moment. The first four are gauges (read together, but from a running
 * pool, so {@code active + idle} may differ from {@code total} by a connection in transit); the
 * next three are counters since the pool started; the last two are its configured bounds.
 *
 * @param active    connections lent to the application now
 * @param idle      connections open in the pool, ready to lend
 * @param total     connections open (active + idle)
 * @param waiting   threads waiting for a connection now
 * @param acquired  connections lent since the pool started
 * @param created   physical connections (kernel sessions) opened since the pool started
 * @param destroyed physical connections closed since the pool started (retired, broken, evicted)
 * @param maxSize   the most connections the pool opens ({@code maximumPoolSize})
 * @param minIdle   the idle connections the pool tries to keep ({@code minimumIdle})
 */
public record PoolStats(int active, int idle, int total, int waiting, long acquired, long created, long destroyed,
        int maxSize, int minIdle) {
}
