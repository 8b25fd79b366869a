package io.cairn.monitoring.internal.rsrc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user's use of its group's per-user quotas: open sessions, and statements over the last hour
 * counted in 60 one-minute buckets (a sliding hour, exact to the minute).
 */
final class UserQuota {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    final AtomicInteger sessions = new AtomicInteger();
    private final long[] buckets = new long[60];
    private final long[] bucketMinute = new long[60];

    /**
     * Counts one statement at {@code nowNanos} if fewer than {@code limit} ran in the last hour
     * (limit 0 = no limit) and returns true; otherwise counts nothing and returns false.
     */
    synchronized boolean tryCount(long nowNanos, long limit) {
        long minute = Math.floorDiv(nowNanos, MINUTE_NANOS);
        int slot = (int) Math.floorMod(minute, 60L);
        if (bucketMinute[slot] != minute) {
            bucketMinute[slot] = minute;
            buckets[slot] = 0;
        }
        if (limit > 0 && lastHour(minute) >= limit) {
            return false;
        }
        buckets[slot]++;
        return true;
    }

    /** Statements counted in the hour before {@code nowNanos}. */
    synchronized long statementsLastHour(long nowNanos) {
        return lastHour(Math.floorDiv(nowNanos, MINUTE_NANOS));
    }

    private long lastHour(long minute) {
        long n = 0;
        for (int i = 0; i < 60; i++) {
            if (minute - bucketMinute[i] < 60) {
                n += buckets[i];
            }
        }
        return n;
    }
}
