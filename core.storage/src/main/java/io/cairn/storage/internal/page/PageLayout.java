package io.cairn.storage.internal.page;

/**
 * Geometry of a page and its common header. Bytes {@code [0, HEADER_SIZE)} of every page belong
 * to the page store (type, checksum, LSN); the rest belongs to the page's owner (a B+tree node,
 * an overflow chunk, the free list). See FORMAT.md.
 */
public final class PageLayout {

    public static final int PAGE_SIZE = 8192;

    /** Byte offset of the page type code. */
    public static final int TYPE_OFFSET = 0;
    /** Byte offset of the CRC32C over the page with this field zeroed. */
    public static final int CHECKSUM_OFFSET = 4;
    /** Byte offset of the LSN of the WAL record that last logged this page. */
    public static final int LSN_OFFSET = 8;
    /** First byte the page's owner may use. */
    public static final int HEADER_SIZE = 16;

    private PageLayout() {
    }
}
