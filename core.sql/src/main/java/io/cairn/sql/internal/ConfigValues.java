package io.cairn.sql.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes and durations written the way DBAs write them in configuration:
 * {@code 64m}, {@code 1 GiB}, {@code 131072}; {@code 500ms}, {@code 30s}, {@code 2m}.
 */
final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,12})\\s*(ms|s|m|h)\\s*");

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,15})\\s*([kmgt]?)(i?b)?\\s*");

    private ConfigValues() {
    }

    /** @throws IllegalArgumentException naming the setting and the accepted forms */
    static long parseSize(String setting, String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(setting + " = '" + text
                    + "' is not a size: use bytes or a number with k, m, g or t (e.g. 64m, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(setting + " = '" + text + "' is too large");
        }
        return n << shift;
    }

    /** The most rows a setting of rows may ask for (1 per structure at the least). */
    static final long MAX_ROWS = 1_000_000_000L;

    /**
     * A number of rows, 1 to {@value #MAX_ROWS}.
     *
     * @throws IllegalArgumentException naming the setting and the accepted forms
     */
    static long parseRows(String setting, String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("\\d{1,10}") || Long.parseLong(t) < 1 || Long.parseLong(t) > MAX_ROWS) {
            throw new IllegalArgumentException(setting + " = '" + text + "' is not a number of rows from 1 to "
                    + MAX_ROWS + " (e.g. 1000000)");
        }
        return Long.parseLong(t);
    }

    /** @throws IllegalArgumentException naming the setting and the accepted forms */
    static java.time.Duration parseDuration(String setting, String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(setting + " = '" + text
                    + "' is not a duration: use a number with ms, s, m or h (e.g. 500ms, 30s)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            default -> java.time.Duration.ofHours(n);
        };
    }
}
