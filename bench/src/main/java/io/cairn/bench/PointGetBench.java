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

/** Looks up a random key of a loaded, committed key space; warm-up iterations warm the cache. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PointGetBench extends EngineState {

    @Setup(Level.Trial)
    public void setUp() {
        open("get", true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closeAndDelete();
    }

    @Benchmark
    public byte[] get() {
        return store.get(Keys.key(ThreadLocalRandom.current().nextLong(keys)));
    }
}
