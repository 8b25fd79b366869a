package io.cairn.bench.jdbc;

import io.cairn.bench.jdbc.JdbcComparison.Config;
import io.cairn.bench.jdbc.JdbcComparison.Engine;
import io.cairn.bench.jdbc.JdbcComparison.Part;
import io.cairn.bench.jdbc.JdbcComparison.Results;
import io.cairn.bench.jdbc.JdbcComparison.Workload;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The markdown page of a JDBC comparison run: machine, disk, settings, the table, the targets, W7/W8 detail, problems. */
final class Report {

    /** Issue 9's targets. */
    static final double TARGET_RATIO = 1.0;
    static final double TARGET_W2_OF_FLOOR = 0.8;
    static final double TARGET_W7_8_OVER_FLOOR = 5.0;
    static final double TARGET_W8_SECONDS = 5.0;

    private Report() {
    }

    static String markdown(Config cfg, Results results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# JDBC comparison, ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(LocalDateTime.now(ZoneOffset.UTC)))
                .append(" UTC").append(cfg.quick() ? " (--quick)" : "").append("\n\n");
        sb.append("Command: `java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.")
                .append(cfg.command().trim()).append("`\n\n");
        if (results.machine() != null) {
            sb.append("Machine: ").append(results.machine()).append(".\n\n");
            sb.append("Load average (1 min) before each repetition and at the end: ")
                    .append(results.machine().loadAverages().stream().map(l -> String.format(Locale.ROOT, "%.1f", l))
                            .collect(Collectors.joining(", ")))
                    .append(". Above the number of CPUs, other jobs competed with the engines for CPU and disk,"
                            + " and the numbers are noisy.\n\n");
        }
        sb.append(String.format(Locale.ROOT,
                "Sizes: W1 %,d rows in %,d-row transactions; W2 %,d inserts; W3 %,d lookups; W4 %,d scans of %d rows;"
                        + " W5 %,d lookups; W7 %d branches, %d tellers, %,d accounts, %s s per thread count, at most %d"
                        + " retries per transaction; W8 %,d rows loaded before the numbered commits, SIGKILL %s s after"
                        + " they start. Medians of %d repetition(s), each engine and workload group in a fresh"
                        + " directory%s.%n%n",
                cfg.rows(), JdbcComparison.LOAD_TXN_ROWS, cfg.inserts(), cfg.lookups(), cfg.scans(),
                JdbcComparison.SCAN_ROWS, cfg.indexLookups(), cfg.tpcbScale().branches(), cfg.tpcbScale().tellers(),
                cfg.tpcbScale().accounts(), trim(cfg.tpcbSeconds()), cfg.maxRetries(), cfg.w8Rows(),
                trim(cfg.w8KillAfterSeconds()), cfg.reps(),
                cfg.warmup() && cfg.runs(Part.SQL) ? "; one small unmeasured W1-W6 round per engine first" : ""));
        sb.append("Settings:\n\n");
        results.settings().forEach((e, s) -> sb.append("- ").append(e.id()).append(": ").append(s).append('\n'));
        sb.append('\n');
        disk(sb, results);
        table(sb, results);
        targets(sb, results);
        tpcb(sb, results);
        recovery(sb, results);
        sb.append("## Problems\n\n");
        if (results.problems().isEmpty()) {
            sb.append("None: every answer checked, every W7 invariant held, no acknowledged commit was lost.\n");
        } else {
            sb.append("**").append(results.problems().size()).append(" problem(s); the run exits with status 1.**\n\n");
            results.problems().forEach(p -> sb.append("- **FAILURE** ").append(p.replace("\n", " ")).append('\n'));
        }
        return sb.toString();
    }

    private static void disk(StringBuilder sb, Results results) {
        if (results.disk().isEmpty()) {
            return;
        }
        sb.append("## Disk, measured in this run in the engines' directory\n\n");
        sb.append("| repetition | fsync floor (4 KiB append + force) ops/s | median ms | p99 ms | sequential write MiB/s |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        for (int i = 0; i < results.disk().size(); i++) {
            diskRow(sb, Integer.toString(i + 1), results.disk().get(i));
        }
        diskRow(sb, "median", results.diskMedian());
        sb.append('\n');
    }

