package io.cairn.monitoring.internal.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;

/**
 * The plugin's metric registry: a Dropwizard {@link MetricRegistry} whose entries are Prometheus
 * series (a {@link MetricFamily} plus labels such as {@code database}). Kernel figures are
 * read-through gauges over the kernel's own counters, so nothing here can drift from the kernel;
 * the plugin's own measurements are Dropwizard counters and timers. Thread-safe.
 */
public final class CairnMetrics {

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** A registered series: what it belongs to, and who registered it (for removal). */
    private record Series(MetricFamily family, Map<String, String> labels, Object owner) {
    }

    private final MetricRegistry registry = new MetricRegistry();
    private final ConcurrentMap<String, MetricFamily> families = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Series> series = new ConcurrentHashMap<>();

    /** Declares a family (idempotent for the same definition); a conflicting redefinition fails. */
    public MetricFamily family(String name, MetricFamily.Type type, String help) {
        MetricFamily f = new MetricFamily(name, type, help);
        MetricFamily known = families.putIfAbsent(name, f);
        if (known != null && !known.equals(f)) {
            throw new IllegalArgumentException("metric " + name + " is already defined as " + known);
        }
        return f;
    }

    /** A series whose value is read when scraped; a supplier that throws leaves the series out of that scrape. */
    public void gauge(MetricFamily family, Map<String, String> labels, Object owner, Supplier<? extends Number> value) {
        Objects.requireNonNull(value, "value");
        if (family.type() == MetricFamily.Type.SUMMARY || family.type() == MetricFamily.Type.HISTOGRAM) {
            throw new IllegalArgumentException(family.name() + " is a " + family.type() + "; use summary() or histogram()");
        }
        Gauge<Number> gauge = value::get;
        register(family, labels, owner, gauge);
    }

    /** A counter the plugin increments itself. */
    public Counter counter(MetricFamily family, Map<String, String> labels, Object owner) {
        if (family.type() != MetricFamily.Type.COUNTER) {
            throw new IllegalArgumentException(family.name() + " is not a counter");
        }
        return register(family, labels, owner, new Counter());
    }

    /** A duration summary the plugin records into itself. */
    public DurationSummary summary(MetricFamily family, Map<String, String> labels, Object owner) {
        if (family.type() != MetricFamily.Type.SUMMARY) {
            throw new IllegalArgumentException(family.name() + " is not a summary");
        }
        return register(family, labels, owner, new DurationSummary());
    }

    /** A duration histogram with fixed buckets (upper bounds in seconds) the plugin records into itself. */
    public DurationHistogram histogram(MetricFamily family, Map<String, String> labels, Object owner, double... bucketSeconds) {
        if (family.type() != MetricFamily.Type.HISTOGRAM) {
            throw new IllegalArgumentException(family.name() + " is not a histogram");
        }
        return register(family, labels, owner, new DurationHistogram(bucketSeconds));
    }

    private <M extends Metric> M register(MetricFamily family, Map<String, String> labels, Object owner, M metric) {
        if (!family.equals(families.get(family.name()))) {
            throw new IllegalArgumentException("metric " + family.name() + " is not defined in this registry");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (!LABEL.matcher(k).matches() || k.startsWith("__") || k.equals("quantile") || k.equals("le")) {
                throw new IllegalArgumentException("invalid label name '" + k + "' on " + family.name());
            }
            copy.put(k, Objects.requireNonNull(v, k));
        });
        String key = key(family.name(), copy);
        synchronized (this) { // a database reopened under the same name replaces its series
            registry.remove(key);
            registry.register(key, metric);
            series.put(key, new Series(family, copy, owner));
        }
        return metric;
    }

    /** Removes every series the owner registered (e.g. a database that closed). */
    public synchronized void removeOwnedBy(Object owner) {
        series.entrySet().removeIf(e -> {
            if (e.getValue().owner() == owner) {
                registry.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** The Dropwizard registry itself (for reporters other than Prometheus). */
    public MetricRegistry registry() {
        return registry;
    }

    /** Every family with its current samples, by name; families without a live series are left out. */
    public List<FamilySamples> collect() {
        Map<String, List<Sample>> byFamily = new java.util.TreeMap<>();
        List<Map.Entry<String, Series>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        Map<String, Metric> registered = registry.getMetrics(); // a copy: read it once per scrape
        for (Map.Entry<String, Series> e : entries) {
            Metric metric = registered.get(e.getKey());
            if (metric == null) {
                continue; // removed while we collected
            }
            Series s = e.getValue();
            List<Sample> out = byFamily.computeIfAbsent(s.family().name(), n -> new ArrayList<>());
            samples(s, metric, out);
        }
        List<FamilySamples> result = new ArrayList<>();
        byFamily.forEach((name, samples) -> {
            if (!samples.isEmpty()) {
                result.add(new FamilySamples(families.get(name), samples));
            }
        });
        result.sort(Comparator.comparing(f -> f.family().name()));
        return result;
    }

    private static void samples(Series s, Metric metric, List<Sample> out) {
        String name = s.family().name();
        if (metric instanceof Gauge<?> gauge) {
            Object v;
            try {
                v = gauge.getValue();
            } catch (RuntimeException closedMeanwhile) {
                return; // e.g. the database closed during the scrape: no sample rather than a made-up one
            }
            if (v instanceof Number n) {
                out.add(new Sample(name, s.labels(), n.doubleValue()));
            }
        } else if (metric instanceof Counter counter) {
            out.add(new Sample(name, s.labels(), counter.getCount()));
        } else if (metric instanceof DurationSummary summary) {
            Snapshot snap = summary.timer().getSnapshot();
            for (double q : QUANTILES) {
                Map<String, String> labels = new LinkedHashMap<>(s.labels());
                labels.put("quantile", Double.toString(q));
                out.add(new Sample(name, labels, snap.getValue(q) / 1e9));
            }
            out.add(new Sample(name + "_sum", s.labels(), summary.sumSeconds()));
            out.add(new Sample(name + "_count", s.labels(), summary.count()));
        } else if (metric instanceof DurationHistogram histogram) {
            long[] cumulative = histogram.cumulativeCounts();
            double[] bounds = histogram.bucketSeconds();
            for (int i = 0; i <= bounds.length; i++) {
                Map<String, String> labels = new LinkedHashMap<>(s.labels());
                labels.put("le", i == bounds.length ? "+Inf" : java.math.BigDecimal.valueOf(bounds[i]).toPlainString());
                out.add(new Sample(name + "_bucket", labels, cumulative[i]));
            }
            out.add(new Sample(name + "_sum", s.labels(), histogram.sumSeconds()));
            out.add(new Sample(name + "_count", s.labels(), cumulative[bounds.length]));
        }
    }

    private static String key(String family, Map<String, String> labels) {
        StringBuilder b = new StringBuilder(family).append('{');
        labels.forEach((k, v) -> b.append(k).append('=').append(PrometheusExposition.escapeLabelValue(v)).append(','));
        return b.append('}').toString();
    }

    /** One family and its samples at one scrape. */
    public record FamilySamples(MetricFamily family, List<Sample> samples) {
    }
}
