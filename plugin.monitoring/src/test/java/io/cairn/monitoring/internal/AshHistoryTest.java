package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.monitoring.internal.ash.AshStore;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.PrometheusExposition;
import io.cairn.monitoring.internal.metrics.Scrape;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.txn.Session;

/**
 * Persisted ASH: every Nth tick into a real table through the container's DataSourceFactory
 * (here the same factory class, on a file URL), read back after the component is replaced.
 */
class AshHistoryTest {

    @TempDir
    Path dir;

    /** The sampled database is a kernel-level TestDatabase; its history goes to an SQL database through JDBC. */
    private DataSource history() throws Exception {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, "jdbc:cairn:file:" + dir.resolve("history").toAbsolutePath());
        return new CairnDataSourceFactory().createDataSource(p);
    }

    @Test
    void everyNthTickIsPersistedAndReadBackAfterARestart() throws Exception {
        DataSource ds = history();
        try (Connection keepOpen = ds.getConnection(); // the database stays open between components, as in Karaf
                TestDatabase db = new TestDatabase("sales", dir.resolve("sales"));
                Session a = db.transactions().openSession("ann", "app");
                Session b = db.transactions().openSession("bob", "app")) {
            a.beginStatement("SELECT * FROM orders");
            a.setStatementIdentity(0x77L, 0x88L);
            b.beginStatement("UPDATE stock SET n = 1 WHERE id = 'it''s'");
            CairnMetrics metrics = new CairnMetrics();
            AshComponent ash = new AshComponent(1000, 1000, metrics, false, new AshStore(name -> ds), 3, 24);
            ash.addDatabase(db);
            for (int i = 0; i < 7; i++) {
                assertEquals(2, ash.sampleNow());
            }
            ash.flush();
            try (Statement st = keepOpen.createStatement();
                    ResultSet rs = st.executeQuery("SELECT sample_id, COUNT(*) FROM cairn_ash_history "
                            + "GROUP BY sample_id ORDER BY sample_id")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getLong(1), "ticks 3 and 6 of 7 are persisted");
                assertEquals(2, rs.getLong(2));
                assertTrue(rs.next());
                assertEquals(6, rs.getLong(1));
                assertTrue(!rs.next());
            }
            Scrape scrape = Scrape.of(new PrometheusExposition(metrics));
            assertEquals(4, scrape.value("cairn_ash_persisted_samples_total", Map.of()));
            assertEquals(0, scrape.value("cairn_ash_persist_failures_total", Map.of()));
            ash.stop();

            // a new component (bundle updated): empty ring, the history is still there
            AshComponent updated = new AshComponent(1000, 1000, new CairnMetrics(), false, new AshStore(name -> ds), 3, 24);
            updated.addDatabase(db);
            List<AshSample> window = updated.window(600, "sales");
            assertEquals(4, window.size());
            AshSample select = window.stream().filter(s -> s.sessionId() == a.id()).findFirst().orElseThrow();
            assertEquals("SELECT * FROM orders", select.sqlText());
            assertEquals("0000000000000077", select.sqlId());
            assertEquals("0000000000000088", select.planHash());
            assertEquals("ann", select.user());
            assertTrue(window.stream().anyMatch(s -> "UPDATE stock SET n = 1 WHERE id = 'it''s'".equals(s.sqlText())));
            updated.sampleNow();
            assertEquals(6, updated.window(600, "sales").size(), "history before the ring's oldest, then the ring");
            updated.stop();
        }
    }

    @Test
    void pruningDeletesSamplesPastTheRetention() throws Exception {
        DataSource ds = history();
        try (Connection keepOpen = ds.getConnection()) {
            AshStore store = new AshStore(name -> ds);
            Instant now = Instant.now();
            store.persist("sales", List.of(sample(1, now.minusSeconds(25 * 3600)), sample(2, now.minusSeconds(3600))));
            assertEquals(1, store.prune("sales", now.minusSeconds(24 * 3600)));
            List<AshSample> left = store.read("sales", Instant.EPOCH, now);
            assertEquals(1, left.size());
            assertEquals(2, left.get(0).sampleId());
        }
    }

    @Test
    void rejectsPersistenceSettingsOutsideTheirRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AshComponent(1000, 1000, new CairnMetrics(), false, null, 0, 24));
        assertEquals("io.cairn.monitoring: ashPersistEvery must be between 1 and 3600, was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AshComponent(1000, 1000, new CairnMetrics(), false, null, 10, 0));
        assertEquals("io.cairn.monitoring: ashRetentionHours must be between 1 and 8760, was 0", e.getMessage());
    }

    private static AshSample sample(long id, Instant t) {
        return new AshSample(id, t, "sales", 7, "u", "app", "SELECT 1", t, null, null, 0, 0, null, null, null);
    }
}
