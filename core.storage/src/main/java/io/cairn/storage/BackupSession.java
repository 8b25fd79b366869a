package io.cairn.storage;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A page-level backup in progress. While open, no write-ahead-log segment at or after
 * {@link #startLsn()} is recycled, so the pages read plus the log from {@code startLsn} restore a
 * consistent database. Closing it lets recycling resume.
 */
@ProviderType
public interface BackupSession extends AutoCloseable {

    /** Receives one page: its number, the LSN of the log group that last logged it, and its image. */
    @ConsumerType
    @FunctionalInterface
    interface PageConsumer {
        void accept(long pageNo, long pageLsn, ByteBuffer readOnlyImage);
    }

    /** Redo starts here for a restore from this backup's pages. */
    long startLsn();

    /**
     * Offers every allocated page (page 0, the file header, first) with an image that has been
     * logged; writers are held up for at most one log point at a time.
     */
    void forEachPage(PageConsumer consumer);

    @Override
    void close();
}
