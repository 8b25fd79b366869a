package io.cairn.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

import io.cairn.monitoring.internal.ash.AshRing;
import io.cairn.monitoring.internal.ash.AshSampler;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.WaitClass;

/**
 * One Active Session History sample of a database with {@code sessions} open sessions, all of
 * them active (running a statement) and every fourth waiting on an event: the kernel's session
 * snapshot plus the plugin's copy into its ring (default size, so it wraps as in production).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AshSampleBench {

    @Param("200")
    public int sessions;

    Path dir;
    TransactionManager tm;
    final List<Session> open = new ArrayList<>();
    AshSampler sampler;
    long sampleId;

    @Setup(Level.Trial)
    public void setUp() {
        dir = Engines.scratchDir("ash");
        tm = TransactionManager.open(dir, StorageOptions.defaults().withBufferPoolBytes(4L << 20),
                TransactionOptions.defaults());
        for (int i = 0; i < sessions; i++) {
            Session s = tm.openSession("user" + (i % 10), "bench");
            s.beginStatement("SELECT * FROM accounts WHERE id = " + i);
            if (i % 4 == 0) {
                s.beginWait("data file read", WaitClass.USER_IO);
            }
            open.add(s);
        }
        sampler = new AshSampler(new AshRing(360_000));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.forEach(Session::close);
        open.clear();
        tm.close();
        Engines.delete(dir);
    }

    @Benchmark
    public int sample() {
        return sampler.sample(++sampleId, Instant.now(), "bench", tm.sessionRegistry());
    }
}
