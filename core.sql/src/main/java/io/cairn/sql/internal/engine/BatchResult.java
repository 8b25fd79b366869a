package io.cairn.sql.internal.engine;

import io.cairn.sql.SqlException;

/**
 * What {@link SqlEngine#executeBatch} ran: the update count of each entry that succeeded, in
 * order ({@code counts.length} of them), and the error of the entry that failed next, or null if
 * every entry ran. Entries after a failed one did not run.
 */
public record BatchResult(long[] counts, SqlException failure) {
}
