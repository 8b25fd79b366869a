package io.cairn.monitoring.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.TestDatabase;
import io.cairn.monitoring.internal.Workload;
import io.cairn.txn.Session;
import io.cairn.txn.SessionState;

/** The /metrics body: real kernel figures, valid text format 0.0.4 as an independent parser reads it. */
class PrometheusExpositionTest {

    @TempDir
    Path dir;

    @Test
    void exposesTheKernelsRealCountersPerDatabase() throws Exception {
        try (TestDatabase sales = new TestDatabase("sales", dir.resolve("sales"));
                TestDatabase hr = new TestDatabase("hr", dir.resolve("hr"))) {
            CairnMetrics metrics = new CairnMetrics();
            ProcessMetrics.register(metrics, this);
            KernelMetrics.register(metrics, sales);
            KernelMetrics.register(metrics, hr);
            Workload.run(sales, 25, 4);
            Workload.run(hr, 3, 0);
            Session busy = sales.transactions().openSession("analyst", "test");
            busy.beginStatement("SELECT count(*) FROM accounts");
            Session idle = sales.transactions().openSession("clerk", "test");
            try {
                Thread.sleep(250); // past the snapshot cache of the series registered before the workload
                Scrape scrape = Scrape.of(new PrometheusExposition(metrics));

                Map<String, String> s = Map.of("database", "sales");
                assertEquals(sales.transactions().transactionStats().commits(),
                        scrape.value("cairn_transactions_committed_total", s));
                assertEquals(4, scrape.value("cairn_transactions_rolled_back_total", s));
                assertEquals(sales.transactions().currentScn(), scrape.value("cairn_scn", s));
                assertEquals(0, scrape.value("cairn_change_events_dropped_total", s));
                assertEquals(0, scrape.value("cairn_transactions_rolled_back_total", Map.of("database", "hr")));
                assertTrue(scrape.value("cairn_transactions_committed_total", s) >= 25);
                assertEquals(1, scrape.value("cairn_sessions", Map.of("database", "sales", "state", "active")));
                assertEquals(sales.transactions().sessionRegistry().sessions().stream()
                        .filter(x -> x.state() == SessionState.IDLE).count(),
                        scrape.value("cairn_sessions", Map.of("database", "sales", "state", "idle")));
                var bp = sales.storage().stats().bufferPool();
                assertEquals(bp.capacityFrames(), scrape.value("cairn_buffer_pool_pages", s));
                assertTrue(scrape.value("cairn_buffer_pool_hits_total", s) > 0);
                assertTrue(scrape.value("cairn_wal_fsyncs_total", s) > 0, "commits were fsynced");
                assertTrue(scrape.value("cairn_wal_written_bytes_total", s) > 0);
                assertTrue(scrape.value("cairn_database_disk_usage_bytes", s)
                        >= scrape.value("cairn_data_file_bytes", s));
                assertTrue(scrape.value("cairn_process_cpu_seconds_total", Map.of()) > 0);
                assertTrue(scrape.value("cairn_jvm_memory_used_bytes", Map.of("area", "heap")) > 0);

                // The independent parser agrees on types and values.
                assertEquals(MetricType.COUNTER, scrape.families.get("cairn_transactions_committed_total").getType());
                assertEquals(MetricType.GAUGE, scrape.families.get("cairn_buffer_pool_hit_ratio").getType());
                Counter committed = (Counter) scrape.families.get("cairn_transactions_committed_total").getMetrics()
                        .stream().filter(x -> x.getLabels().get("database").equals("hr")).findFirst().orElseThrow();
                assertEquals(hr.transactions().transactionStats().commits(), committed.getValue());
                Gauge ratio = (Gauge) scrape.families.get("cairn_buffer_pool_hit_ratio").getMetrics().get(0);
                assertTrue(ratio.getValue() >= 0 && ratio.getValue() <= 1);
                for (String name : scrape.sampleNames()) {
                    assertTrue(name.startsWith("cairn_"), name);
                }
            } finally {
                busy.endStatement();
                busy.close();
                idle.close();
            }
        }
    }

    @Test
    void aClosedDatabaseTakesItsSeriesWithIt() throws Exception {
        CairnMetrics metrics = new CairnMetrics();
        try (TestDatabase a = new TestDatabase("a", dir.resolve("a"))) {
            KernelMetrics.register(metrics, a);
            assertTrue(Scrape.of(new PrometheusExposition(metrics)).text.contains("database=\"a\""));
            metrics.removeOwnedBy(a);
        }
        Scrape after = Scrape.of(new PrometheusExposition(metrics));
        assertFalse(after.text.contains("database=\"a\""), after.text);
        assertEquals("", after.text, "no family is left without a series");
    }

