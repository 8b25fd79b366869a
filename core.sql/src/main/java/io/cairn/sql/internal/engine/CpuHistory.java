package io.cairn.sql.internal.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * When the statements of one SQL text read the thread CPU clock. The clock is a system call
 * ({@code CLOCK_THREAD_CPUTIME_ID}): about 0.1 µs on bare metal, but 1 to 3 µs a read on the
 * virtual machines bench/ ran on (bench/README.md, "Instrumentation overhead") — two reads cost
 * more than a whole point select. So a text whose last execution ran shorter than
 * {@link #SHORT_FACTOR} times the clock's cost reads it on one execution in {@link #SAMPLE_EVERY}
 * only, and reports elapsed time minus its waits for the others: a statement that short spends
 * that time on the CPU except while it waits for a lock, a page read or the log (which the
 * session's wait tally times), and only run-queue time on an overloaded machine makes the
 * estimate high. Longer statements read the clock every time. {@code StatementEnd.cpuMeasured}
 * tells listeners which they got.
 *
 * <p>Updated by every session running the text without locks: a lost update only moves the next
 * measured execution a little.
 */
final class CpuHistory {

    /** Measure statements that take at least this many times what one clock read costs (two reads: 2 % at 100). */
    static final long SHORT_FACTOR = 100;
    /** How often a short text's statements still read the clock. */
    static final int SAMPLE_EVERY = 16;

    /** Statements shorter than this (ns) read the clock on one execution in {@link #SAMPLE_EVERY}. */
    static final long SHORT_NANOS = SHORT_FACTOR * ClockCost.NANOS;

    private long lastElapsed = Long.MAX_VALUE; // unknown: measure
    private int skip = SAMPLE_EVERY;

    /** Whether the next statement of this text reads the thread CPU clock. */
    boolean measureNext() {
        if (lastElapsed >= SHORT_NANOS) {
            return true;
        }
        if (--skip <= 0) {
            skip = SAMPLE_EVERY;
            return true;
        }
        return false;
    }

    /** A statement of this text ended after {@code elapsedNanos}. */
    void ran(long elapsedNanos) {
        lastElapsed = elapsedNanos;
    }

    /** What one read of the thread CPU clock costs on this machine, timed once when first needed. */
    static final class ClockCost {
        static final long NANOS = time();

        private static long time() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            try {
                if (!threads.isCurrentThreadCpuTimeSupported()) {
                    return 0;
                }
                long best = Long.MAX_VALUE;
                long sink = 0;
                for (int round = 0; round < 5; round++) { // the best of a few rounds: a preempted round says nothing
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 50; i++) {
                        sink += threads.getCurrentThreadCpuTime();
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 50);
                }
                return sink == 42 ? best + 1 : best;
            } catch (UnsupportedOperationException e) {
                return 0;
            }
        }
    }
}
