package io.cairn.storage;

/** A cheap snapshot of the store's figures: buffer pool, write-ahead log and data file. */
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
        long pagesLogged) {
}
