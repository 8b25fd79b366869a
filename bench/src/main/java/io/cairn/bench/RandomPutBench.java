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

/**
 * Overwrites a random key of a loaded key space, never committing: the steady-state cost of a
 * change, including whatever logging and page writing the engine does in the background.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RandomPutBench extends EngineState {

    @Setup(Level.Trial)
    public void setUp() {
        open("put", true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closeAndDelete();
    }

    @Benchmark
    public void put() {
        long k = ThreadLocalRandom.current().nextLong(keys);
        store.put(Keys.key(k), Keys.value(k, valueSize));
    }
}
