package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.bench.jdbc.JdbcComparison.Config;
import io.cairn.bench.jdbc.JdbcComparison.Engine;
import io.cairn.bench.jdbc.JdbcComparison.Results;
import io.cairn.bench.jdbc.JdbcComparison.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every workload with tiny sizes against all three engines. The runner checks each result
 * itself (lookups find their rows, scans return 100 consecutive keys, GROUP BY counts and sums
 * match) and throws if one is wrong; here we check every measurement exists and the table renders.
 */
class JdbcComparisonSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void allEnginesRunAllWorkloadsCorrectly() throws Exception {
        Config config = new Config(tmp.resolve("scratch"), tmp.resolve("out"), 500, 20, 200, 20, 50, 1,
                List.of(Engine.values()), "JdbcComparison (smoke)", false);
        long start = System.nanoTime();
        Results results = JdbcComparison.run(config);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60, "smoke run too slow");

        assertEquals(3, results.medians().size());
        for (Engine e : Engine.values()) {
            Map<Workload, Double> m = results.medians().get(e);
            assertEquals(Workload.values().length, m.size(), e + " missed a workload");
            m.forEach((w, v) -> assertTrue(v > 0 && Double.isFinite(v), e + " " + w + " = " + v));
            assertTrue(results.settings().containsKey(e));
        }
        assertTrue(results.settings().get(Engine.SQLITE).contains("journal_mode=wal"),
                results.settings().get(Engine.SQLITE));
        try (var dirs = Files.list(config.base())) {
            assertEquals(0, dirs.count(), "each repetition's directory is deleted");
        }
        String md = JdbcComparison.markdown(config, results);
        assertTrue(md.contains("| W6 GROUP BY | s |"), md);
        assertTrue(md.contains("Cairn / best peer"), md);
        Path png = tmp.resolve("chart.png");
        ResultsChart.write(results, "smoke", png);
        assertTrue(Files.size(png) > 1000, "chart written");
    }

    @Test
    void ratioIsAboveOneWhenCairnIsFaster() {
        Results r = new Results(Map.of(
                Engine.CAIRN, Map.of(Workload.W3_LOOKUP, 200.0, Workload.W1_LOAD, 1.0),
                Engine.H2, Map.of(Workload.W3_LOOKUP, 100.0, Workload.W1_LOAD, 2.0),
                Engine.SQLITE, Map.of(Workload.W3_LOOKUP, 50.0, Workload.W1_LOAD, 4.0)), Map.of());
        assertEquals(2.0, JdbcComparison.ratio(r, Workload.W3_LOOKUP), 1e-9);
        assertEquals(2.0, JdbcComparison.ratio(r, Workload.W1_LOAD), 1e-9);
        assertEquals(1.0, JdbcComparison.median(List.of(3.0, 1.0, 0.5)), 1e-9);
    }
}
