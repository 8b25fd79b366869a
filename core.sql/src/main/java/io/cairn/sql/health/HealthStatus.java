package io.cairn.sql.health;

import java.util.Locale;

/** The state of one check or of the whole container, from best to worst. */
public enum HealthStatus {
    /** Working as intended. */
    HEALTHY,
    /** Serving, but something needs attention soon (a disk filling, checkpoints falling behind). */
    DEGRADED,
    /** Not able to serve correctly. */
    UNHEALTHY;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The lower-case name used in JSON and the shell: {@code healthy}, {@code degraded}, {@code unhealthy}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
