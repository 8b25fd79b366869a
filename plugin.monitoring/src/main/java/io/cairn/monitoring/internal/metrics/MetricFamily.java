package io.cairn.monitoring.internal.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Prometheus metric family: its name ({@code cairn_<area>_<what>_<unit>}), type and help
 * text. Every series in {@link CairnMetrics} belongs to one.
 */
public record MetricFamily(String name, Type type, String help) {

    /** The exposition types Cairn uses. */
    public enum Type {
        COUNTER("counter"), GAUGE("gauge"), SUMMARY("summary"), HISTOGRAM("histogram");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        /** The word on the {@code # TYPE} line. */
        public String text() {
            return text;
        }
    }

    private static final Pattern NAME = Pattern.compile("cairn_[a-z0-9_]*[a-z0-9]");

    public MetricFamily {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be cairn_ followed by [a-z0-9_], was " + name);
        }
        // Prometheus naming: only counters end in _total, and a counter always does.
        if ((type == Type.COUNTER) != name.endsWith("_total")) {
            throw new IllegalArgumentException("counter names, and only they, end in _total: " + name + " is a " + type);
        }
        if (help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
    }
}
