package io.cairn.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** Reads {@code length} consecutive entries, key and value, from a random start in a loaded key space. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RangeScanBench extends EngineState {

    @Param("100")
    public int length;

    @Setup(Level.Trial)
    public void setUp() {
        if (length > keys) {
            throw new IllegalArgumentException("scan length " + length + " exceeds the key space " + keys);
        }
        open("scan", true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closeAndDelete();
    }

    @Benchmark
    public int scan(Blackhole bh) {
        long start = ThreadLocalRandom.current().nextLong(keys - length + 1);
        return scanFrom(start, (k, v) -> {
            bh.consume(k);
            bh.consume(v);
        });
    }

    /** One scan; the benchmark draws {@code start} at random, the smoke test picks it. */
    public int scanFrom(long start, EntrySink sink) {
        return store.scan(Keys.key(start), length, sink);
    }
}
