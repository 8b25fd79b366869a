package io.cairn.txn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The waits one session finished while a tally was attached to it ({@link Session#tallyWaits}):
 * the SQL layer attaches one per statement to report the statement's wait time by event. Written
 * by the session's own thread only; read it on that thread after detaching it.
 */
public final class WaitTally {

    // allocated at the first wait: most statements wait for nothing
    private String[] events;
    private WaitClass[] classes;
    private long[] nanos;
    private int size;

    /** Adds one finished wait. */
    public void add(String event, WaitClass waitClass, long waitNanos) {
        for (int i = 0; i < size; i++) {
            if (events[i].equals(event)) {
                nanos[i] += waitNanos;
                return;
            }
        }
        if (events == null) {
            events = new String[4];
            classes = new WaitClass[4];
            nanos = new long[4];
        } else if (size == events.length) {
            events = java.util.Arrays.copyOf(events, size * 2);
            classes = java.util.Arrays.copyOf(classes, size * 2);
            nanos = java.util.Arrays.copyOf(nanos, size * 2);
        }
        events[size] = event;
        classes[size] = waitClass;
        nanos[size++] = waitNanos;
    }

    /** Forgets every wait (keeps its arrays), so one tally serves statement after statement. Since 0.6.0. */
    public void clear() {
        if (size > 0) {
            java.util.Arrays.fill(events, 0, size, null);
            java.util.Arrays.fill(classes, 0, size, null);
            size = 0;
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Wait time of every event waited for, in nanoseconds, in the order first waited for. */
    public Map<String, Long> nanosByEvent() {
        if (size == 0) {
            return Map.of();
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(events[i], nanos[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Wait time of every event together, in nanoseconds. Since 0.6.0. */
    public long totalNanos() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += nanos[i];
        }
        return sum;
    }

    /** Wait time of one event, in nanoseconds. */
    public long nanos(String event) {
        for (int i = 0; i < size; i++) {
            if (events[i].equals(event)) {
                return nanos[i];
            }
        }
        return 0;
    }

    /** Wait time of the events of one class, in nanoseconds. */
    public long nanos(WaitClass waitClass) {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            if (classes[i] == waitClass) {
                sum += nanos[i];
            }
        }
        return sum;
    }

    /** Time spent waiting for row and table locks ({@link WaitEvents#ROW_LOCK}, {@link WaitEvents#TABLE_LOCK}). */
    public long lockWaitNanos() {
        return nanos(WaitEvents.ROW_LOCK) + nanos(WaitEvents.TABLE_LOCK);
    }
}
