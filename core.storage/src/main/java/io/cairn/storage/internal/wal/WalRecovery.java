package io.cairn.storage.internal.wal;

/**
 * What {@link WriteAheadLog#open} found at the end of the log, for the alert log and health
 * checks: a torn tail after a crash is normal, removed segments mean corruption before the end.
 *
 * @param endLsn          the end of the valid log, where appends continue
 * @param tailCleared     whether bytes after the last valid record (a torn or corrupt record, or
 *                        stale data) were zeroed or cut off
 * @param segmentsRemoved segment files after the end that were deleted
 */
public record WalRecovery(long endLsn, boolean tailCleared, int segmentsRemoved) {
}
