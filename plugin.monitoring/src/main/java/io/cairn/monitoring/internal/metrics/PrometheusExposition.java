package io.cairn.monitoring.internal.metrics;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link CairnMetrics} registry in the Prometheus text exposition format, version 0.0.4:
 * per family one {@code # HELP} and one {@code # TYPE} line, then its samples, one per line,
 * {@code name{label="value",...} value}. Independent of any HTTP stack, so any host (the
 * {@code /api/v1/metrics}, mounted through admin.web's REST contract) can serve it.
 */
public final class PrometheusExposition {

    /** The Content-Type Prometheus expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final CairnMetrics metrics;

    public PrometheusExposition(CairnMetrics metrics) {
        this.metrics = metrics;
    }

    /** Writes the current values of every series. */
    public void write(Writer out) throws IOException {
        write(metrics.collect(), out);
    }

    static void write(List<CairnMetrics.FamilySamples> families, Writer out) throws IOException {
        StringBuilder b = new StringBuilder(8192);
        for (CairnMetrics.FamilySamples f : families) {
            MetricFamily family = f.family();
            b.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            b.append("# TYPE ").append(family.name()).append(' ').append(family.type().text()).append('\n');
            for (Sample s : f.samples()) {
                b.append(s.name());
                if (!s.labels().isEmpty()) {
                    b.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        if (!first) {
                            b.append(',');
                        }
                        first = false;
                        b.append(l.getKey()).append("=\"").append(escapeLabelValue(l.getValue())).append('"');
                    }
                    b.append('}');
                }
                b.append(' ').append(formatValue(s.value())).append('\n');
            }
        }
        out.write(b.toString());
    }

    /** HELP text escaping: backslash and line feed. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Label value escaping: backslash, double quote and line feed. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Integral values without a fraction, the rest as Go's ParseFloat reads them, NaN and ±Inf spelled out. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
