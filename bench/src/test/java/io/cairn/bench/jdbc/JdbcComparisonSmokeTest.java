package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.bench.jdbc.JdbcComparison.Config;
import io.cairn.bench.jdbc.JdbcComparison.Engine;
import io.cairn.bench.jdbc.JdbcComparison.Results;
import io.cairn.bench.jdbc.JdbcComparison.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every workload (W1-W8 and the disk facts) with tiny sizes against all three engines. The
 * runner checks each result itself (lookups find their rows, scans return 100 consecutive keys,
 * GROUP BY counts and sums match, W7's balances add up, W8 finds every acknowledged commit) and
 * lists what failed as a problem; here we check there is none, every measurement exists and the
 * page renders. The checkers themselves are tested against damaged databases below.
 */
class JdbcComparisonSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void allEnginesRunAllWorkloadsCorrectly() throws Exception {
        Config config = Config.parse("--rows", "500", "--inserts", "20", "--lookups", "200", "--scans", "20",
                "--index-lookups", "50", "--reps", "1", "--no-warmup", "--tpcb-seconds", "0.3", "--tpcb-branches", "8",
                "--tpcb-accounts-per-branch", "50", "--w8-rows", "200", "--w8-kill-after", "0.3",
                "--disk-seconds", "0.2", "--disk-mib", "4", "--dir", tmp.resolve("scratch").toString(),
                "--out", tmp.resolve("out").toString());
        long start = System.nanoTime();
        Results results = JdbcComparison.run(config);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 90, "smoke run too slow");

        assertEquals(List.of(), unexplained(results.problems()));
        assertEquals(3, results.medians().size());
        for (Engine e : Engine.values()) {
            Map<Workload, Double> m = results.medians().get(e);
            assertEquals(Workload.values().length, m.size(), e + " missed a workload: " + m.keySet());
            m.forEach((w, v) -> assertTrue(v > 0 && Double.isFinite(v), e + " " + w + " = " + v));
            assertTrue(results.settings().containsKey(e));
            assertEquals(3, results.tpcb().get(e).size(), e + " W7 runs");
            results.tpcb().get(e).forEach(r -> {
                assertTrue(r.invariantHolds(), e + ": " + r);
                assertTrue(r.committed() > 0, e + ": " + r);
                assertEquals(List.of(), r.errors(), e + ": " + r);
            });
            KillRecovery.Result w8 = results.recoveries().get(e).get(0);
            assertTrue(w8.problem() == null || e == Engine.H2, e + ": " + w8);
            assertTrue(w8.acknowledged() > 0, e + " W8 acknowledged nothing before the kill: " + w8);
        }
        assertTrue(results.settings().get(Engine.SQLITE).contains("journal_mode=wal"),
                results.settings().get(Engine.SQLITE));
        assertEquals(1, results.disk().size());
        assertTrue(results.diskMedian().floorOpsPerSecond() > 0 && results.diskMedian().bandwidthMiBPerSecond() > 0);
        try (var dirs = Files.list(config.base())) {
            assertEquals(0, dirs.count(), "each repetition's directory is deleted");
        }
        String md = Report.markdown(config, results);
        for (String part : List.of("| W6 GROUP BY | s |", "| W7 TPC-B-like, 8 threads | txn/s |", "Cairn / best peer",
                "## Disk", "W2 within 80% of the fsync floor", "## W7 detail", "## W8 detail", "## Problems")) {
            assertTrue(md.contains(part), part + " missing from\n" + md);
        }
        Path png = tmp.resolve("chart.png");
        ResultsChart.write(results, "smoke", png);
        assertTrue(Files.size(png) > 1000, "chart written");
    }

    /**
     * The problems no one has explained yet. One is known and stays visible in every report: H2 in
     * its default mode acknowledges commits it writes up to WRITE_DELAY (500 ms) later, so a kill -9
     * loses some of them. (Cairn's lost updates under READ COMMITTED, which broke W7's invariant with
     * more than one thread, are fixed; the invariant is asserted for every engine again.)
     */
    static List<String> unexplained(List<String> problems) {
        return problems.stream()
                .filter(p -> !p.matches("(?s)h2 rep \\d+ W8: .*"))
                .toList();
    }

    @Test
    void tpcbCheckFindsABalanceThatDoesNotAddUp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tpcb"));
        Tpcb bench = new Tpcb(Engine.CAIRN, dir, new Tpcb.Scale(2, 10, 20), 3);
        bench.load();
        Tpcb.Run run = bench.run(1, 0.2, 7);
        assertTrue(run.invariantHolds(), run.toString());
        try (Connection c = Engine.CAIRN.connect(dir); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE tpcb_account SET abalance = abalance + 1 WHERE aid = 1");
        }
        String broken = bench.check();
        assertNotNull(broken);
        assertTrue(broken.contains("sum(abalance)"), broken);
    }

    @Test
    void recoveryCheckReportsALostAcknowledgedCommit() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("w8"));
        try (Connection c = Engine.H2.connect(dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE w8_base (id BIGINT PRIMARY KEY, val BIGINT, pad VARCHAR(100))");
            s.execute("CREATE TABLE w8_commit (id BIGINT PRIMARY KEY, pad VARCHAR(100))");
            s.execute("INSERT INTO w8_base VALUES (0, 2, 'x'), (1, 0, 'x')");
            s.execute("INSERT INTO w8_commit VALUES (1, 'x'), (2, 'x')");
            assertNull(KillRecovery.verify(c, 0.1, 2, 2, 2).problem());
            assertNull(KillRecovery.verify(c, 0.1, 1, 2, 2).problem(), "one commit in flight may survive unacknowledged");
            KillRecovery.Result lost = KillRecovery.verify(c, 0.1, 3, 2, 2);
            assertEquals(1, lost.lost());
            assertTrue(lost.problem().contains("LOST"), lost.problem());
            assertTrue(KillRecovery.verify(c, 0.1, 2, 1, 2).problem().contains("torn"));
            s.execute("DELETE FROM w8_commit WHERE id = 1");
            assertTrue(KillRecovery.verify(c, 0.1, 0, 2, 2).problem().contains("hole"));
        }
    }

    @Test
    void ratioIsAboveOneWhenCairnIsFaster() {
        Results r = new Results(Map.of(
                Engine.CAIRN, Map.of(Workload.W3_LOOKUP, 200.0, Workload.W1_LOAD, 1.0),
                Engine.H2, Map.of(Workload.W3_LOOKUP, 100.0, Workload.W1_LOAD, 2.0),
                Engine.SQLITE, Map.of(Workload.W3_LOOKUP, 50.0, Workload.W1_LOAD, 4.0)));
        assertEquals(2.0, JdbcComparison.ratio(r, Workload.W3_LOOKUP), 1e-9);
        assertEquals(2.0, JdbcComparison.ratio(r, Workload.W1_LOAD), 1e-9);
        assertEquals(1.0, JdbcComparison.median(List.of(3.0, 1.0, 0.5)), 1e-9);
    }
}
