package io.cairn.storage;

import java.util.Objects;

import io.cairn.storage.internal.io.FileChannelFactory;

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
 */
public record StorageOptions(
        long bufferPoolBytes,
        long walSegmentBytes,
        long checkpointWalBytes,
        FileChannelFactory channelFactory,
        IoWaitListener ioWaitListener,
        RecoveryListener recoveryListener) {

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
    }

    /** 64 MiB pool, 16 MiB segments, a checkpoint every 256 MiB of log. */
    public static StorageOptions defaults() {
        return new StorageOptions(64L << 20, 16L << 20, 256L << 20, FileChannelFactory.DEFAULT,
                IoWaitListener.NONE, RecoveryListener.NONE);
    }

    public StorageOptions withBufferPoolBytes(long bytes) {
        return new StorageOptions(bytes, walSegmentBytes, checkpointWalBytes, channelFactory, ioWaitListener, recoveryListener);
    }

    public StorageOptions withWalSegmentBytes(long bytes) {
        return new StorageOptions(bufferPoolBytes, bytes, checkpointWalBytes, channelFactory, ioWaitListener, recoveryListener);
    }

    public StorageOptions withCheckpointWalBytes(long bytes) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, bytes, channelFactory, ioWaitListener, recoveryListener);
    }

    public StorageOptions withChannelFactory(FileChannelFactory factory) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, factory, ioWaitListener, recoveryListener);
    }

    public StorageOptions withIoWaitListener(IoWaitListener listener) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, channelFactory, listener, recoveryListener);
    }

    public StorageOptions withRecoveryListener(RecoveryListener listener) {
        return new StorageOptions(bufferPoolBytes, walSegmentBytes, checkpointWalBytes, channelFactory, ioWaitListener, listener);
    }
}
