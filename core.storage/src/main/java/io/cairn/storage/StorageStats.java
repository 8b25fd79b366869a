package io.cairn.storage;

/**
 * A cheap snapshot of the store's figures: buffer pool, write-ahead log and data file.
 * {@code commitsPerFsync} is how many flush requests shared each WAL fsync on average (group commit).
 */
public record StorageStats(
        BufferPoolStats bufferPool,
        long walFirstLsn,
        long walEndLsn,
        long walDurableLsn,
        long walBytes,
        long dataFileBytes,
        long pageCount,
        long freePages,
        long checkpointRedoLsn,
        long checkpoints,
        long logPoints,
        long pagesLogged,
        long walBytesWritten,
        long walFsyncs,
        long walFsyncNanos,
        double commitsPerFsync) {
}
