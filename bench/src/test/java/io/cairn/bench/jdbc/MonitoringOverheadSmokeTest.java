package io.cairn.bench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs W9 at tiny sizes: every mode measured, the plugin really active in present rounds, nothing left behind. */
class MonitoringOverheadSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void measuresEveryModeWithThePluginReallyActive() throws Exception {
        Path out = tmp.resolve("out");
        MonitoringOverhead.Results r = MonitoringOverhead.run(MonitoringOverhead.Config.parse(new String[] {
            "--quick", "--rounds", "1", "--seconds", "1.5", "--warmup", "0", "--threads", "2", "--branches", "2",
            "--accounts-per-branch", "200", "--scrape-millis", "250", "--dir", tmp.resolve("scratch").toString(),
            "--out", out.toString()}));
        assertEquals(java.util.List.of(), r.problems());
        assertEquals(4, r.rounds().size(), "absent, present, present with fast ASH, a counting listener alone");
        for (MonitoringOverhead.Round round : r.rounds()) {
            assertTrue(round.run().committed() > 0, round.toString());
            if (round.mode().present()) {
                assertTrue(round.scrapes() >= 2, "scraped: " + round);
                assertTrue(round.queriesCounted() >= round.run().committed() * 6, "the listener counted: " + round);
                assertTrue(round.newThreads().contains("cairn-ash-sampler")
                        && round.newThreads().contains("bench-prometheus-scraper"), "the plugin's CPU is read: " + round);
            } else {
                assertTrue(round.newThreads().stream().noneMatch(t -> t.startsWith("cairn-ash")), round.toString());
            }
            if (round.mode().trivialListener()) {
                assertTrue(round.queriesCounted() >= round.run().committed() * 6, "the counting listener counted: " + round);
            }
        }
        MonitoringOverhead.Round fast = r.rounds().stream().filter(x -> x.mode().ashIntervalMillis() == 100)
                .findFirst().orElseThrow();
        assertTrue(fast.ashTicks() >= 5, "ASH sampled every 100 ms: " + fast.ashTicks());
        assertTrue(r.report().contains("| present | ") && r.report().contains("target < 3%"), r.report());
        try (var files = Files.list(tmp.resolve("scratch"))) {
            assertEquals(0, files.count(), "the database directory is deleted");
        }
        try (var files = Files.list(out)) {
            assertEquals(1, files.count(), "the report is written");
        }
    }

    @Test
    void rejectsBadOptionsWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MonitoringOverhead.Config.parse(new String[] {"--modes", "present"}));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MonitoringOverhead.Config.parse(new String[] {"--seconds", "x"}));
        assertTrue(e.getMessage().contains("number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MonitoringOverhead.Config.parse(new String[] {"--bogus", "1"}));
        assertTrue(e.getMessage().contains("unknown option --bogus"), e.getMessage());
    }

    @Test
    void lossIsTheDropOfTheMedianRate() {
        assertEquals(2.0, MonitoringOverhead.lossPercent(1000, 980), 1e-9);
        assertEquals(-5.0, MonitoringOverhead.lossPercent(1000, 1050), 1e-9);
        assertEquals(15.0, MonitoringOverhead.median(new double[] {30, 10, 15}), 0);
        assertEquals(12.5, MonitoringOverhead.median(new double[] {30, 10, 15, 5}), 0);
        assertEquals(7.0, MonitoringOverhead.sum("a{x=\"1\"} 3\na{x=\"2\"} 4\nab 100\n", "a{"), 0);
    }
}
