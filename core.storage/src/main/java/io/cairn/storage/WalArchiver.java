package io.cairn.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives each closed write-ahead-log segment before it is recycled, so a backup can keep
 * the redo needed for point-in-time restore. The segment file must be copied before this
 * returns; throwing keeps the segment (it is offered again at the next checkpoint).
 */
@ConsumerType
public interface WalArchiver {

    /**
     * @param segment  the closed segment file, read-only for the archiver
     * @param firstLsn LSN of the first byte the segment holds
     * @param endLsn   LSN just past the last record in the segment
     */
    void archive(Path segment, long firstLsn, long endLsn) throws IOException;
}
