package io.cairn.storage.internal.wal;

/**
 * A snapshot of a {@link WriteAheadLog}'s counters since it was opened.
 *
 * @param records            records appended
 * @param bytesAppended      bytes appended (headers included)
 * @param bytesWritten       bytes written to segment files
 * @param fsyncs             {@code FileChannel.force} calls on segment files
 * @param fsyncNanos         time spent in those calls
 * @param segments           segment files in the log
 * @param sizeOnDisk         bytes of the log's files on disk (segments and spare files)
 * @param groupCommitBatches average number of {@code flush} calls that waited for one fsync
 *                           (commits that rode on each fsync); 0 before the first fsync
 * @param flushWaits         {@code flush} calls that had to wait for a write and fsync
 */
public record WalStats(long records, long bytesAppended, long bytesWritten, long fsyncs, long fsyncNanos,
        int segments, long sizeOnDisk, double groupCommitBatches, long flushWaits) {
}
