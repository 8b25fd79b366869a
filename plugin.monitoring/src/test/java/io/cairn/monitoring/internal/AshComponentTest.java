package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.PrometheusExposition;
import io.cairn.monitoring.internal.metrics.Scrape;
import io.cairn.txn.Session;

/** The ASH component: configuration checks, sampling every database it is bound to, its own metrics. */
class AshComponentTest {

    @TempDir
    Path dir;

    @Test
    void rejectsSettingsOutsideTheirRangesNamingTheKey() {
        CairnMetrics metrics = new CairnMetrics();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AshComponent(50, 360_000, metrics, false));
        assertEquals("io.cairn.monitoring: ashIntervalMillis must be between 100 and 60000, was 50", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AshComponent(1000, 10, metrics, false));
        assertTrue(e.getMessage().contains("ashBufferSamples must be between 1000 and 10000000, was 10"));
        assertThrows(IllegalArgumentException.class, () -> new AshComponent(60_001, 1000, metrics, false));
        assertTrue(metrics.collect().isEmpty(), "a rejected component registers no metrics");
    }

    @Test
    void samplesEveryBoundDatabaseAndCountsWhatItDid() throws Exception {
        try (TestDatabase sales = new TestDatabase("sales", dir.resolve("sales"));
                TestDatabase hr = new TestDatabase("hr", dir.resolve("hr"));
                Session a = sales.transactions().openSession("ann", "app");
                Session b = hr.transactions().openSession("bob", "app")) {
            CairnMetrics metrics = new CairnMetrics();
            AshComponent ash = new AshComponent(1000, 1000, metrics, false);
            ash.addDatabase(sales);
            ash.addDatabase(hr);
            a.beginStatement("SELECT 1");
            b.beginStatement("SELECT 2");
            assertEquals(2, ash.sampleNow());
            ash.removeDatabase(hr);
            assertEquals(1, ash.sampleNow());
            assertEquals(2, ash.window(60, "sales").size());
            assertEquals(1, ash.window(60, "hr").size());
            Scrape scrape = Scrape.of(new PrometheusExposition(metrics));
            assertEquals(3, scrape.value("cairn_ash_samples_total", Map.of()));
            assertEquals(2, scrape.value("cairn_ash_sample_duration_seconds_count", Map.of()));
            assertEquals(3, scrape.value("cairn_ash_buffer_samples", Map.of()));
            ash.stop();
            assertEquals("", Scrape.of(new PrometheusExposition(metrics)).text, "stopping removes its series");
        }
    }

    @Test
    void theSamplerThreadSamplesOnItsOwn() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir); Session s = db.transactions().openSession("ann", "app")) {
            AshComponent ash = new AshComponent(100, 1000, new CairnMetrics(), true);
            try {
                ash.addDatabase(db);
                s.beginStatement("SELECT pg_sleep(1)");
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (ash.window(60, "sales").size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(ash.window(60, "sales").size() >= 3, "three ticks of 100 ms within 10 s");
            } finally {
                ash.stop();
            }
        }
    }
}
