package io.cairn.monitoring.internal.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One firing (or, in the history, past) alert: a rule breached by one series. */
public record Alert(long id, long ruleId, String ruleName, String severity, String category, String series,
        double value, Instant firedAt, Instant resolvedAt, Instant acknowledgedAt, String acknowledgedBy) {

    public Alert acknowledged(Instant at, String by) {
        return new Alert(id, ruleId, ruleName, severity, category, series, value, firedAt, resolvedAt, at, by);
    }

    public Alert withValue(double v) {
        return new Alert(id, ruleId, ruleName, severity, category, series, v, firedAt, resolvedAt, acknowledgedAt,
                acknowledgedBy);
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("rule_id", ruleId);
        m.put("rule", ruleName);
        m.put("severity", severity);
        m.put("category", category);
        m.put("series", series);
        m.put("value", value);
        m.put("fired_at", firedAt == null ? null : firedAt.toString());
        m.put("resolved_at", resolvedAt == null ? null : resolvedAt.toString());
        m.put("acknowledged_at", acknowledgedAt == null ? null : acknowledgedAt.toString());
        m.put("acknowledged_by", acknowledgedBy);
        return m;
    }
}
