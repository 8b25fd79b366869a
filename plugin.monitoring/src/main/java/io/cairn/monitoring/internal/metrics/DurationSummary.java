package io.cairn.monitoring.internal.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.codahale.metrics.Metric;
import com.codahale.metrics.Timer;

/**
 * A duration measured in the plugin itself (e.g. one ASH sample): a Dropwizard {@link Timer} for
 * the quantiles plus the running sum Prometheus summaries carry and Dropwizard timers do not.
 */
public final class DurationSummary implements Metric {

    private final Timer timer = new Timer();
    private final LongAdder sumNanos = new LongAdder();

    public void record(long nanos) {
        timer.update(nanos, TimeUnit.NANOSECONDS);
        sumNanos.add(nanos);
    }

    public Timer timer() {
        return timer;
    }

    public long count() {
        return timer.getCount();
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
