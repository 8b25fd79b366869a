package io.cairn.pool.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pool's configuration, checked: every value parsed and within the bounds HikariCP honours, so
 * a mistake stops the pool with a message naming the setting instead of being silently adjusted.
 */
record PoolSettings(String name, String database, int maximumPoolSize, int minimumIdle, long connectionTimeoutMs,
        long idleTimeoutMs, long maxLifetimeMs, String user, String isolation, boolean readOnly, boolean autoCommit) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,12})\\s*(ms|s|m|h)?\\s*");

    /** @throws IllegalArgumentException naming the pool, the setting and what is accepted */
    static PoolSettings from(PoolConfig c) {
        String name = c.name();
        if (name == null || !NAME.matcher(name.trim()).matches()) {
            throw new IllegalArgumentException("name = '" + name + "' is not a pool name: use letters, digits, _ and -, "
                    + "starting with a letter (at most 63)");
        }
        name = name.trim();
        String where = "pool '" + name + "': ";
        String database = c.database() == null ? "" : c.database().trim();
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException(where + "database = '" + c.database() + "' is not a database name");
        }
        int max = integer(where, "maximumPoolSize", c.maximumPoolSize(), 1, 1000);
        int minIdle = integer(where, "minimumIdle", c.minimumIdle(), 0, 1000);
        if (minIdle > max) {
            throw new IllegalArgumentException(where + "minimumIdle = " + minIdle + " is more than maximumPoolSize = " + max);
        }
        long connectionTimeout = millis(where, "connectionTimeout", c.connectionTimeout());
        if (connectionTimeout < 250) {
            throw new IllegalArgumentException(where + "connectionTimeout = '" + c.connectionTimeout()
                    + "' is too short: at least 250ms");
        }
        long idleTimeout = millis(where, "idleTimeout", c.idleTimeout());
        if (idleTimeout != 0 && idleTimeout < 10_000) {
            throw new IllegalArgumentException(where + "idleTimeout = '" + c.idleTimeout() + "' is too short: 0 or at least 10s");
        }
        long maxLifetime = millis(where, "maxLifetime", c.maxLifetime());
        if (maxLifetime != 0 && maxLifetime < 30_000) {
            throw new IllegalArgumentException(where + "maxLifetime = '" + c.maxLifetime() + "' is too short: 0 or at least 30s");
        }
        if (idleTimeout != 0 && maxLifetime != 0 && idleTimeout >= maxLifetime) {
            throw new IllegalArgumentException(where + "idleTimeout (" + c.idleTimeout()
                    + ") must be shorter than maxLifetime (" + c.maxLifetime() + ")");
        }
        String isolation = c.isolation() == null ? "" : c.isolation().trim().toUpperCase(Locale.ROOT);
        if (!isolation.equals("READ_COMMITTED") && !isolation.equals("SNAPSHOT") && !isolation.equals("REPEATABLE_READ")) {
            throw new IllegalArgumentException(where + "isolation = '" + c.isolation()
                    + "': expected READ_COMMITTED, SNAPSHOT or REPEATABLE_READ");
        }
        String user = c.user() == null || c.user().isBlank() ? name : c.user().trim();
        return new PoolSettings(name, database, max, minIdle, connectionTimeout, idleTimeout, maxLifetime, user,
                isolation, bool(where, "readOnly", c.readOnly()), bool(where, "autoCommit", c.autoCommit()));
    }

    private static int integer(String where, String setting, String text, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + setting + " = '" + text + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(where + setting + " = " + n + " is out of range " + min + ".." + max);
        }
        return n;
    }

    private static long millis(String where, String setting, String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(where + setting + " = '" + text
                    + "' is not a duration: use a number with ms, s, m or h (e.g. 500ms, 30s); a bare number is ms");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }

    private static boolean bool(String where, String setting, String text) {
        String t = text == null ? "" : text.trim();
        if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(where + setting + " = '" + text + "': expected true or false");
        }
        return Boolean.parseBoolean(t);
    }
}
