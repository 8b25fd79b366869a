package io.cairn.monitoring.internal.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metered;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Timer;

/**
 * Exports a plugin's Dropwizard {@link MetricSet} (a whiteboard service with the property
 * {@value #PLUGIN_PROPERTY}) as {@code cairn_plugin_*} series with a {@code plugin} label, read at
 * scrape time. Dropwizard names become Prometheus names: lower case, every character outside
 * {@code [a-z0-9_]} an underscore ({@code ingest.rows-read} is {@code cairn_plugin_ingest_rows_read}).
 */
public final class PluginMetricSets {

    /** The whiteboard property naming the contributing plugin: the {@code plugin} label's value. */
    public static final String PLUGIN_PROPERTY = "cairn.metrics.plugin";

    private static final Logger LOG = LoggerFactory.getLogger(PluginMetricSets.class);
    private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9_]+");
    private static final double NANOS = 1e9;

    private PluginMetricSets() {
    }

    /** The exported family name of a Dropwizard metric name. */
    public static String familyName(String dropwizardName) {
        String n = NOT_NAME.matcher(dropwizardName.toLowerCase(Locale.ROOT)).replaceAll("_").replaceAll("^_+|_+$", "");
        return "cairn_plugin_" + n;
    }

    /**
     * Registers every metric of {@code set} under {@code plugin}, owned by {@code owner}; returns how
     * many were exported. A metric whose name clashes with a family of another type is skipped and logged.
     */
    public static int register(CairnMetrics m, String plugin, MetricSet set, Object owner) {
        Map<String, String> labels = Map.of("plugin", plugin);
        int n = 0;
        for (Map.Entry<String, Metric> e : set.getMetrics().entrySet()) {
            String base = familyName(e.getKey());
            Metric metric = e.getValue();
            try {
                if (metric instanceof Gauge<?> g) {
                    m.gauge(m.family(base, MetricFamily.Type.GAUGE, "A plugin's gauge (Dropwizard MetricSet)."), labels,
                            owner, () -> number(g.getValue()));
                } else if (metric instanceof Counter c) {
                    m.gauge(m.family(total(base), MetricFamily.Type.COUNTER, "A plugin's counter (Dropwizard MetricSet)."),
                            labels, owner, c::getCount);
                } else if (metric instanceof Timer t) {
                    m.gauge(m.family(total(base), MetricFamily.Type.COUNTER, "Events a plugin's timer measured."),
                            labels, owner, t::getCount);
                    quantiles(m, base + "_seconds", "A plugin's timer", t, NANOS, labels, owner);
                } else if (metric instanceof Histogram h) {
                    m.gauge(m.family(total(base), MetricFamily.Type.COUNTER, "Values a plugin's histogram recorded."),
                            labels, owner, h::getCount);
                    quantiles(m, base, "A plugin's histogram", h, 1, labels, owner);
                } else if (metric instanceof Metered meter) {
                    m.gauge(m.family(total(base), MetricFamily.Type.COUNTER, "Events a plugin's meter marked."),
                            labels, owner, meter::getCount);
                } else {
                    LOG.warn("plugin {}: metric {} of type {} is not exported", plugin, e.getKey(),
                            metric.getClass().getName());
                    continue;
                }
                n++;
            } catch (IllegalArgumentException clash) {
                LOG.warn("plugin {}: metric {} is not exported: {}", plugin, e.getKey(), clash.getMessage());
            }
        }
        return n;
    }

    /** Median, 99th percentile and max of the metric's current reservoir, as gauges {@code _p50}, {@code _p99}, {@code _max}. */
    private static void quantiles(CairnMetrics m, String base, String what, Sampling s, double divisor,
            Map<String, String> labels, Object owner) {
        m.gauge(m.family(base + "_p50", MetricFamily.Type.GAUGE, what + "'s median."), labels, owner,
                () -> s.getSnapshot().getMedian() / divisor);
        m.gauge(m.family(base + "_p99", MetricFamily.Type.GAUGE, what + "'s 99th percentile."), labels, owner,
                () -> s.getSnapshot().get99thPercentile() / divisor);
        m.gauge(m.family(base + "_max", MetricFamily.Type.GAUGE, what + "'s largest recent value."), labels, owner,
                () -> s.getSnapshot().getMax() / divisor);
    }

    private static String total(String base) {
        return base.endsWith("_total") ? base : base + "_total";
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        // a gauge of another type has no number: the supplier fails and the series is left out of the scrape
        throw new IllegalStateException("not a number: " + v);
    }
}