    private static void diskRow(StringBuilder sb, String name, DiskFacts d) {
        sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %,.0f |%n", name, d.floorOpsPerSecond(),
                d.floorMedianMillis(), d.floorP99Millis(), d.bandwidthMiBPerSecond()));
    }

    private static void table(StringBuilder sb, Results results) {
        List<Engine> engines = new ArrayList<>(results.medians().keySet());
        engines.sort(Comparator.naturalOrder());
        sb.append("## Engine × workload (medians)\n\n");
        sb.append("| workload | unit |");
        engines.forEach(e -> sb.append(' ').append(e.id()).append(" |"));
        sb.append(" Cairn / best peer |\n|---|---|");
        engines.forEach(e -> sb.append("---:|"));
        sb.append("---:|\n");
        for (Workload w : Workload.values()) {
            if (engines.stream().noneMatch(e -> results.medians().get(e).containsKey(w))) {
                continue;
            }
            sb.append("| ").append(w.label).append(" | ").append(w.unit).append(" |");
            for (Engine e : engines) {
                Double v = results.medians().get(e).get(w);
                String wrong = JdbcComparison.wrong(results, e, w);
                sb.append(' ').append(v == null ? "-" : format(v, w)).append(wrong == null ? "" : " **(" + wrong + ")**")
                        .append(" |");
            }
            double ratio = JdbcComparison.ratio(results, w);
            sb.append(' ').append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio)).append(" |\n");
        }
        sb.append("\nCairn / best peer above 1.0 means Cairn is faster (for seconds: the peer's time over Cairn's)."
                + " A \"-\" is a measurement that failed: see Problems. A peer whose run was wrong (lost acknowledged"
                + " commits, broken W7 invariant) is left out of the best peer.\n\n");
    }

    private static void targets(StringBuilder sb, Results results) {
        sb.append("## Against issue 9's targets\n\n| target | where Cairn stands | verdict |\n|---|---|---|\n");
        List<String> missed = new ArrayList<>();
        int measured = 0;
        for (Workload w : Workload.values()) {
            double r = JdbcComparison.ratio(results, w);
            if (w == Workload.W8_RECOVERY || Double.isNaN(r)) {
                continue;
            }
            measured++;
            if (r < TARGET_RATIO || JdbcComparison.wrong(results, Engine.CAIRN, w) != null) {
                missed.add(String.format(Locale.ROOT, "%s %.2f×%s", w.shortLabel, r,
                        JdbcComparison.wrong(results, Engine.CAIRN, w) != null ? " (wrong results)" : ""));
            }
        }
        if (measured > 0) {
            sb.append("| ≥ 1.0× the best of H2 and SQLite on W1-W7 | ").append(measured - missed.size()).append(" of ")
                    .append(measured).append(" met").append(missed.isEmpty() ? "" : "; not met: " + String.join(", ", missed))
                    .append(" | ").append(missed.isEmpty() ? "met" : "**missed**").append(" |\n");
        }
        DiskFacts floor = results.diskMedian();
        Map<Workload, Double> cairn = results.medians().getOrDefault(Engine.CAIRN, Map.of());
        if (floor != null && cairn.containsKey(Workload.W2_INSERT)) {
            double share = cairn.get(Workload.W2_INSERT) / floor.floorOpsPerSecond();
            sb.append(String.format(Locale.ROOT, "| W2 within 80%% of the fsync floor | %,.0f ops/s = %.0f%% of %,.0f%s | %s |%n",
                    cairn.get(Workload.W2_INSERT), share * 100, floor.floorOpsPerSecond(),
                    peers(results, Workload.W2_INSERT, floor, true), share >= TARGET_W2_OF_FLOOR ? "met" : "**missed**"));
        }
        if (floor != null && cairn.containsKey(Workload.W7_8)) {
            double times = cairn.get(Workload.W7_8) / floor.floorOpsPerSecond();
            String wrong = JdbcComparison.wrong(results, Engine.CAIRN, Workload.W7_8);
            sb.append(String.format(Locale.ROOT, "| W7 at 8 threads ≥ 5× the fsync floor | %,.0f txn/s = %.2f× %,.0f%s | %s |%n",
                    cairn.get(Workload.W7_8), times, floor.floorOpsPerSecond(),
                    peers(results, Workload.W7_8, floor, false), wrong != null
                            ? "**not shown**: " + (times >= TARGET_W7_8_OVER_FLOOR ? "fast enough, but " : "") + wrong
                            : times >= TARGET_W7_8_OVER_FLOOR ? "met" : "**missed**"));
        }
        List<KillRecovery.Result> rec = results.recoveries().getOrDefault(Engine.CAIRN, List.of());
        if (!rec.isEmpty()) {
            double worst = rec.stream().mapToDouble(KillRecovery.Result::openSeconds).max().orElse(0);
            long lost = rec.stream().mapToLong(KillRecovery.Result::lost).sum();
            boolean clean = rec.stream().allMatch(r -> r.problem() == null);
            sb.append(String.format(Locale.ROOT, "| W8 recovery under 5 s with nothing lost | slowest %.3f s of %d; %d acknowledged commit(s) lost%s | %s |%n",
                    worst, rec.size(), lost, clean ? "" : ", see Problems",
                    worst < TARGET_W8_SECONDS && clean ? "met" : "**missed**"));
        }
        sb.append('\n');
    }

    /** The peers' figures against the floor, for context. */
    private static String peers(Results results, Workload w, DiskFacts floor, boolean percent) {
        StringBuilder sb = new StringBuilder();
        for (Engine e : List.of(Engine.H2, Engine.SQLITE)) {
            Double v = results.medians().getOrDefault(e, Map.of()).get(w);
            if (v != null) {
                double x = v / floor.floorOpsPerSecond();
                sb.append(sb.length() == 0 ? " (" : ", ").append(e.id()).append(' ')
                        .append(percent ? String.format(Locale.ROOT, "%.0f%%", x * 100) : String.format(Locale.ROOT, "%.2f×", x));
            }
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    private static void tpcb(StringBuilder sb, Results results) {
        if (results.tpcb().isEmpty()) {
            return;
        }
        sb.append("## W7 detail (TPC-B-like over JDBC)\n\n");
        sb.append("Medians over the repetitions; retries and failures summed over them. Latency is per committed"
                + " transaction, retries included. The invariant (account, teller, branch and history sums equal"
                + " the committed deltas, one history row per commit) is checked after every run.\n\n");
        sb.append("| engine | threads | txn/s | p50 ms | p99 ms | retries | failed after retries | invariant |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        results.tpcb().forEach((engine, runs) -> {
            for (int threads : JdbcComparison.TPCB_THREADS) {
                List<Tpcb.Run> mine = runs.stream().filter(r -> r.threads() == threads).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                long broken = mine.stream().filter(r -> !r.invariantHolds()).count();
                sb.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %d | %d | %s |%n", engine.id(),
                        threads, JdbcComparison.median(mine.stream().map(Tpcb.Run::perSecond).toList()),
                        JdbcComparison.median(mine.stream().map(Tpcb.Run::p50Millis).toList()),
                        JdbcComparison.median(mine.stream().map(Tpcb.Run::p99Millis).toList()),
                        mine.stream().mapToLong(Tpcb.Run::retries).sum(), mine.stream().mapToLong(Tpcb.Run::failed).sum(),
                        broken == 0 ? "held in " + mine.size() + " of " + mine.size()
                                : "**BROKEN in " + broken + " of " + mine.size() + "**"));
            }
        });
        sb.append('\n');
    }

    private static void recovery(StringBuilder sb, Results results) {
        if (results.recoveries().isEmpty()) {
            return;
        }
        sb.append("## W8 detail (kill -9 of a writer, then reopen)\n\n");
        sb.append("| engine | repetition | open + first query s | commits acknowledged | highest commit recovered | lost | check |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|\n");
        results.recoveries().forEach((engine, list) -> {
            for (int i = 0; i < list.size(); i++) {
                KillRecovery.Result r = list.get(i);
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %,d | %,d | %d | %s |%n", engine.id(), i + 1,
                        r.openSeconds(), r.acknowledged(), r.recoveredMax(), r.lost(),
                        r.problem() != null ? "**" + r.problem() + "**"
                                : r.recoveredMax() > r.acknowledged() ? "ok (" + (r.recoveredMax() - r.acknowledged())
                                        + " past the last ACK read)" : "ok"));
            }
        });
        sb.append('\n');
    }

    static String format(double v, Workload w) {
        return w.higherIsBetter ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
