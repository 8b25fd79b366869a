package io.cairn.txn;

/** What one garbage-collection pass did. {@code skipped} counts rows locked by writers at the time. */
public record VacuumResult(long horizon, long versionsRemoved, long deletedRowsRemoved, long skipped) {
}
