package io.cairn.storage;

/**
 * A snapshot of the buffer pool's counters. Counters are cumulative since open; {@code dirtyPages},
 * {@code unloggedPages}, {@code usedFrames} and {@code pinnedFrames} are current values.
 * {@code misses} counts page requests that needed a read, including the first use of a page a scan
 * read ahead; {@code reads} counts pages read from the data file when they are read, including
 * pages read ahead (also those evicted before any use), so it may exceed {@code misses}.
 */
public record BufferPoolStats(
        int capacityFrames,
        int usedFrames,
        int pinnedFrames,
        int dirtyPages,
        int unloggedPages,
        long hits,
        long misses,
        long reads,
        long writes,
        long evictions) {

    /** Fraction of page requests served without a read, 0 when there were none. */
    public double hitRatio() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }
}
