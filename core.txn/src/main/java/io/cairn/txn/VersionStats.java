package io.cairn.txn;

/**
 * Row versions at one moment.
 *
 * @param horizon       the retention horizon: versions needed by snapshots at or after it are kept
 * @param undoVersions  old versions in the undo tree
 * @param deadVersions  versions (old ones and deleted rows) no snapshot at or after the horizon can see
 */
public record VersionStats(long horizon, long undoVersions, long deadVersions) {
}
