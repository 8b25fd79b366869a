package io.cairn.txn.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.cairn.txn.CancelSignal;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.TableLockMode;
import io.cairn.txn.TransactionException;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEvents;

/**
 * The lock table: row locks (exclusive for writes and FOR UPDATE, shared for FOR SHARE) and
 * table locks (shared for DML, exclusive for DDL), granted first come first served, with
 * wait-for-graph deadlock detection. An upgrade (a holder asking for a stronger mode) queues
 * ahead of the waiters that wait for what it holds. A request that must wait looks for a cycle
 * at once and again every detection interval; the request that finds one (the one whose wait
 * closed it) is the victim, as in PostgreSQL (MVCC.md, "Lock queues and deadlocks"). One mutex
 * guards the table: lock calls are short and only waits sleep (on a per-request condition).
 */
final class LockManager {

    /** A lockable thing: a table ({@code key == null}) or a row of it. */
    static final class LockKey {
        final String table;
        final byte[] key;
        private final int hash;

        LockKey(String table, byte[] key) {
            this.table = table;
            this.key = key;
            this.hash = table.hashCode() * 31 + (key == null ? 0 : Arrays.hashCode(key));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LockKey k && k.hash == hash && k.table.equals(table) && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A lock request waiting in an entry's queue. */
    static final class Request {
        final LockOwner owner;
        final LockKey key;
        final TableLockMode mode;
        final Condition condition;
        final long sinceMillis;
        boolean granted;
        boolean victim;
        /** The other transactions of the cycle that made this request the victim. */
        List<Long> cycle;

        Request(LockOwner owner, LockKey key, TableLockMode mode, Condition condition) {
            this.owner = owner;
            this.key = key;
            this.mode = mode;
            this.condition = condition;
            this.sinceMillis = System.currentTimeMillis();
        }
    }

    /**
     * The holders and waiters of one lock. Most locks (a row an INSERT or UPDATE writes) only
     * ever have one holder and no waiter, so the first holder is kept in fields and the map of
     * further holders and the queue are made only when needed: a bulk insert takes one lock per
     * row. Holders keep the order they came in (the first is the one wait messages name).
     */
    static final class Entry {
        final LockKey key;
        private LockOwner owner0;
        private TableLockMode mode0;
        /** Holders after the first, in the order they came; null if there never were any. */
        private LinkedHashMap<LockOwner, TableLockMode> others;
        /** Waiters in order; null until the first waits. */
        ArrayDeque<Request> queue;

        Entry(LockKey key) {
            this.key = key;
        }

        TableLockMode mode(LockOwner owner) {
            if (owner == owner0) {
                return mode0;
            }
            return others == null ? null : others.get(owner);
        }

        void put(LockOwner owner, TableLockMode mode) {
            if (owner == owner0) {
                mode0 = mode;
            } else if (owner0 == null) { // no holder at all (others is empty then)
                owner0 = owner;
                mode0 = mode;
            } else {
                if (others == null) {
                    others = new LinkedHashMap<>(4);
                }
                others.put(owner, mode); // an upgrade keeps its place
            }
        }

        /** Removes the holder; returns its mode, or null if it held nothing. */
        TableLockMode remove(LockOwner owner) {
            if (owner != owner0) {
                return others == null ? null : others.remove(owner);
            }
            TableLockMode had = mode0;
            owner0 = null;
            mode0 = null;
            if (others != null && !others.isEmpty()) { // the next in line becomes the first
                Iterator<Map.Entry<LockOwner, TableLockMode>> it = others.entrySet().iterator();
                Map.Entry<LockOwner, TableLockMode> next = it.next();
                it.remove();
                owner0 = next.getKey();
                mode0 = next.getValue();
            }
            return had;
        }

        boolean noHolders() {
            return owner0 == null;
        }

        boolean noWaiters() {
            return queue == null || queue.isEmpty();
        }

        boolean unused() {
            return noHolders() && noWaiters();
        }

        ArrayDeque<Request> waiters() {
            if (queue == null) {
                queue = new ArrayDeque<>(2);
            }
            return queue;
        }

        /** The holders in order, with their modes (for the rare paths: waits, v$lock). */
        List<Map.Entry<LockOwner, TableLockMode>> holders() {
            List<Map.Entry<LockOwner, TableLockMode>> list = new ArrayList<>(2);
            if (owner0 != null) {
                list.add(Map.entry(owner0, mode0));
            }
            if (others != null) {
                list.addAll(others.entrySet());
            }
            return list;
        }
    }

    private final ReentrantLock mutex = new ReentrantLock();
    private final HashMap<LockKey, Entry> locks = new HashMap<>();
    private final WaitEventsImpl waitEvents;
    private final long detectionIntervalNanos;
    private long held;
    private long waits;
    private long deadlocks;
    private long timeouts;
    private long cancels;

    LockManager(WaitEventsImpl waitEvents, long detectionIntervalNanos) {
        this.waitEvents = waitEvents;
        this.detectionIntervalNanos = detectionIntervalNanos;
    }

    /**
     * Grants the lock, waiting up to {@code timeoutNanos}. Throws 40P01 if the caller is chosen
     * as a deadlock victim and 55P03 on timeout; the caller then rolls its transaction back.
     */
    void acquire(LockOwner owner, LockKey key, TableLockMode mode, long timeoutNanos) {
        mutex.lock();
        try {
            Entry entry = locks.computeIfAbsent(key, Entry::new);
            TableLockMode had = entry.mode(owner);
            if (had == TableLockMode.EXCLUSIVE || had == mode) {
                return;
            }
            if ((entry.noWaiters() || had != null) && compatible(entry, owner, mode)) {
                grant(entry, owner, key, mode, had);
                return;
            }
            waitFor(entry, new Request(owner, key, mode, mutex.newCondition()), had, timeoutNanos);
        } finally {
            mutex.unlock();
        }
    }

    /** Grants the lock only if that needs no wait (an upgrade of a held lock, as in acquire, may pass the queue). */
    boolean tryAcquire(LockOwner owner, LockKey key, TableLockMode mode) {
        mutex.lock();
        try {
            Entry entry = locks.computeIfAbsent(key, Entry::new);
            TableLockMode had = entry.mode(owner);
            if (had == TableLockMode.EXCLUSIVE || had == mode) {
                return true;
            }
            if ((entry.noWaiters() || had != null) && compatible(entry, owner, mode)) {
                grant(entry, owner, key, mode, had);
                return true;
            }
            if (entry.unused()) {
                locks.remove(key);
            }
            return false;
        } finally {
            mutex.unlock();
        }
    }

    void releaseAll(LockOwner owner) {
        mutex.lock();
        try {
            for (Entry entry : owner.held) {
                if (entry.remove(owner) == null) {
                    continue;
                }
                held--;
                if (entry.unused()) {
                    locks.remove(entry.key);
                } else {
                    grantWaiters(entry);
                }
            }
            owner.held.clear();
        } finally {
            mutex.unlock();
        }
    }

    /** Releases one lock (the garbage collector's row locks). */
    void release(LockOwner owner, LockKey key) {
        mutex.lock();
        try {
            Entry entry = locks.get(key);
            if (entry != null && entry.remove(owner) != null) {
                held--;
                owner.held.remove(entry);
                if (entry.unused()) {
                    locks.remove(key);
                } else {
                    grantWaiters(entry);
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    private void waitFor(Entry entry, Request request, TableLockMode had, long timeoutNanos) {
        LockOwner owner = request.owner;
        enqueue(entry, request, had);
        owner.waiting = request;
        waits++;
        boolean row = request.key.key != null;
        String event = row ? WaitEvents.ROW_LOCK : WaitEvents.TABLE_LOCK;
        SessionImpl session = owner.session;
        List<LockOwner> firstBlockers = blockers(request);
        if (session != null) {
            session.beginWait(event, WaitClass.APPLICATION, firstBlockers.isEmpty() ? 0 : firstBlockers.get(0).sessionId());
        }
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        // the statement's cancel signal: a cancel wakes this wait at once; its deadline (the
        // statement timeout) ends the wait with 57014 when it comes before the lock timeout
        CancelSignal signal = session == null ? null : session.cancelSignal();
        boolean statementDeadline = false;
        CancelSignal.Registration wake = null;
        if (signal != null) {
            if (signal.deadlineNanos() != 0 && signal.deadlineNanos() - deadline < 0) {
                deadline = signal.deadlineNanos();
                statementDeadline = true;
            }
            Condition condition = request.condition;
            wake = signal.onCancel(() -> {
                mutex.lock();
                try {
                    condition.signal();
                } finally {
                    mutex.unlock();
                }
            });
        }
        try {
            detectDeadlock(request);
            while (!request.granted) {
                if (request.victim) {
                    throw new TransactionException(TransactionException.DEADLOCK_DETECTED, "deadlock detected: transaction "
                            + owner.txnId + " waiting for " + describe(request.key) + " would wait for itself through "
                            + "transaction(s) " + request.cycle + "; it is the victim");
                }
                if (signal != null && signal.isCancelled()) {
                    cancels++;
                    throw signal.cancelled(waitingFor(request, firstBlockers));
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    if (statementDeadline) {
                        cancels++;
                        throw signal.cancelled(waitingFor(request, firstBlockers));
                    }
                    timeouts++;
                    throw new TransactionException(TransactionException.LOCK_NOT_AVAILABLE, "lock timeout: transaction "
                            + owner.txnId + " waited " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms for "
                            + describe(request.key) + " held by transaction(s) " + txnIds(blockers(request)));
                }
                try {
                    request.condition.awaitNanos(Math.min(remaining, detectionIntervalNanos));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransactionException(TransactionException.LOCK_NOT_AVAILABLE,
                            "lock wait interrupted for " + describe(request.key));
                }
                if (!request.granted && !request.victim) {
                    detectDeadlock(request);
                }
            }
        } finally {
            if (wake != null) {
                wake.close();
            }
            owner.waiting = null;
            if (!request.granted) {
                // leaves the queue (and so the wait-for graph and v$lock); whoever queued behind it may go now
                entry.queue.remove(request);
                if (entry.unused()) {
                    locks.remove(request.key);
                } else {
                    grantWaiters(entry);
                }
            }
            long nanos = System.nanoTime() - start;
            waitEvents.record(event, WaitClass.APPLICATION, nanos);
            if (session != null) {
                session.clearWait();
            }
        }
    }

    /** "waiting for a row lock of t held by session 7": the detail of a cancelled wait's message. */
    private String waitingFor(Request request, List<LockOwner> firstBlockers) {
        List<LockOwner> now = blockers(request);
        List<LockOwner> shown = now.isEmpty() ? firstBlockers : now;
        StringBuilder sb = new StringBuilder("waiting for ")
                .append(request.key.key == null ? request.mode.name() + " lock on table " + request.key.table
                        : "a row lock of table " + request.key.table);
        if (!shown.isEmpty()) {
            sb.append(" held by ");
            for (int i = 0; i < shown.size(); i++) {
                LockOwner o = shown.get(i);
                sb.append(i == 0 ? "" : ", ").append(o.sessionId() != 0 ? "session " + o.sessionId() : "transaction " + o.txnId);
            }
        }
        return sb.toString();
    }

    /**
     * Queues {@code request} last, or, for an upgrade of a held lock ({@code had}), just ahead of
     * the first waiter whose mode conflicts with {@code had}. That waiter (and every conflicting
     * one behind it) waits for the holder anyway, so the upgrade waits only for the other holders;
     * queued behind it, the upgrade would deadlock with it (PostgreSQL's ProcSleep does the same).
     */
    private static void enqueue(Entry entry, Request request, TableLockMode had) {
        ArrayDeque<Request> queue = entry.waiters();
        if (had == null || queue.isEmpty()) {
            queue.addLast(request);
            return;
        }
        ArrayDeque<Request> reordered = new ArrayDeque<>(queue.size() + 1);
        boolean placed = false;
        for (Request r : queue) {
            if (!placed && (had == TableLockMode.EXCLUSIVE || r.mode == TableLockMode.EXCLUSIVE)) {
                reordered.addLast(request);
                placed = true;
            }
            reordered.addLast(r);
        }
        if (!placed) {
            reordered.addLast(request);
        }
        queue.clear();
        queue.addAll(reordered);
    }

    private static String describe(LockKey key) {
        return key.key == null ? "table " + key.table : "a row of " + key.table;
    }

    private static List<Long> txnIds(List<LockOwner> owners) {
        List<Long> ids = new ArrayList<>(owners.size());
        for (LockOwner o : owners) {
            ids.add(o.txnId);
        }
        return ids;
    }

    private void grant(Entry entry, LockOwner owner, LockKey key, TableLockMode mode, TableLockMode had) {
        entry.put(owner, mode);
        if (had == null) {
            owner.held.add(entry);
            held++;
        }
    }

    private static boolean compatible(Entry entry, LockOwner owner, TableLockMode mode) {
        if (entry.owner0 != null && entry.owner0 != owner
                && (mode == TableLockMode.EXCLUSIVE || entry.mode0 == TableLockMode.EXCLUSIVE)) {
            return false;
        }
        if (entry.others != null) {
            for (Map.Entry<LockOwner, TableLockMode> h : entry.others.entrySet()) {
                if (h.getKey() != owner && (mode == TableLockMode.EXCLUSIVE || h.getValue() == TableLockMode.EXCLUSIVE)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void grantWaiters(Entry entry) {
        if (entry.queue == null) {
            return;
        }
        Iterator<Request> it = entry.queue.iterator();
        while (it.hasNext()) {
            Request r = it.next();
            if (r.victim) {
                continue;
            }
            if (!compatible(entry, r.owner, r.mode)) {
                return;
            }
            it.remove();
            grant(entry, r.owner, r.key, r.mode, entry.mode(r.owner));
            r.granted = true;
            r.condition.signal();
        }
    }

    /** Owners whose locks (held, or queued ahead) keep {@code request} waiting. */
    private List<LockOwner> blockers(Request request) {
        Entry entry = locks.get(request.key);
        List<LockOwner> result = new ArrayList<>(2);
        if (entry == null) {
            return result;
        }
        for (Map.Entry<LockOwner, TableLockMode> h : entry.holders()) {
            if (h.getKey() != request.owner
                    && (request.mode == TableLockMode.EXCLUSIVE || h.getValue() == TableLockMode.EXCLUSIVE)) {
                result.add(h.getKey());
            }
        }
        for (Request r : entry.waiters()) {
            if (r == request) {
                break;
            }
            if (r.owner != request.owner && !r.victim && !result.contains(r.owner)
                    && (request.mode == TableLockMode.EXCLUSIVE || r.mode == TableLockMode.EXCLUSIVE)) {
                result.add(r.owner);
            }
        }
        return result;
    }

    /**
     * Looks for a wait-for cycle through {@code request}; if there is one, {@code request} is the
     * victim. A cycle can only form when a request starts to wait (a grant, a release or a
     * leaving waiter only removes edges; an upgrade queued ahead of others adds edges into its own
     * request), so the check every request makes at once finds every cycle, and the request whose
     * wait closed it is the victim: the same transaction whatever the ages of the others, and the
     * one that asked last. The periodic re-check is a safety net with the same rule (the waiter
     * that finds a cycle gives up), as PostgreSQL's deadlock check does.
     */
    private void detectDeadlock(Request request) {
        List<LockOwner> path = new ArrayList<>();
        path.add(request.owner);
        if (!search(request.owner, request.owner, path, new HashSet<>())) {
            return;
        }
        deadlocks++;
        request.victim = true;
        request.cycle = txnIds(path.subList(1, path.size()));
        // the caller throws; its request leaves the queue, which grants whoever it blocked
    }

    private boolean search(LockOwner start, LockOwner node, List<LockOwner> path, Set<LockOwner> visited) {
        Request waiting = node.waiting;
        if (waiting == null || waiting.granted || waiting.victim) {
            return false;
        }
        for (LockOwner b : blockers(waiting)) {
            if (b == start) {
                return true;
            }
            if (visited.add(b)) {
                path.add(b);
                if (search(start, b, path, visited)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    /** Lock waits ended by a cancel signal or a statement deadline since the database opened. */
    long cancels() {
        mutex.lock();
        try {
            return cancels;
        } finally {
            mutex.unlock();
        }
    }

    LockSnapshot snapshot() {
        mutex.lock();
        try {
            List<LockSnapshot.Held> heldList = new ArrayList<>();
            List<LockSnapshot.Waiter> waiterList = new ArrayList<>();
            for (Map.Entry<LockKey, Entry> e : locks.entrySet()) {
                LockKey k = e.getKey();
                byte[] key = k.key == null ? null : k.key.clone();
                for (Map.Entry<LockOwner, TableLockMode> h : e.getValue().holders()) {
                    heldList.add(new LockSnapshot.Held(k.table, key, h.getValue().name(), h.getKey().txnId,
                            h.getKey().sessionId()));
                }
                for (Request r : e.getValue().noWaiters() ? List.<Request>of() : e.getValue().queue) {
                    List<LockOwner> blockers = blockers(r);
                    List<Long> sessions = new ArrayList<>();
                    for (LockOwner b : blockers) {
                        sessions.add(b.sessionId());
                    }
                    waiterList.add(new LockSnapshot.Waiter(k.table, key, r.mode.name(), r.owner.txnId,
                            r.owner.sessionId(), Instant.ofEpochMilli(r.sinceMillis), txnIds(blockers), sessions));
                }
            }
            return new LockSnapshot(heldList, waiterList, held, waits, deadlocks, timeouts);
        } finally {
            mutex.unlock();
        }
    }
}
