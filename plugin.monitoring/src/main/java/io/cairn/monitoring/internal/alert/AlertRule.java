package io.cairn.monitoring.internal.alert;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A threshold rule on a metric: fires when {@code metric{labels} operator threshold} holds for
 * {@code forSeconds}, for each series of the metric the label matchers select.
 *
 * @param labels exact label matchers ({@code state=active}); empty matches every series
 */
public record AlertRule(long id, String name, String metric, Map<String, String> labels, String operator,
        double threshold, long forSeconds, String severity, String category, boolean enabled, String description) {

    public static final Set<String> OPERATORS = Set.of(">", ">=", "<", "<=", "==");
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "error", "critical");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,127}");
    private static final Pattern METRIC = Pattern.compile("cairn_[a-z0-9_]*[a-z0-9]");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Checks every field; the message names the field and the allowed values. */
    public AlertRule validate() throws AlertException {
        check(name != null && NAME.matcher(name).matches(),
                "name must be 1 to 128 of a-z, 0-9, '_' and '-', starting with a letter or digit, was " + quote(name));
        check(metric != null && METRIC.matcher(metric).matches() && metric.length() <= 128,
                "metric must be a Cairn metric name (cairn_...), was " + quote(metric));
        check(operator != null && OPERATORS.contains(operator),
                "operator must be one of >, >=, <, <=, ==, was " + quote(operator));
        check(Double.isFinite(threshold), "threshold must be a finite number, was " + threshold);
        check(forSeconds >= 0 && forSeconds <= 86_400, "for_seconds must be between 0 and 86400, was " + forSeconds);
        check(severity != null && SEVERITIES.contains(severity),
                "severity must be one of info, warning, error, critical, was " + quote(severity));
        check(category != null && CATEGORY.matcher(category).matches(),
                "category must be 1 to 64 of a-z, 0-9 and '_', starting with a letter, was " + quote(category));
        check(description == null || description.length() <= 512, "description must be at most 512 characters");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            check(LABEL.matcher(e.getKey()).matches() && e.getValue() != null && !e.getValue().contains(",")
                    && !e.getValue().contains("="), "labels must be name=value pairs separated by commas, got "
                            + quote(e.getKey() + "=" + e.getValue()));
        }
        check(labelText().length() <= 512, "labels must be at most 512 characters");
        return this;
    }

    private static void check(boolean ok, String message) throws AlertException {
        if (!ok) {
            throw new AlertException(AlertException.Kind.INVALID, message);
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    /** Parses {@code k=v,k2=v2} (empty: no matcher). */
    public static Map<String, String> parseLabels(String text) throws AlertException {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq != pair.lastIndexOf('=')) {
                throw new AlertException(AlertException.Kind.INVALID,
                        "labels must be name=value pairs separated by commas, got '" + text + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    public String labelText() {
        StringBuilder b = new StringBuilder();
        labels.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /** Whether a series with these labels is one this rule watches. */
    public boolean selects(Map<String, String> seriesLabels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(seriesLabels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public boolean breached(double value) {
        return switch (operator) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            default -> value == threshold;
        };
    }

    /** The condition as text, e.g. {@code cairn_lock_waiters > 10 for 120s}. */
    public String condition() {
        return metric + (labels.isEmpty() ? "" : "{" + labelText() + "}") + " " + operator + " "
                + String.format(Locale.ROOT, "%s", threshold) + (forSeconds > 0 ? " for " + forSeconds + "s" : "");
    }

    public AlertRule withId(long newId) {
        return new AlertRule(newId, name, metric, labels, operator, threshold, forSeconds, severity, category, enabled,
                description);
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("metric", metric);
        m.put("labels", labels);
        m.put("operator", operator);
        m.put("threshold", threshold);
        m.put("for_seconds", forSeconds);
        m.put("severity", severity);
        m.put("category", category);
        m.put("enabled", enabled);
        m.put("description", description);
        return m;
    }
}
