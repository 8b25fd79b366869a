package io.cairn.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Single-record durable transactions: put one random key, then commit and wait for the disk.
 * One committer, then eight sharing the store, where group commit should fold many commits
 * into one fsync. Compare with {@link FsyncFloorBench}. The key space starts empty.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableCommitBench extends EngineState {

    @Setup(Level.Trial)
    public void setUp() {
        open("commit", false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closeAndDelete();
    }

    @Benchmark
    @Threads(1)
    public void commit1() {
        putAndCommit();
    }

    @Benchmark
    @Threads(8)
    public void commit8() {
        putAndCommit();
    }

    private void putAndCommit() {
        long k = ThreadLocalRandom.current().nextLong(keys);
        store.put(Keys.key(k), Keys.value(k, valueSize));
        store.commit();
    }
}
