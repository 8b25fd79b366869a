package io.cairn.storage.internal.wal;

import java.util.Objects;

import io.cairn.storage.IoWaitListener;
import io.cairn.storage.internal.io.FileChannelFactory;

/**
 * Settings of a {@link WriteAheadLog}, immutable: each {@code withXxx} returns a copy.
 * {@code WalOptions.defaults().withSegmentSize(1 << 20)}.
 */
public final class WalOptions {

    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    public static final long MIN_SEGMENT_SIZE = 64L << 10;
    /** Largest segment size accepted: offsets inside a segment stay below 2^31. */
    public static final long MAX_SEGMENT_SIZE = 1L << 30;
    /** LSN of the first record of a brand-new log; 0 never names a record (a page LSN of 0 means "never logged"). */
    public static final long DEFAULT_INITIAL_LSN = 1;
    public static final int DEFAULT_WRITE_THRESHOLD = 1 << 20;
    public static final int DEFAULT_SPARE_SEGMENTS = 2;

    private static final WalOptions DEFAULTS = new WalOptions(DEFAULT_SEGMENT_SIZE, FileChannelFactory.DEFAULT,
            IoWaitListener.NONE, DEFAULT_INITIAL_LSN, DEFAULT_WRITE_THRESHOLD, DEFAULT_SPARE_SEGMENTS, true);

    private final long segmentSize;
    private final FileChannelFactory channelFactory;
    private final IoWaitListener waitListener;
    private final long initialLsn;
    private final int writeThreshold;
    private final int spareSegments;
    private final boolean preallocate;

    private WalOptions(long segmentSize, FileChannelFactory channelFactory, IoWaitListener waitListener,
            long initialLsn, int writeThreshold, int spareSegments, boolean preallocate) {
        this.segmentSize = segmentSize;
        this.channelFactory = channelFactory;
        this.waitListener = waitListener;
        this.initialLsn = initialLsn;
        this.writeThreshold = writeThreshold;
        this.spareSegments = spareSegments;
        this.preallocate = preallocate;
    }

    public static WalOptions defaults() {
        return DEFAULTS;
    }

    /** Target size of a segment file (a single larger record still gets a segment of its own). */
    public WalOptions withSegmentSize(long bytes) {
        if (bytes < MIN_SEGMENT_SIZE || bytes > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be between " + MIN_SEGMENT_SIZE + " and "
                    + MAX_SEGMENT_SIZE + " bytes: " + bytes);
        }
        return new WalOptions(bytes, channelFactory, waitListener, initialLsn, writeThreshold, spareSegments,
                preallocate);
    }

    public WalOptions withChannelFactory(FileChannelFactory factory) {
        return new WalOptions(segmentSize, Objects.requireNonNull(factory, "factory"), waitListener, initialLsn,
                writeThreshold, spareSegments, preallocate);
    }

    /** Told about the time callers of {@link WriteAheadLog#flush(long)} wait ("log file sync"). */
    public WalOptions withWaitListener(IoWaitListener listener) {
        return new WalOptions(segmentSize, channelFactory, Objects.requireNonNull(listener, "listener"), initialLsn,
                writeThreshold, spareSegments, preallocate);
    }

    /**
     * LSN a brand-new (empty) log directory starts at; ignored when segments exist. After a restore
     * or a wiped log it must be above every page LSN in the data file.
     */
    public WalOptions withInitialLsn(long lsn) {
        if (lsn <= 0) {
            throw new IllegalArgumentException("initial LSN must be positive: " + lsn);
        }
        return new WalOptions(segmentSize, channelFactory, waitListener, lsn, writeThreshold, spareSegments,
                preallocate);
    }

    /**
     * Buffered bytes at which an appender writes the buffer out (without forcing) so a long
     * transaction does not hold its whole redo in memory. Past four times this an appender
     * waits for a running flush, which bounds the buffer.
     */
    public WalOptions withWriteThreshold(int bytes) {
        if (bytes < 4096) {
            throw new IllegalArgumentException("write threshold must be at least 4096 bytes: " + bytes);
        }
        return new WalOptions(segmentSize, channelFactory, waitListener, initialLsn, bytes, spareSegments,
                preallocate);
    }

    /**
     * How many recycled segment files are kept (renamed) for reuse instead of deleted; reusing
     * an allocated file makes the fsync of a fresh segment cheaper. 0 deletes every recycled segment.
     */
    public WalOptions withSpareSegments(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spare segments must be >= 0: " + count);
        }
        return new WalOptions(segmentSize, channelFactory, waitListener, initialLsn, writeThreshold, count,
                preallocate);
    }

    /**
     * Whether a background thread zero-fills the next segment file while the current one fills
     * up (when no spare is left), so the log is never extended by commits: fsync of a file whose
     * size does not change is two to three times cheaper. On by default.
     */
    public WalOptions withPreallocation(boolean on) {
        return new WalOptions(segmentSize, channelFactory, waitListener, initialLsn, writeThreshold, spareSegments,
                on);
    }

    public boolean preallocation() {
        return preallocate;
    }

    public long segmentSize() {
        return segmentSize;
    }

    public FileChannelFactory channelFactory() {
        return channelFactory;
    }

    public IoWaitListener waitListener() {
        return waitListener;
    }

    public long initialLsn() {
        return initialLsn;
    }

    public int writeThreshold() {
        return writeThreshold;
    }

    public int spareSegments() {
        return spareSegments;
    }

    @Override
    public String toString() {
        return "WalOptions[segmentSize=" + segmentSize + ", initialLsn=" + initialLsn + ", writeThreshold="
                + writeThreshold + ", spareSegments=" + spareSegments + ", preallocation=" + preallocate + "]";
    }
}
