package io.cairn.storage;

import java.util.Objects;


/**
 * How a store is opened. Start from {@link #defaults()} and change what you need with the
 * {@code with...} methods.
 *
 * @param bufferPoolBytes    memory for cached pages; at least 16 pages
 * @param walSegmentBytes    size of one write-ahead-log segment file
 * @param checkpointWalBytes a passive checkpoint runs automatically once the log grows past this
 * @param channelFactory     opens the data file and log segments (tests inject faults here)
 * @param ioWaitListener     told of data file reads and log syncs the caller waits for
 * @param recoveryListener   told of every log group replayed on open
 * @param readAheadPages     most pages a scan reads ahead in one go when it misses the buffer pool
 *                           (0 turns read-ahead off; at most 64, and at most an eighth of the pool
 *                           is used); since 0.7.0
 */
public record StorageOptions(
        long bufferPoolBytes,
        long walSegmentBytes,
        long checkpointWalBytes,
        FileChannelFactory channelFactory,
        IoWaitListener ioWaitListener,
        RecoveryListener recoveryListener,
        int readAheadPages) {

    /** Read-ahead window of {@link #defaults()}, in pages (256 KiB). */
    public static final int DEFAULT_READ_AHEAD_PAGES = 32;

    public StorageOptions {
        if (bufferPoolBytes < 16L * 8192) {
            throw new IllegalArgumentException("bufferPoolBytes must be at least 16 pages (131072), was " + bufferPoolBytes);
        }
        if (walSegmentBytes < 64L * 1024 || walSegmentBytes > 1L << 30) {
            throw new IllegalArgumentException("walSegmentBytes must be between 64 KiB and 1 GiB, was " + walSegmentBytes);
        }
        if (checkpointWalBytes <= 0) {
            throw new IllegalArgumentException("checkpointWalBytes must be positive, was " + checkpointWalBytes);
        }
        Objects.requireNonNull(channelFactory, "channelFactory");
        Objects.requireNonNull(ioWaitListener, "ioWaitListener");
        Objects.requireNonNull(recoveryListener, "recoveryListener");
        if (readAheadPages < 0 || readAheadPages > 64) {
            throw new IllegalArgumentException("readAheadPages must be between 0 and 64, was " + readAheadPages);
        }
    }

    /** The options of 0.6.0 and before, with the default read-ahead. */
    public StorageOptions(long bufferPoolBytes, long walSegmentBytes, long checkpointWalBytes,
            FileChannelFactory channelFactory, IoWaitListener ioWaitListener, RecoveryListener recoveryListener) {
        this(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, channelFactory, ioWaitListener, recoveryListener,
                DEFAULT_READ_AHEAD_PAGES);
    }

    /** 64 MiB pool, 16 MiB segments, a checkpoint every 256 MiB of log, 32 pages of read-ahead. */
    public static StorageOptions defaults() {
        return new StorageOptions(64L << 20, 16L << 20, 256L << 20, FileChannelFactory.DEFAULT,
                IoWaitListener.NONE, RecoveryListener.NONE, DEFAULT_READ_AHEAD_PAGES);
    }

    public StorageOptions withBufferPoolBytes(long bytes) {
        return new StorageOptions(bytes, walSegmentBytes, checkpointWalBytes, channelFactory, ioWaitListener, recoveryListener, readAheadPages);
    }

    public StorageOptions withWalSegmentBytes(long bytes) {
        return new StorageOptions(bufferPoolBytes, bytes, checkpointWalBytes, channelFactory, ioWaitListener, recoveryListener, readAheadPages);
    }

    public StorageOptions withCheckpointWalBytes(long bytes) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, bytes, channelFactory, ioWaitListener, recoveryListener, readAheadPages);
    }

    public StorageOptions withChannelFactory(FileChannelFactory factory) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, factory, ioWaitListener, recoveryListener, readAheadPages);
    }

    public StorageOptions withIoWaitListener(IoWaitListener listener) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, channelFactory, listener, recoveryListener, readAheadPages);
    }

    public StorageOptions withRecoveryListener(RecoveryListener listener) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, channelFactory, ioWaitListener, listener, readAheadPages);
    }

    /** Since 0.7.0: the scan read-ahead window in pages, 0 to turn read-ahead off. */
    public StorageOptions withReadAheadPages(int pages) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, channelFactory, ioWaitListener,
                recoveryListener, pages);
    }
}
