package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.Timer;

import io.cairn.monitoring.internal.metrics.PluginMetricSets;
import io.cairn.monitoring.internal.metrics.Scrape;
import io.cairn.pool.internal.TestPools;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.ContainerDatabases;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/** cairn_pool_* from a real HikariCP pool, and a plugin's MetricSet exported with its plugin label. */
class PluginMetricsComponentTest {

    @TempDir
    Path dir;

    @Test
    void poolSeriesFollowTheRealPoolAndGoWithIt() throws Exception {
        TransactionManager tm = TransactionManager.open(dir.resolve("sales"), StorageOptions.defaults(),
                TransactionOptions.defaults());
        try (ContainerDatabases.Lease lease = ContainerDatabases.lend("sales", dir.resolve("sales"), tm, new SqlEngine(tm));
                TestPools.Opened opened = TestPools.open("name", "orders", "database", "sales", "maximumPoolSize", "4",
                        "minimumIdle", "1")) {
            MetricsComponent metrics = new MetricsComponent();
            PluginMetricsComponent plugins = new PluginMetricsComponent(metrics.metrics());
            plugins.addPool(opened.pool());
            Map<String, String> labels = Map.of("pool", "orders", "database", "sales");
            try (Connection a = opened.dataSource().getConnection(); Connection b = opened.dataSource().getConnection();
                    Statement st = a.createStatement()) {
                st.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
                Scrape scrape = Scrape.of(metrics.exposition());
                assertEquals(2, scrape.value("cairn_pool_active_connections", labels));
                assertEquals(4, scrape.value("cairn_pool_max_connections", labels));
                assertEquals(1, scrape.value("cairn_pool_min_idle_connections", labels));
                assertEquals(0, scrape.value("cairn_pool_waiting_threads", labels));
                assertEquals(2, scrape.value("cairn_pool_acquired_total", labels));
                assertTrue(scrape.value("cairn_pool_connections_created_total", labels) >= 2);
                assertEquals(scrape.value("cairn_pool_connections", labels),
                        scrape.value("cairn_pool_active_connections", labels) + scrape.value("cairn_pool_idle_connections", labels));
            }
            Scrape after = Scrape.of(metrics.exposition());
            assertEquals(0, after.value("cairn_pool_active_connections", labels));
            assertEquals(2, after.value("cairn_pool_acquired_total", labels));
            plugins.removePool(opened.pool());
            assertFalse(Scrape.of(metrics.exposition()).sampleNames().contains("cairn_pool_connections"));
        } finally {
            tm.close();
        }
    }

    @Test
    void aPluginsMetricSetIsExportedWithItsPluginLabelUntilItGoes() throws Exception {
        Counter rows = new Counter();
        Meter batches = new Meter();
        Timer flush = new Timer();
        MetricSet set = () -> Map.<String, Metric>of("ingest.rows-read", rows, "ingest.batches", batches,
                "ingest.flush", flush, "ingest.queue", (Gauge<Integer>) () -> 7, "ingest.label", (Gauge<String>) () -> "x");
        rows.inc(42);
        batches.mark(3);
        flush.update(java.time.Duration.ofMillis(250));
        MetricsComponent metrics = new MetricsComponent();
        PluginMetricsComponent plugins = new PluginMetricsComponent(metrics.metrics());
        plugins.addMetricSet(set, Map.of(PluginMetricSets.PLUGIN_PROPERTY, "ingest"));
        Scrape scrape = Scrape.of(metrics.exposition());
        Map<String, String> plugin = Map.of("plugin", "ingest");
        assertEquals(42, scrape.value("cairn_plugin_ingest_rows_read_total", plugin));
        assertEquals(3, scrape.value("cairn_plugin_ingest_batches_total", plugin));
        assertEquals(1, scrape.value("cairn_plugin_ingest_flush_total", plugin));
        assertEquals(0.25, scrape.value("cairn_plugin_ingest_flush_seconds_p50", plugin), 1e-6);
        assertEquals(0.25, scrape.value("cairn_plugin_ingest_flush_seconds_max", plugin), 1e-6);
        assertEquals(7, scrape.value("cairn_plugin_ingest_queue", plugin));
        assertFalse(scrape.sampleNames().contains("cairn_plugin_ingest_label"), "a gauge without a number is left out");

        // a set without the plugin name is refused (logged), not exported under a made-up name
        MetricSet anonymous = () -> Map.<String, Metric>of("other", new Counter());
        plugins.addMetricSet(anonymous, Map.of());
        assertFalse(Scrape.of(metrics.exposition()).sampleNames().contains("cairn_plugin_other_total"));

        plugins.removeMetricSet(set);
        assertFalse(Scrape.of(metrics.exposition()).sampleNames().contains("cairn_plugin_ingest_rows_read_total"));
        assertEquals("cairn_plugin_a_b_c", PluginMetricSets.familyName("A.b--c."));
    }
}
