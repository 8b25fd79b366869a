package io.cairn.monitoring.internal.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A serious event the plugin recorded on its own (a row of {@code cairn_incidents}): what happened,
 * where, the context it was seen in, and how often it happened again while open ({@code occurrences}).
 *
 * @param key     the deduplication key: occurrences with the key of an open incident count towards it
 * @param details the context (SQL, session, SQLSTATE, counters), values as text, in the order recorded
 */
public record Incident(long id, Instant openedAt, Instant lastSeenAt, String database, String kind, String severity,
        String summary, Map<String, String> details, long occurrences, String status, Instant closedAt,
        String closedBy, String key) {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    /** The kinds the plugin records. */
    public static final String DATA_CORRUPTION = "data_corruption";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String DEADLOCK_STORM = "deadlock_storm";
    public static final String DISK_SPACE = "disk_space";
    public static final String HEALTH = "health";

    public Incident {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A new incident, before it has an id. */
    public static Incident draft(Instant at, String database, String kind, String severity, String summary,
            Map<String, String> details, String key) {
        return new Incident(0, at, at, database, kind, severity, summary, details, 1, OPEN, null, null, key);
    }

    public boolean open() {
        return OPEN.equals(status);
    }

    public Incident withId(long newId) {
        return new Incident(newId, openedAt, lastSeenAt, database, kind, severity, summary, details, occurrences, status,
                closedAt, closedBy, key);
    }

    public Incident seenAgain(long more, Instant at) {
        return new Incident(id, openedAt, at.isAfter(lastSeenAt) ? at : lastSeenAt, database, kind, severity, summary,
                details, occurrences + more, status, closedAt, closedBy, key);
    }

    public Incident closed(Instant at, String by) {
        return new Incident(id, openedAt, lastSeenAt, database, kind, severity, summary, details, occurrences, CLOSED, at,
                by, key);
    }

    /** The REST shape. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("opened_at", openedAt.toString());
        m.put("last_seen_at", lastSeenAt.toString());
        m.put("database", database);
        m.put("kind", kind);
        m.put("severity", severity);
        m.put("summary", summary);
        m.put("occurrences", occurrences);
        m.put("status", status);
        m.put("closed_at", closedAt == null ? null : closedAt.toString());
        m.put("closed_by", closedBy);
        m.put("details", details);
        return m;
    }
}
