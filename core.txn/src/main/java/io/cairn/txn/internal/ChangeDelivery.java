package io.cairn.txn.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.txn.ChangeEvent;
import io.cairn.txn.ChangeListener;

/**
 * Delivers committed transactions to one {@link ChangeListener} on its own daemon thread through
 * a bounded queue. Offering never blocks: when the queue is full the transaction is dropped and
 * counted, and the next delivered transaction is preceded by {@code onEventsLost}.
 */
final class ChangeDelivery {

    private record Batch(List<ChangeEvent> events, long lostFrom, long lostTo) {
    }

    private static final System.Logger LOG = System.getLogger(ChangeDelivery.class.getName());

    final ChangeListener listener;
    private final ArrayBlockingQueue<Batch> queue;
    private final Thread thread;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private long lostFrom = -1;
    private long lostTo = -1;
    private volatile boolean running = true;

    ChangeDelivery(ChangeListener listener, int capacity) {
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "cairn-change-listener-" + listener.getClass().getSimpleName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by one committer at a time, in SCN order. */
    void offer(List<ChangeEvent> events, long scn) {
        Batch b = new Batch(events, lostFrom, lostTo);
        if (queue.offer(b)) {
            lostFrom = -1;
            lostTo = -1;
        } else {
            dropped.incrementAndGet();
            if (lostFrom < 0) {
                lostFrom = scn;
            }
            lostTo = scn;
        }
    }

    private void run() {
        while (running) {
            Batch b;
            try {
                b = queue.take();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            try {
                if (b.lostFrom >= 0) {
                    listener.onEventsLost(b.lostFrom, b.lostTo);
                }
                listener.onCommit(b.events);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "change listener " + listener + " failed", e);
            }
            delivered.incrementAndGet();
        }
    }

    void stop() {
        running = false;
        thread.interrupt();
    }
}
