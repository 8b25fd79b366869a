package io.cairn.sql.admin;

import java.util.Locale;

/** What a maintenance job does: the SQL statement of the same name. */
public enum MaintenanceOperation {
    /** Removes row versions no snapshot or retention needs (database-wide: takes no tables). */
    VACUUM,
    /** Collects planner statistics for the given tables, or all tables. */
    ANALYZE,
    /** Rebuilds every index of the given tables, or of all tables. */
    REINDEX,
    /** Writes dirty pages and advances the redo point (takes no tables). */
    CHECKPOINT;

    /** The operation named {@code name} in any case, or null. */
    public static MaintenanceOperation parse(String name) {
        if (name == null) {
            return null;
        }
        for (MaintenanceOperation op : values()) {
            if (op.name().equals(name.toUpperCase(Locale.ROOT))) {
                return op;
            }
        }
        return null;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
