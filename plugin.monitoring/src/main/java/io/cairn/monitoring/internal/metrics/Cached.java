package io.cairn.monitoring.internal.metrics;

import java.util.function.Supplier;

/**
 * A value read at most once per time-to-live: one scrape reads a kernel snapshot (storage stats,
 * lock table, session list) once for all the series that come from it, not once per series.
 */
final class Cached<T> implements Supplier<T> {

    private final Supplier<T> source;
    private final long ttlNanos;
    private T value;
    private long readAt;

    Cached(Supplier<T> source, long ttlMillis) {
        this.source = source;
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    @Override
    public synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - readAt > ttlNanos) {
            value = source.get();
            readAt = now;
        }
        return value;
    }
}
