package io.cairn.sql.internal;

import java.util.Locale;
import java.util.Map;

import io.cairn.sql.SqlException;

/**
 * The database parameters ALTER SYSTEM SET can change: their SQL names (as v$parameter shows them)
 * and the {@link DatabaseConfig} attributes they are stored as, with validation of the value.
 */
public final class SystemParameterNames {

    private enum Kind { SIZE, DURATION, ROWS }

    private record Param(String attribute, Kind kind) {
    }

    private static final Map<String, Param> PARAMS = Map.of(
            "buffer_pool_size", new Param("bufferPoolSize", Kind.SIZE),
            "wal_segment_size", new Param("walSegmentSize", Kind.SIZE),
            "checkpoint_wal_size", new Param("checkpointWalSize", Kind.SIZE),
            "lock_timeout", new Param("lockTimeout", Kind.DURATION),
            "max_memory_rows", new Param("maxMemoryRows", Kind.ROWS));

    private SystemParameterNames() {
    }

    /**
     * Checks a parameter and its value.
     *
     * @return the configuration attribute name and the value to store (a bare number of a
     *         duration means milliseconds and is stored with {@code ms})
     * @throws SqlException 42704 for a name that is not a settable parameter, 22023 for a bad value
     */
    public static String[] validate(String name, String value) throws SqlException {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        Param p = PARAMS.get(key);
        if (p == null) {
            throw new SqlException("unrecognized configuration parameter \"" + name + "\"; ALTER SYSTEM can set "
                    + String.join(", ", new java.util.TreeSet<>(PARAMS.keySet())), "42704");
        }
        String text = value == null ? "" : value.trim();
        try {
            if (p.kind == Kind.SIZE) {
                ConfigValues.parseSize(key, text);
            } else if (p.kind == Kind.ROWS) {
                ConfigValues.parseRows(key, text);
            } else {
                if (text.matches("\\d{1,12}")) {
                    text = text + "ms";
                }
                ConfigValues.parseDuration(key, text);
            }
        } catch (IllegalArgumentException e) {
            throw new SqlException("invalid value for parameter \"" + key + "\": " + e.getMessage(), "22023");
        }
        return new String[] {p.attribute, text};
    }

    /** The SQL names of the settable parameters, sorted. */
    public static java.util.List<String> settable() {
        return PARAMS.keySet().stream().sorted().toList();
    }

    /** True for a size parameter (bytes), false for a duration (ms) or a number of rows. */
    public static boolean isSize(String name) {
        Param p = PARAMS.get(name);
        return p != null && p.kind == Kind.SIZE;
    }

    /** True for a number of rows ({@code max_memory_rows}). */
    public static boolean isRows(String name) {
        Param p = PARAMS.get(name);
        return p != null && p.kind == Kind.ROWS;
    }

    /** The configuration attribute names of the settable parameters. */
    static java.util.Collection<String> attributes() {
        return PARAMS.values().stream().map(Param::attribute).toList();
    }
}
