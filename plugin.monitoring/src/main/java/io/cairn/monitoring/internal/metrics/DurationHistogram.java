package io.cairn.monitoring.internal.metrics;

import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Metric;

/**
 * A Prometheus histogram of durations with fixed buckets: one striped counter per bucket, so
 * recording from many statement threads at once costs an add, not a lock.
 */
public final class DurationHistogram implements Metric {

    private final double[] bucketSeconds;
    private final long[] bucketNanos;
    private final LongAdder[] counts;
    private final LongAdder sumNanos = new LongAdder();

    DurationHistogram(double... bucketSeconds) {
        if (bucketSeconds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket");
        }
        this.bucketSeconds = bucketSeconds.clone();
        this.bucketNanos = new long[bucketSeconds.length];
        for (int i = 0; i < bucketSeconds.length; i++) {
            if (i > 0 && bucketSeconds[i] <= bucketSeconds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must increase");
            }
            bucketNanos[i] = (long) (bucketSeconds[i] * 1e9);
        }
        this.counts = new LongAdder[bucketSeconds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        int i = 0;
        while (i < bucketNanos.length && nanos > bucketNanos[i]) {
            i++;
        }
        counts[i].increment();
        sumNanos.add(nanos);
    }

    double[] bucketSeconds() {
        return bucketSeconds;
    }

    /** Observations at or below each bound, then the total (+Inf). */
    public long[] cumulativeCounts() {
        long[] out = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            out[i] = running;
        }
        return out;
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
