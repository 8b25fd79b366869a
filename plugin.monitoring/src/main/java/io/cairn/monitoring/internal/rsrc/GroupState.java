package io.cairn.monitoring.internal.rsrc;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.cairn.sql.instrument.StatementHandle;

/**
 * What a resource group is doing: its statement slots with their FIFO queue, open sessions and
 * cumulative counters. Outlives reconfigurations of the group (the limits are read at each use).
 */
final class GroupState {

    volatile ResourceGroup group;
    final AtomicInteger sessions = new AtomicInteger();
    final LongAdder admitted = new LongAdder();
    final LongAdder queued = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder terminated = new LongAdder();
    final LongAdder overLimit = new LongAdder();
    final LongAdder statements = new LongAdder();
    final LongAdder cpuNanos = new LongAdder();

    /** Per-user quotas, by lower-cased user name. */
    final java.util.concurrent.ConcurrentHashMap<String, UserQuota> users = new java.util.concurrent.ConcurrentHashMap<>();

    UserQuota user(String name) {
        return users.computeIfAbsent(name == null ? "" : name.toLowerCase(java.util.Locale.ROOT), n -> new UserQuota());
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting statements, first come first served: a newcomer never overtakes the queue. */
    private final ArrayDeque<Object> waiters = new ArrayDeque<>();
    private int active;

    /**
     * Takes a statement slot under {@code g}'s limit and policy; returns null when taken, or the
     * reason the statement is refused.
     */
    String acquire(ResourceGroup g, StatementHandle h) {
        int max = g.maxConcurrentStatements();
        lock.lock();
        try {
            if (active < max && waiters.isEmpty()) {
                active++;
                return null;
            }
            switch (g.concurrencyPolicy()) {
                case ALLOW -> {
                    active++;
                    overLimit.increment();
                    org.slf4j.LoggerFactory.getLogger(ResourceManager.class).info(
                            "resource group '{}': statement of session {} runs over max.concurrent.statements {} ({} running); allowed by concurrency.policy=allow",
                            g.name(), h.sessionId(), max, active);
                    return null;
                }
                case REJECT -> {
                    return "resource group '" + g.name() + "' allows at most " + max
                            + " concurrent statements (max.concurrent.statements) and all are running";
                }
                default -> {
                    return queue(g, max);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held: waits in line for a slot, at most the group's max.queue.wait.ms. */
    private String queue(ResourceGroup g, int max) {
        Object me = new Object();
        waiters.addLast(me);
        queued.increment();
        long left = TimeUnit.MILLISECONDS.toNanos(g.maxQueueWaitMillis());
        try {
            while (!(active < max && waiters.peekFirst() == me)) {
                if (left <= 0) {
                    return "resource group '" + g.name() + "' allows at most " + max
                            + " concurrent statements (max.concurrent.statements); the statement waited "
                            + g.maxQueueWaitMillis() + " ms in its queue (max.queue.wait.ms) without a free slot";
                }
                left = changed.awaitNanos(left);
            }
            active++;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while queued in resource group '" + g.name() + "'";
        } finally {
            waiters.remove(me);
            changed.signalAll(); // the next in line may be able to go now
        }
    }

    void release() {
        lock.lock();
        try {
            active--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }

    int queuedNow() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }
}
