package io.cairn.storage.internal.buffer;

import java.nio.ByteBuffer;

import io.cairn.storage.internal.page.PageLayout;

/** A consistent, already-logged image of a dirty page, copied so it can be written without holding any latch. */
public final class PageCopy {

    final ByteBuffer bytes = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
    Frame frame;
    long pageNo;
    long logVersion;
    long pageLsn;

    public long pageNo() {
        return pageNo;
    }

    public long pageLsn() {
        return pageLsn;
    }

    public ByteBuffer bytes() {
        return bytes;
    }
}
