package io.cairn.monitoring.internal.ash;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time range of an ASH report, as a user types it (REST {@code from}/{@code to}, shell
 * {@code --from}/{@code --to}): an ISO-8601 instant ({@code 2026-11-25T21:00:00Z}, or with an
 * offset), a time relative to now ({@code -15m}, {@code -90s}, {@code -2h}, {@code -1d}), or
 * {@code now}. A {@code to} after now is cut to now, so a range reaching into the future does not
 * dilute the average active sessions.
 */
public record ReportRange(Instant from, Instant to) {

    /** The longest range: the longest ASH retention (ashRetentionHours at most 8760). */
    public static final Duration MAX = Duration.ofHours(8760);
    public static final String DEFAULT_FROM = "-15m";

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhd])");

    /** Parses {@code from} and {@code to} (either may be null: from defaults to -15m, to to now). */
    public static ReportRange parse(String from, String to, Instant now) {
        Instant f = instant("from", from == null || from.isBlank() ? DEFAULT_FROM : from, now);
        Instant t = instant("to", to == null || to.isBlank() ? "now" : to, now);
        if (t.isAfter(now)) {
            t = now;
        }
        if (!f.isBefore(t)) {
            throw new IllegalArgumentException("from must be before to (and before now): from " + f + ", to " + t);
        }
        if (Duration.between(f, t).compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the range must be at most " + MAX.toHours() + " hours, was "
                    + Duration.between(f, t).toHours() + " hours");
        }
        return new ReportRange(f, t);
    }

    private static Instant instant(String name, String raw, Instant now) {
        String v = raw.trim();
        if (v.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant with a zone (2026-11-25T21:00:00Z or "
                    + "...+01:00), a time before now (-90s, -15m, -2h, -1d) or 'now', was '" + raw + "'");
        }
    }

    public Duration duration() {
        return Duration.between(from, to);
    }
}
