package io.cairn.sql.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one check: a status, a sentence for a person, and the figures it was judged on
 * ({@code details} values are numbers, strings or booleans, in the order the contributor gave them).
 */
public record HealthCheck(HealthStatus status, String message, Map<String, Object> details) {

    public HealthCheck {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static HealthCheck of(HealthStatus status, String message, Map<String, Object> details) {
        return new HealthCheck(status, message, details);
    }
}
