package io.cairn.storage.internal.page;

import java.nio.ByteBuffer;

/**
 * A pinned page in the buffer pool. While pinned it is not evicted; closing it unpins it.
 * The owner writes only bytes at or after {@link PageLayout#HEADER_SIZE} and calls
 * {@link #markDirty()} after changing them.
 */
public interface Page extends AutoCloseable {

    long pageNo();

    /** The whole page, {@link PageLayout#PAGE_SIZE} bytes; absolute get/put only. */
    ByteBuffer buffer();

    PageType type();

    void markDirty();

    @Override
    void close();
}