    @Test
    void escapesLabelValuesAndHelpTextAndSpellsOutSpecialValues() throws Exception {
        CairnMetrics metrics = new CairnMetrics();
        MetricFamily f = metrics.family("cairn_test_value", MetricFamily.Type.GAUGE, "A help with \\ and\na new line.");
        String tricky = "back\\slash \"quoted\"\nnext line";
        metrics.gauge(f, Map.of("name", tricky), this, () -> 1.5);
        metrics.gauge(f, Map.of("name", "nan"), this, () -> Double.NaN);
        metrics.gauge(f, Map.of("name", "inf"), this, () -> Double.POSITIVE_INFINITY);
        metrics.gauge(f, Map.of("name", "big"), this, () -> 12345678901L);
        metrics.gauge(f, Map.of("name", "broken"), this, () -> {
            throw new IllegalStateException("database closed");
        });
        Scrape scrape = Scrape.of(new PrometheusExposition(metrics));
        assertTrue(scrape.text.contains("# HELP cairn_test_value A help with \\\\ and\\na new line.\n"), scrape.text);
        assertTrue(scrape.text.contains("cairn_test_value{name=\"back\\\\slash \\\"quoted\\\"\\nnext line\"} 1.5\n"),
                scrape.text);
        assertEquals(1.5, scrape.value("cairn_test_value", Map.of("name", tricky)));
        assertTrue(Double.isNaN(scrape.value("cairn_test_value", Map.of("name", "nan"))));
        assertTrue(scrape.text.contains("cairn_test_value{name=\"inf\"} +Inf\n"));
        assertTrue(scrape.text.contains("cairn_test_value{name=\"big\"} 12345678901\n"));
        assertFalse(scrape.text.contains("broken"), "a failing series is left out, not invented");
        Gauge parsed = (Gauge) scrape.families.get("cairn_test_value").getMetrics().stream()
                .filter(m -> m.getLabels().get("name").startsWith("back")).findFirst().orElseThrow();
        assertEquals(1.5, parsed.getValue());
    }

    @Test
    void summariesCarryQuantilesSumAndCount() throws Exception {
        CairnMetrics metrics = new CairnMetrics();
        DurationSummary d = metrics.summary(metrics.family("cairn_test_duration_seconds", MetricFamily.Type.SUMMARY,
                "A duration."), Map.of(), this);
        d.record(1_000_000);
        d.record(3_000_000);
        Scrape scrape = Scrape.of(new PrometheusExposition(metrics));
        assertEquals(2, scrape.value("cairn_test_duration_seconds_count", Map.of()));
        assertEquals(0.004, scrape.value("cairn_test_duration_seconds_sum", Map.of()), 1e-12);
        assertEquals(0.003, scrape.value("cairn_test_duration_seconds", Map.of("quantile", "0.99")), 1e-12);
        assertEquals(MetricType.SUMMARY, scrape.families.get("cairn_test_duration_seconds").getType());
    }

    @Test
    void rejectsNamesAndLabelsThePrometheusConventionsForbid() {
        CairnMetrics metrics = new CairnMetrics();
        assertThrows(IllegalArgumentException.class, () -> metrics.family("commits_total", MetricFamily.Type.COUNTER, "x"));
        assertThrows(IllegalArgumentException.class, () -> metrics.family("cairn_commits", MetricFamily.Type.COUNTER, "x"));
        assertThrows(IllegalArgumentException.class, () -> metrics.family("cairn_pages_total", MetricFamily.Type.GAUGE, "x"));
        assertThrows(IllegalArgumentException.class, () -> metrics.family("cairn_Pages", MetricFamily.Type.GAUGE, "x"));
        MetricFamily f = metrics.family("cairn_pages", MetricFamily.Type.GAUGE, "Pages.");
        assertThrows(IllegalArgumentException.class, () -> metrics.family("cairn_pages", MetricFamily.Type.GAUGE, "Other."));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge(f, Map.of("__name", "x"), this, () -> 1));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge(f, Map.of("bad-label", "x"), this, () -> 1));
        assertEquals(List.of(), metrics.collect());
    }
}
