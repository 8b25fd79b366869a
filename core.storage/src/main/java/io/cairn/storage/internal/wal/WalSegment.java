package io.cairn.storage.internal.wal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One segment file of the log: the bytes of LSNs {@code [firstLsn, next segment's firstLsn)}.
 * Only the segment being written (and closed ones not yet forced) hold an open channel.
 */
final class WalSegment {

    final long firstLsn;
    final Path path;
    /** Write channel; touched only by the thread holding flush leadership. */
    FileChannel channel;
    /** Written since the last force; leader-only. */
    boolean dirty;

    WalSegment(long firstLsn, Path path, FileChannel channel) {
        this.firstLsn = firstLsn;
        this.path = path;
        this.channel = channel;
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
