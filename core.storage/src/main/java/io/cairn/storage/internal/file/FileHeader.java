package io.cairn.storage.internal.file;

/**
 * The data file's header (page 0): written only at checkpoints and on close, never logged.
 *
 * @param checkpointCount checkpoints completed; also picks the newer of the two header copies
 * @param redoLsn         where redo recovery starts reading the write-ahead log
 * @param cleanShutdown   true only between a clean close and the next open
 */
public record FileHeader(int formatVersion, int pageSize, long checkpointCount, long redoLsn, boolean cleanShutdown) {
}
