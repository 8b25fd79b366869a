package io.cairn.storage.internal.store;

import java.nio.file.Path;

/**
 * A daemon thread that writes cold, already-logged dirty pages ahead of the clock so eviction
 * seldom has to, and runs the passive checkpoint once the log has grown past its threshold.
 */
final class BackgroundWriter implements Runnable {

    private static final long PERIOD_MS = 100;

    private final PageStore store;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean checkpointRequested;

    BackgroundWriter(PageStore store, Path dir) {
        this.store = store;
        this.thread = new Thread(this, "cairn-page-writer " + dir.getFileName());
        this.thread.setDaemon(true);
    }

    void start() {
        running = true;
        thread.start();
    }

    void requestCheckpoint() {
        if (!checkpointRequested) {
            checkpointRequested = true;
            synchronized (this) {
                notifyAll();
            }
        }
    }

    void stop() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            synchronized (this) {
                if (!checkpointRequested) {
                    try {
                        wait(PERIOD_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (!running || store.failed()) {
                continue;
            }
            try {
                if (checkpointRequested || store.walBytesSinceRedo() > store.checkpointWalBytes()) {
                    checkpointRequested = false;
                    store.checkpointInBackground();
                } else if (store.dirtyPages() > store.poolCapacity() / 4) {
                    store.writeColdPages();
                }
            } catch (RuntimeException e) {
                // A failed write leaves the page dirty; the next checkpoint or close reports the error.
            }
        }
    }
}
