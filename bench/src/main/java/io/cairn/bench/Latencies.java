package io.cairn.bench;

import java.util.Arrays;

/** Latencies recorded per thread (nanoseconds), merged and sorted, and their percentiles in milliseconds. */
public final class Latencies {

    private final long[] sorted;

    private Latencies(long[] sorted) {
        this.sorted = sorted;
    }

    /** Merges the first {@code counts[t]} entries of each thread's array. */
    public static Latencies merge(long[][] perThread, int[] counts) {
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < counts.length; t++) {
            System.arraycopy(perThread[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Latencies(all);
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code q} quantile (0.5 = median) in milliseconds; 0 when nothing was recorded. */
    public double millis(double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }
}
