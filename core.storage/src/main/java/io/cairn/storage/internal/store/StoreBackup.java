package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;

import io.cairn.storage.BackupSession;
import io.cairn.storage.StorageException;
import io.cairn.storage.internal.buffer.BufferPool;
import io.cairn.storage.internal.page.PageLayout;

/** A page-level backup of a {@link PageStore}; keeps log segments from {@link #startLsn()} until closed. */
final class StoreBackup implements BackupSession {

    private static final int BATCH = 64;

    private final PageStore store;
    private final long startLsn;
    private volatile boolean closed;

    StoreBackup(PageStore store, long startLsn) {
        this.store = store;
        this.startLsn = startLsn;
    }

    @Override
    public long startLsn() {
        return startLsn;
    }

    @Override
    public void forEachPage(PageConsumer consumer) {
        if (closed) {
            throw new IllegalStateException("backup session is closed");
        }
        store.checkOpen();
        ByteBuffer header = store.readHeaderPage();
        consumer.accept(0, 0, header.asReadOnlyBuffer());
        long count = store.pageCount();
        ByteBuffer[] images = new ByteBuffer[BATCH];
        for (long from = 1; from < count; from += BATCH) {
            long to = Math.min(count, from + BATCH);
            long[] lsns = store.copyLoggedImages(from, to, images);
            for (long p = from; p < to; p++) {
                int i = (int) (p - from);
                ByteBuffer img = images[i];
                long lsn = lsns[i];
                if (img == null) {
                    img = imageOf(p);
                    lsn = img.getLong(PageLayout.LSN_OFFSET);
                }
                consumer.accept(p, lsn, img.asReadOnlyBuffer());
            }
        }
    }

    /**
     * A page's latest logged image: from the pool if resident, else from the file, which holds
     * the latest image of a page that is not resident. A page in the middle of being evicted is
     * waited for (the file may still hold an older image), and a read torn by a concurrent write
     * is retried.
     */
    private ByteBuffer imageOf(long pageNo) {
        ByteBuffer[] one = new ByteBuffer[1];
        for (int attempt = 0; attempt < 100_000; attempt++) {
            long r = store.copyLoggedImages(pageNo, pageNo + 1, one)[0];
            if (one[0] != null) {
                return one[0];
            }
            if (r != BufferPool.BUSY) {
                ByteBuffer b = store.readPageForBackup(pageNo);
                if (b != null) {
                    return b;
                }
            }
            Thread.yield();
        }
        throw new StorageException("backup could not read a consistent image of page " + pageNo);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.endBackup(this);
        }
    }
}
