package io.cairn.monitoring.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.Components;
import io.cairn.monitoring.internal.MetricsComponent;
import io.cairn.monitoring.internal.TestDatabase;
import io.cairn.monitoring.internal.Workload;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;
import io.cairn.txn.Session;

/** The v$ views over a real database: columns and values agree with the kernel's own figures. */
class ViewsTest {

    @TempDir
    Path dir;

    @Test
    void sysstatCountsWhatTheDatabaseDid() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            Workload.run(db, 10, 3);
            Map<String, Object[]> byName = new java.util.HashMap<>();
            for (Object[] row : checked(new SysstatView(), db.context(1))) {
                byName.put((String) row[0], row);
            }
            assertEquals(db.transactions().transactionStats().commits(), byName.get("user commits")[2]);
            assertEquals(3L, byName.get("user rollbacks")[2]);
            assertEquals("Transaction", byName.get("user rollbacks")[1]);
            assertTrue((Long) byName.get("redo fsyncs")[2] > 0);
            assertEquals(db.storage().stats().bufferPool().hits(), byName.get("buffer pool hits")[2]);
            assertEquals(0L, byName.get("deadlocks")[2]);
        }
    }

    @Test
    void bufferPoolStatsIsOneRowOfTheLiveBufferPool() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            Workload.run(db, 5, 0);
            List<Object[]> rows = checked(new BufferPoolStatsView(), db.context(1));
            assertEquals(1, rows.size());
            var bp = db.storage().stats().bufferPool();
            assertEquals(bp.capacityFrames(), rows.get(0)[0]);
            double ratio = (Double) rows.get(0)[10];
            assertTrue(ratio > 0 && ratio <= 1, "hit ratio " + ratio);
        }
    }

    @Test
    void memoryUsageShowsTheHeapAndItsPools() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            List<Object[]> rows = checked(new MemoryUsageView(), db.context(1));
            Object[] heap = rows.stream().filter(r -> r[0].equals("heap")).findFirst().orElseThrow();
            assertTrue((Long) heap[2] > 0 && (Long) heap[3] >= (Long) heap[2]);
            assertTrue(rows.stream().anyMatch(r -> r[1].equals("heap pool")));
        }
    }

    @Test
    void metricListsTheRegistrysSeriesWithTheirDatabase() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            MetricsComponent metrics = new MetricsComponent();
            Components.bind(metrics, db);
            Workload.run(db, 2, 0);
            List<Object[]> rows = checked(new MetricView(metrics), db.context(1));
            Object[] active = rows.stream().filter(r -> r[0].equals("cairn_sessions") && "state=active".equals(r[3]))
                    .findFirst().orElseThrow();
            assertEquals("sales", active[2]);
            assertEquals("gauge", active[1]);
            Object[] dbs = rows.stream().filter(r -> r[0].equals("cairn_databases")).findFirst().orElseThrow();
            assertNull(dbs[2]);
            assertEquals(1.0, dbs[4]);
            Components.unbind(metrics, db);
            assertTrue(checked(new MetricView(metrics), db.context(1)).stream().noneMatch(r -> "sales".equals(r[2])));
        }
    }

    @Test
    void ashShowsTheSamplesOfTheDatabaseQueried() throws Exception {
        try (TestDatabase sales = new TestDatabase("sales", dir.resolve("s"));
                TestDatabase hr = new TestDatabase("hr", dir.resolve("h"));
                Session s = sales.transactions().openSession("ann", "app");
                Session h = hr.transactions().openSession("bob", "app")) {
            AshComponent ash = Components.unstartedAsh(sales, hr);
            s.beginStatement("SELECT * FROM orders");
            h.beginStatement("SELECT * FROM staff");
            Components.sample(ash);
            List<Object[]> rows = checked(new AshView(ash), sales.context(s.id()));
            assertEquals(1, rows.size());
            Object[] r = rows.get(0);
            assertEquals(s.id(), r[2]);
            assertEquals("ann", r[3]);
            assertEquals("ON CPU", r[5]);
            assertNull(r[6]);
            assertEquals("SELECT * FROM orders", r[8]);
            assertTrue(r[1] instanceof LocalDateTime);
            assertNull(r[11], "no blocking session");
        }
    }

    /** The rows, after checking each has one value of the declared type per column, as the engine does. */
    static List<Object[]> checked(SystemView view, SystemViewContext ctx) throws Exception {
        assertTrue(view.name().startsWith("v$"));
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : view.rows(ctx)) {
            assertEquals(view.columns().size(), row.length, view.name());
            for (int i = 0; i < row.length; i++) {
                Object v = row[i];
                if (v == null) {
                    continue;
                }
                Class<?> expected = switch (view.columns().get(i).type()) {
                    case BIGINT -> Long.class;
                    case INT -> Integer.class;
                    case DOUBLE -> Double.class;
                    case VARCHAR -> String.class;
                    case TIMESTAMP -> LocalDateTime.class;
                    case BOOLEAN -> Boolean.class;
                    default -> Object.class;
                };
                assertTrue(expected.isInstance(v), view.name() + "." + view.columns().get(i).name() + " holds " + v.getClass());
            }
            rows.add(row);
        }
        return rows;
    }
}
