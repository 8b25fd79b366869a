package io.cairn.txn.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.cairn.storage.IoWaitListener;
import io.cairn.storage.StorageWaitEvent;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEventStats;
import io.cairn.txn.WaitEvents;

/**
 * Cumulative wait-event counters, and the storage's I/O wait hook: a storage wait lands on the
 * session bound to the waiting thread (see {@link SessionImpl#bind}) and in the counters.
 */
public final class WaitEventsImpl implements WaitEvents, IoWaitListener {

    private static final class Counter {
        final WaitClass waitClass;
        final LongAdder waits = new LongAdder();
        final LongAdder nanos = new LongAdder();

        Counter(WaitClass waitClass) {
            this.waitClass = waitClass;
        }
    }

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    /** Adds one finished wait. */
    public void record(String event, WaitClass waitClass, long nanos) {
        Counter c = counters.get(event);
        if (c == null) {
            c = counters.computeIfAbsent(event, e -> new Counter(waitClass));
        }
        c.waits.increment();
        c.nanos.add(nanos);
    }

    @Override
    public List<WaitEventStats> snapshot() {
        List<WaitEventStats> list = new ArrayList<>(counters.size());
        counters.forEach((name, c) -> list.add(new WaitEventStats(name, c.waitClass, c.waits.sum(), c.nanos.sum())));
        list.sort(Comparator.comparing(WaitEventStats::event));
        return list;
    }

    @Override
    public WaitEventStats event(String name) {
        Counter c = counters.get(name);
        return c == null ? null : new WaitEventStats(name, c.waitClass, c.waits.sum(), c.nanos.sum());
    }

    @Override
    public void beginWait(StorageWaitEvent event) {
        SessionImpl s = SessionImpl.current();
        if (s != null) {
            s.beginWait(event.eventName(), WaitClass.ofDisplayName(event.waitClass()), 0);
        }
    }

    @Override
    public void endWait(StorageWaitEvent event, long nanos) {
        record(event.eventName(), WaitClass.ofDisplayName(event.waitClass()), nanos);
        SessionImpl s = SessionImpl.current();
        if (s != null) {
            s.clearWait();
        }
    }
}
