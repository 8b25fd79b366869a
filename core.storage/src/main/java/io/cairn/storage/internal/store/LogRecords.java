package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;

import io.cairn.storage.internal.page.PageLayout;

/** The write-ahead-log record types the page store writes, and their payloads. See FORMAT.md. */
final class LogRecords {

    /** pageNo:long, then the page's full 8 KiB after-image. */
    static final byte PAGE_IMAGE = 1;
    /** groupStartLsn:long, pageCount:int, then the caller's payload. Ends a log group. */
    static final byte GROUP_END = 2;
    /**
     * pageNo:long, baseLsn:long, resultCrc:int, then runs of offset:u16, length:u16, bytes: what
     * changed since the page's previous record. See {@link PageDelta}.
     */
    static final byte PAGE_DELTA = 3;

    static final int IMAGE_PAYLOAD = 8 + PageLayout.PAGE_SIZE;
    static final int GROUP_END_HEADER = 12;

    private LogRecords() {
    }

    static byte[] groupEnd(long groupStart, int pages, byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        ByteBuffer b = ByteBuffer.allocate(GROUP_END_HEADER + n);
        b.putLong(groupStart).putInt(pages);
        if (n > 0) {
            b.put(payload);
        }
        return b.array();
    }
}
