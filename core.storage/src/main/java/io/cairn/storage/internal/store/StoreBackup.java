package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;

import io.cairn.storage.BackupSession;
import io.cairn.storage.StorageException;
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
                    img = readStable(p);
                    lsn = img.getLong(PageLayout.LSN_OFFSET);
                }
                consumer.accept(p, lsn, img.asReadOnlyBuffer());
            }
        }
    }

    /** The file's copy of a page that is not cached; a read torn by a concurrent write is retried. */
    private ByteBuffer readStable(long pageNo) {
        for (int attempt = 0; attempt < 100; attempt++) {
            ByteBuffer b = store.readPageForBackup(pageNo);
            if (b != null) {
                return b;
            }
            ByteBuffer[] one = new ByteBuffer[1];
            store.copyLoggedImages(pageNo, pageNo + 1, one);
            if (one[0] != null) {
                return one[0];
            }
            Thread.onSpinWait();
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
