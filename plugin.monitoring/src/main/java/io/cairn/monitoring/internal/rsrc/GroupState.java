package io.cairn.monitoring.internal.rsrc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
    final LongAdder throttled = new LongAdder();

    /** Per-user quotas, by lower-cased user name. */
    final java.util.concurrent.ConcurrentHashMap<String, UserQuota> users = new java.util.concurrent.ConcurrentHashMap<>();

    UserQuota user(String name) {
        return users.computeIfAbsent(name == null ? "" : name.toLowerCase(java.util.Locale.ROOT), n -> new UserQuota());
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Statements waiting in the kernel's queue for this group, first come first served: a newcomer never overtakes them. */
    private final ArrayDeque<StatementHandle> waiters = new ArrayDeque<>();
    private int active;

    /** What asking for a statement slot gave. */
    enum Slot {
        /** The statement holds a slot and runs. */
        TAKEN,
        /** The statement is in the queue: the kernel waits until {@link #release} grants it a slot. */
        QUEUED,
        /** Refused under concurrency.policy=reject. */
        REFUSED
    }

    /** Takes a statement slot under {@code g}'s limit and policy, or queues {@code h}, or refuses. */
    Slot acquire(ResourceGroup g, StatementHandle h) {
        int max = g.maxConcurrentStatements();
        lock.lock();
        try {
            if (active < max && waiters.isEmpty()) {
                active++;
                return Slot.TAKEN;
            }
            switch (g.concurrencyPolicy()) {
                case ALLOW -> {
                    active++;
                    overLimit.increment();
                    org.slf4j.LoggerFactory.getLogger(ResourceManager.class).info(
                            "resource group '{}': statement of session {} runs over max.concurrent.statements {} ({} running); allowed by concurrency.policy=allow",
                            g.name(), h.sessionId(), max, active);
                    return Slot.TAKEN;
                }
                case REJECT -> {
                    return Slot.REFUSED;
                }
                default -> {
                    waiters.addLast(h);
                    queued.increment();
                    return Slot.QUEUED;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A queued statement gave up (cancelled, killed, timed out): it leaves the line. */
    void abandoned(StatementHandle h) {
        lock.lock();
        try {
            waiters.remove(h);
        } finally {
            lock.unlock();
        }
    }

    /** A running statement gave its slot back; returns the queued statements granted a slot now. */
    List<StatementHandle> release() {
        lock.lock();
        try {
            active--;
            return grantWaiting();
        } finally {
            lock.unlock();
        }
    }

    /** Grants slots to the head of the queue while the group's (current) limit allows; call with the lock held or via {@link #limitChanged}. */
    private List<StatementHandle> grantWaiting() {
        List<StatementHandle> granted = new ArrayList<>();
        ResourceGroup g = group;
        int max = g == null ? 0 : g.maxConcurrentStatements();
        while (!waiters.isEmpty() && (active < max || max == 0)) {
            StatementHandle next = waiters.pollFirst();
            if (next.grant()) { // false: it gave up at this very moment; its queueAbandoned finds it gone
                active++;
                granted.add(next);
            }
        }
        return granted;
    }

    /** The group was reconfigured: a raised (or removed) limit lets queued statements go now. */
    List<StatementHandle> limitChanged() {
        lock.lock();
        try {
            return grantWaiting();
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
