package io.cairn.monitoring.internal.sql;

import java.time.Instant;
import java.util.Locale;

import io.cairn.sql.instrument.StatementDigest;
import io.cairn.sql.instrument.StatementEnd;

/** A statement that ran at least the slow-query threshold: a line of the log and a row of {@code v$slow_query}. */
public record SlowQuery(String database, Instant startTime, long sessionId, String user, String sqlId, String planHash,
        String command, String text, long elapsedNanos, long cpuNanos, long rows, long pagesRead, long lockWaitNanos,
        String sqlState, String errorMessage) {

    public static SlowQuery of(StatementEnd e) {
        return new SlowQuery(e.database(), e.startTime(), e.sessionId(), e.user(), e.digest().hexId(), e.planHashHex(),
                e.command(), e.text(), e.elapsedNanos(), e.cpuNanos(), e.rows(), e.pagesRead(), e.lockWaitNanos(),
                e.sqlState(), e.errorMessage());
    }

    /** One JSON object on one line (no line breaks inside: text and message are escaped). */
    public String json() {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "time", startTime.toString()).append(',');
        field(b, "database", database).append(',');
        b.append("\"sid\":").append(sessionId).append(',');
        field(b, "user", user).append(',');
        field(b, "sql_id", sqlId).append(',');
        field(b, "plan_hash", planHash).append(',');
        field(b, "command", command).append(',');
        b.append("\"elapsed_ms\":").append(String.format(Locale.ROOT, "%.3f", elapsedNanos / 1e6)).append(',');
        b.append("\"cpu_ms\":").append(cpuNanos < 0 ? "null" : String.format(Locale.ROOT, "%.3f", cpuNanos / 1e6)).append(',');
        b.append("\"rows\":").append(rows).append(',');
        b.append("\"pages_read\":").append(pagesRead).append(',');
        b.append("\"lock_wait_ms\":").append(String.format(Locale.ROOT, "%.3f", lockWaitNanos / 1e6)).append(',');
        field(b, "sqlstate", sqlState).append(',');
        field(b, "error", errorMessage).append(',');
        field(b, "sql", text);
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

}
