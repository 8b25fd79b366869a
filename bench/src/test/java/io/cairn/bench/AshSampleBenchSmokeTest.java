package io.cairn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AshSampleBench outside JMH: every session it opens is active and sampled. */
class AshSampleBenchSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void samplesEveryOpenSession() {
        System.setProperty(Engines.DIR_PROPERTY, tmp.toString());
        AshSampleBench bench = new AshSampleBench();
        bench.sessions = 200;
        bench.setUp();
        try {
            assertEquals(200, bench.sample());
            assertEquals(200, bench.sample());
            assertEquals(400, bench.sampler.ring().since(Instant.EPOCH, "bench").size());
        } finally {
            bench.tearDown();
        }
    }
}
