package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.monitoring.internal.ash.AshReport;
import io.cairn.monitoring.internal.ash.AshReportFormat;
import io.cairn.monitoring.internal.ash.AshStore;
import io.cairn.monitoring.internal.ash.ReportRange;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.sql.Database;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.storage.Storage;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.WaitEvents;

/**
 * The ASH report over a real SQL workload with a known wait: two sessions blocked on a row lock
 * another session holds, with a module and a statement text that carry HTML.
 */
class AshReportTest {

    private static final String MODULE = "<script>alert('module')</script>";
    private static final String NOTE = "</td><script>alert(\"sql\")</script>";

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:cairn:file:" + dir.resolve("shop").toAbsolutePath();
    }

    /**
     * The open engine behind JDBC, as the container's Database service shows it, with the plugin's
     * statement listener on it (which is what gives running statements their digest and plan hash).
     */
    private Database database(Connection c, Path directory) throws Exception {
        SqlEngine engine = c.unwrap(SqlEngine.class);
        engine.setDatabaseName("shop");
        engine.addStatementListener(new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics()));
        TransactionManager tm = engine.manager();
        return new Database() {
            @Override
            public String name() {
                return "shop";
            }

            @Override
            public Path directory() {
                return directory;
            }

            @Override
            public TransactionManager transactions() {
                return tm;
            }

            @Override
            public Storage storage() {
                return tm.storage();
            }

            @Override
            public java.util.List<io.cairn.sql.TableStorage> tableStorage() {
                return java.util.List.of(); // no SQL layer, so no SQL tables
            }
        };
    }

    private static Connection connect(String url, String user) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(url, p);
    }

    @Test
    void rowLockWaitsLeadTheReportAndHistoryIsWeightedByItsInterval() throws Exception {
        Properties dsProps = new Properties();
        dsProps.setProperty(DataSourceFactory.JDBC_URL, url());
        DataSource history = new CairnDataSourceFactory().createDataSource(dsProps);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = connect(url(), "holder");
                Connection w1 = connect(url(), "app");
                Connection w2 = connect(url(), "app");
                Statement st = holder.createStatement()) {
            Database db = database(holder, dir.resolve("shop"));
            st.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal INT, note VARCHAR(100))");
            st.execute("INSERT INTO acct VALUES (1, 100, 'a'), (2, 200, 'b')");
            long holderSid;
            try (ResultSet rs = st.executeQuery("SELECT sid FROM v$session WHERE username = 'holder'")) {
                assertTrue(rs.next());
                holderSid = rs.getLong(1);
            }
            holder.setAutoCommit(false);
            st.executeUpdate("UPDATE acct SET bal = bal - 1 WHERE id = 1");

            AshComponent ash = new AshComponent(1000, 1000, new CairnMetrics(), false, new AshStore(n -> history), 3, 24);
            ash.addDatabase(db);
            Instant start = Instant.now().minusSeconds(1);
            List<Future<Integer>> waiters = new ArrayList<>();
            for (Connection w : List.of(w1, w2)) {
                w.setClientInfo("module", MODULE);
                waiters.add(pool.submit(() -> {
                    try (Statement ws = w.createStatement()) {
                        return ws.executeUpdate("UPDATE acct SET note = '" + NOTE + "' WHERE id = 1");
                    }
                }));
            }
            // both waiters queue on the row lock before sampling starts
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (db.transactions().sessionRegistry().sessions().stream()
                    .filter(s -> WaitEvents.ROW_LOCK.equals(s.waitEvent())).count() < 2) {
                assertTrue(System.nanoTime() < deadline, "waiters never blocked");
                Thread.sleep(10);
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(2, ash.sampleNow(), "the two blocked sessions are active; the holder is idle in its transaction");
                // every 3rd sample is written to cairn_ash_history in this database: let that write end,
                // or its session is active in the next sample (real activity, but not this test's)
                ash.flush();
            }
            ash.flush();
            holder.commit();
            for (Future<Integer> f : waiters) {
                assertEquals(1, f.get(30, TimeUnit.SECONDS));
            }
            Instant end = Instant.now().plusMillis(1);
            ReportRange range = new ReportRange(start, end);

            AshReport r = ash.report("shop", range, 10);
            // the second before the ring's first sample is the history's part (nothing persisted there)
            assertEquals(List.of(AshReport.HISTORY, AshReport.MEMORY), r.parts().stream().map(AshReport.Part::source).toList());
            assertEquals(0, r.parts().get(0).samples());
            assertEquals(12, r.parts().get(1).samples());
            assertEquals(1000, r.parts().get(1).sampleMillis());
            assertEquals(12, r.samples());
            assertEquals(12.0, r.dbTimeSeconds(), 1e-9, "2 sessions x 6 samples x 1 s");
            assertEquals(12.0 / (range.duration().toMillis() / 1000.0), r.averageActiveSessions(), 1e-9);
            assertEquals(0.0, r.cpuSeconds(), 1e-9);
            assertEquals("Application", r.waitClasses().get(0).key());
            assertEquals(WaitEvents.ROW_LOCK, r.events().get(0).key());
            assertEquals(100.0, r.events().get(0).percent(), 1e-9);
            AshReport.SqlLine top = r.sql().get(0);
            assertEquals(16, top.sqlId().length());
            assertTrue(top.text().contains(NOTE), top.text());
            assertEquals(WaitEvents.ROW_LOCK, top.topActivity());
            assertEquals(100.0, top.percent(), 1e-9);
            assertEquals(2, r.sessions().size());
            assertEquals(MODULE, r.modules().get(0).key());
            assertEquals("app", r.users().get(0).key());
            assertEquals(1, r.blockers().size());
            AshReport.Blocker b = r.blockers().get(0);
            assertEquals(holderSid, b.sid());
            assertEquals(2, b.waiters());
            assertEquals(WaitEvents.ROW_LOCK, b.topEvent());
            assertEquals(12.0, b.seconds(), 1e-9);
            assertEquals(12.0, r.buckets().stream().mapToDouble(AshReport.Bucket::seconds).sum(), 1e-9);

            String text = AshReportFormat.text(r);
            assertTrue(text.contains("Average active sessions"), text);
            int events = text.indexOf("Top wait events");
            assertTrue(text.indexOf(WaitEvents.ROW_LOCK, events) > events, text);
            assertTrue(text.contains(Long.toString(holderSid)), text);

            String html = AshReportFormat.html(r);
            assertFalse(html.contains("<script"), "user text must not become markup: " + html);
            assertTrue(html.contains("&lt;script&gt;alert(&#39;module&#39;)&lt;/script&gt;"), html);
            assertTrue(html.contains("&lt;/td&gt;&lt;script&gt;alert(&quot;sql&quot;)&lt;/script&gt;"), html);
            assertTrue(html.contains("enq: TX - row lock contention"), html);
            ash.stop();

            // after a restart of the plugin the ring is empty: the same range comes from the history
            // table, where ticks 3 and 6 were kept; each persisted sample stands for 3 intervals
            AshComponent restarted = new AshComponent(1000, 1000, new CairnMetrics(), false, new AshStore(n -> history), 3, 24);
            restarted.addDatabase(db);
            AshReport h = restarted.report("shop", range, 10);
            assertEquals(1, h.parts().size());
            assertEquals(AshReport.HISTORY, h.parts().get(0).source());
            assertEquals(3000, h.parts().get(0).sampleMillis());
            assertEquals(4, h.samples());
            assertEquals(12.0, h.dbTimeSeconds(), 1e-9, "4 persisted samples x 3 s: the ring's DB time");
            assertEquals(r.averageActiveSessions(), h.averageActiveSessions(), 1e-9);
            assertEquals(WaitEvents.ROW_LOCK, h.events().get(0).key());
            assertEquals(holderSid, h.blockers().get(0).sid());
            assertTrue(AshReportFormat.text(h).contains("cairn_ash_history"));

            // once the ring has samples, the older part still comes from the history and the rest from the ring
            try (io.cairn.txn.Session late = db.transactions().openSession("late", "batch")) {
                late.beginStatement("SELECT COUNT(*) FROM acct");
                assertEquals(1, restarted.sampleNow());
            }
            AshReport mixed = restarted.report("shop", new ReportRange(start, Instant.now().plusMillis(1)), 10);
            assertEquals(List.of(AshReport.HISTORY, AshReport.MEMORY), mixed.parts().stream().map(AshReport.Part::source).toList());
            assertEquals(4, mixed.parts().get(0).samples());
            assertEquals(1, mixed.parts().get(1).samples());
            assertEquals(13.0, mixed.dbTimeSeconds(), 1e-9, "12 s from the history, 1 s from the ring");
            assertEquals(1.0, mixed.cpuSeconds(), 1e-9);
            restarted.stop();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rangesAcceptInstantsAndRelativeTimesAndRejectTheRest() {
        Instant now = Instant.parse("2026-11-25T22:00:00Z");
        assertEquals(new ReportRange(Instant.parse("2026-11-25T21:45:00Z"), now), ReportRange.parse(null, null, now));
        assertEquals(new ReportRange(Instant.parse("2026-11-25T20:00:00Z"), Instant.parse("2026-11-25T21:59:30Z")),
                ReportRange.parse("-2h", "-30s", now));
        assertEquals(new ReportRange(Instant.parse("2026-11-25T20:00:00Z"), now),
                ReportRange.parse("2026-11-25T21:00:00+01:00", "2026-11-26T00:00:00Z", now), "to is cut at now");
        assertEquals(Instant.parse("2026-11-24T22:00:00Z"), ReportRange.parse("-1d", "now", now).from());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportRange.parse("yesterday", null, now));
        assertTrue(e.getMessage().startsWith("from must be an ISO-8601 instant"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportRange.parse("2026-11-25T21:00:00", null, now));
        assertTrue(e.getMessage().contains("with a zone"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportRange.parse("-5m", "-10m", now));
        assertTrue(e.getMessage().startsWith("from must be before to"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportRange.parse("-400d", null, now));
        assertThrows(IllegalArgumentException.class, () -> ReportRange.parse("-5x", null, now));
    }

    @Test
    void aLongRangeReadsEveryHourOfTheHistory() throws Exception {
        Properties dsProps = new Properties();
        dsProps.setProperty(DataSourceFactory.JDBC_URL, "jdbc:cairn:file:" + dir.resolve("hist").toAbsolutePath());
        DataSource history = new CairnDataSourceFactory().createDataSource(dsProps);
        try (Connection keepOpen = history.getConnection();
                TestDatabase db = new TestDatabase("sales", dir.resolve("sales"))) {
            AshStore store = new AshStore(n -> history);
            Instant now = Instant.now();
            // one persisted sample every 20 minutes over 5 hours, the oldest on CPU, the rest waiting on I/O
            for (int i = 1; i <= 15; i++) {
                Instant t = now.minusSeconds(i * 1200L);
                store.persist("sales", List.of(new io.cairn.monitoring.internal.ash.AshSample(i, t, "sales", 9, "etl",
                        "app", "INSERT INTO facts SELECT * FROM staging", t, i == 15 ? null : "data file read",
                        i == 15 ? null : "User I/O", 0, 0, "00000000000000aa", null, "nightly")));
            }
            AshComponent ash = new AshComponent(500, 1000, new CairnMetrics(), false, store, 20, 24);
            ash.addDatabase(db);
            AshReport r = ash.report("sales", ReportRange.parse("-6h", null, now.plusSeconds(1)), 5);
            assertEquals(15, r.samples(), "every slice of the 6 hours is read, none twice");
            assertEquals(15 * 10.0, r.dbTimeSeconds(), 1e-9, "each persisted sample is 20 x 500 ms");
            assertEquals("data file read", r.events().get(0).key());
            assertEquals(14 * 100.0 / 15, r.events().get(0).percent(), 1e-9);
            assertEquals("nightly", r.modules().get(0).key());
            assertEquals("00000000000000aa", r.sql().get(0).sqlId());
        }
    }

    @Test
    void anEmptyRangeSaysSo() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir.resolve("sales"))) {
            AshComponent ash = Components.unstartedAsh(db);
            AshReport r = ash.report("sales", ReportRange.parse("-5m", null, Instant.now()), 10);
            assertEquals(0, r.samples());
            assertEquals(0.0, r.averageActiveSessions());
            String text = AshReportFormat.text(r);
            assertTrue(text.contains("none: no samples are kept for this range"), text);
            assertTrue(text.contains("(none)"), text);
        }
    }
}
