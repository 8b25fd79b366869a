package io.cairn.monitoring.internal.metrics;

import java.util.Map;

/**
 * One line of the exposition: the sample name (the family name, or it with {@code _sum} or
 * {@code _count} for a summary), its labels in order, and the value.
 */
public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
}
