package io.cairn.storage.internal.page;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C of a page computed with its checksum field taken as zero, as stored at {@link PageLayout#CHECKSUM_OFFSET}. */
public final class PageChecksum {

    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);
    private static final byte[] ZEROS = new byte[4];

    private PageChecksum() {
    }

    public static int compute(ByteBuffer page) {
        CRC32C crc = CRC.get();
        crc.reset();
        ByteBuffer b = page.duplicate();
        b.limit(PageLayout.CHECKSUM_OFFSET).position(0);
        crc.update(b);
        crc.update(ZEROS, 0, 4);
        b.limit(PageLayout.PAGE_SIZE).position(PageLayout.CHECKSUM_OFFSET + 4);
        crc.update(b);
        return (int) crc.getValue();
    }

    /** Stores the page's checksum in its header. */
    public static void seal(ByteBuffer page) {
        page.putInt(PageLayout.CHECKSUM_OFFSET, compute(page));
    }

    public static boolean matches(ByteBuffer page) {
        return page.getInt(PageLayout.CHECKSUM_OFFSET) == compute(page);
    }
}
