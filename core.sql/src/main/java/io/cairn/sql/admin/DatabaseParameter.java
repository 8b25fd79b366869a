package io.cairn.sql.admin;

/**
 * One settable parameter.
 *
 * @param name  the SQL name, as in v$parameter and ALTER SYSTEM SET ({@code lock_timeout})
 * @param value the value in effect, in {@code unit}
 * @param unit  {@code bytes}, {@code ms} or {@code rows}
 * @param kind  {@code size} (accepts 64m, 1g...), {@code duration} (accepts 30s, 500ms, 2m...) or
 *              {@code rows} (a plain number)
 */
public record DatabaseParameter(String name, long value, String unit, String kind) {
}
