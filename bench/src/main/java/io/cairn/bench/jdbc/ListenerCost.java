package io.cairn.bench.jdbc;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * Issue 6's target measured as CPU time: what a trivial statement listener adds to a point select
 * ({@code SELECT pad FROM bench WHERE id = ?}, one JDBC PreparedStatement, random keys). Each
 * measurement is a JVM of its own (fixed, pre-touched heap, so heap growth does not page-fault
 * into the figures), the two modes alternate in pairs, and each JVM reports the thread CPU time
 * per statement: unlike wall time it does not count the time other processes hold the CPU, so
 * the figure holds on a shared machine. The result is the median of the pairs' differences.
 * With {@code --concurrent} the two JVMs of a pair run at the same time, one per CPU: a noisy host
 * (CPU frequency, neighbours) then slows both alike, where one after the other it can slow one.
 * With {@code --per-request} each select prepares its statement anew and closes it, as an
 * application does that takes a connection per request and caches no statements (JdbcTemplate
 * and most ORMs over a pool); without it one PreparedStatement runs in a loop, the tightest case.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.ListenerCost [--pairs 12] [--rows 1000]
 *     [--warmup 8] [--seconds 8] [--listener trivial|trivial_cpu] [--per-request]
 *     [--concurrent]
 * </pre>
 */
public final class ListenerCost {

    private ListenerCost() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = 12;
        int rows = 1000;
        int warmup = 8;
        int seconds = 8;
        String listener = "trivial";
        String child = null;
        boolean perRequest = false;
        boolean concurrent = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--listener" -> listener = args[++i];
                case "--child" -> child = args[++i];
                case "--per-request" -> perRequest = true;
                case "--concurrent" -> concurrent = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!listener.equals("trivial") && !listener.equals("trivial_cpu")) {
            throw new IllegalArgumentException("--listener must be trivial or trivial_cpu: " + listener);
        }
        if (child != null) {
            measure(child, rows, warmup, seconds, perRequest);
            return;
        }
        List<double[]> none = new ArrayList<>();
        List<double[]> with = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%d rows, %s, %d s warm-up, %d s measured per JVM%s, Java %s, %d CPUs%n", rows,
                perRequest ? "a statement prepared per select" : "one prepared statement", warmup, seconds,
                concurrent ? ", the pair's JVMs at the same time" : "", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| pair | none CPU ns/op | " + listener + " CPU ns/op | difference | none B/op | " + listener + " B/op |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        double[] diffs = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            // one after the other, alternating which mode runs first, so a drift in the machine's
            // load falls on both
            double[] a;
            double[] b;
            if (concurrent) {
                // both at once, one per CPU: a slow moment of the host falls on both
                Child plain = start("none", rows, warmup, seconds, perRequest);
                Child listening = start(listener, rows, warmup, seconds, perRequest);
                a = plain.result();
                b = listening.result();
            } else if (p % 2 == 0) {
                a = fork("none", rows, warmup, seconds, perRequest);
                b = fork(listener, rows, warmup, seconds, perRequest);
            } else {
                b = fork(listener, rows, warmup, seconds, perRequest);
                a = fork("none", rows, warmup, seconds, perRequest);
            }
            none.add(a);
            with.add(b);
            diffs[p] = b[0] - a[0];
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %+.1f | %.0f | %.0f |%n", p + 1, a[0], b[0], diffs[p], a[2], b[2]);
        }
        double noneMedian = median(none.stream().mapToDouble(x -> x[0]).toArray());
        double diffMedian = median(diffs);
        double mean = Arrays.stream(diffs).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(diffs).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, pairs - 1));
        double half = 2 * sd / Math.sqrt(pairs);
        System.out.printf(Locale.ROOT,
                "none: median %.1f CPU ns/op; %s adds median %+.1f ns (%+.2f %%), mean %+.1f ± %.1f ns (2 s.e.: %+.2f %% .. %+.2f %%)%n",
                noneMedian, listener, diffMedian, 100 * diffMedian / noneMedian, mean, half,
                100 * (mean - half) / noneMedian, 100 * (mean + half) / noneMedian);
    }

    /** Runs one mode in a JVM of its own; returns {CPU ns/op, wall ns/op, bytes/op}. */
    private static double[] fork(String mode, int rows, int warmup, int seconds, boolean perRequest) throws Exception {
        return start(mode, rows, warmup, seconds, perRequest).result();
    }

    /** A measuring JVM, its output going to a file (two at a time need no reader threads). */
    private record Child(String mode, Process proc, Path out) {
        /** Waits for it; returns {CPU ns/op, wall ns/op, bytes/op}. */
        double[] result() throws Exception {
            int exit = proc.waitFor();
            String all = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            String last = null;
            for (String line : all.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    last = line;
                }
            }
            if (exit != 0 || last == null) {
                throw new IllegalStateException("the " + mode + " JVM failed:\n" + all);
            }
            String[] f = last.split(" ");
            return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])};
        }
    }

    private static Child start(String mode, int rows, int warmup, int seconds, boolean perRequest) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-cp",
                System.getProperty("java.class.path"), ListenerCost.class.getName(), "--child", mode, "--rows",
                String.valueOf(rows), "--warmup", String.valueOf(warmup), "--seconds", String.valueOf(seconds)));
        if (perRequest) {
            cmd.add("--per-request");
        }
        Path out = Files.createTempFile("cairn-listener-cost-", ".out");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new Child(mode, proc, out);
    }

    private static void measure(String mode, int rows, int warmup, int seconds, boolean perRequest) throws Exception {
        InstrumentationOverhead.Trivial listener = switch (mode) {
            case "none" -> null;
            case "trivial" -> new InstrumentationOverhead.Trivial(false);
            case "trivial_cpu" -> new InstrumentationOverhead.Trivial(true);
            default -> throw new IllegalArgumentException(mode);
        };
        Path dir = Files.createTempDirectory("cairn-listener-cost-");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
            InstrumentationOverhead.load(c, rows);
            if (listener != null) {
                c.unwrap(SqlEngine.class).addStatementListener((StatementListener) listener);
            }
            SplittableRandom random = new SplittableRandom(42);
            try (PreparedStatement ps = perRequest ? null : c.prepareStatement(SELECT)) {
                long until = System.nanoTime() + warmup * 1_000_000_000L;
                while (System.nanoTime() - until < 0) {
                    lookups(c, ps, random, rows, 10_000);
                }
                // one-second rounds; the median round is the JVM's figure
                double[] cpu = new double[seconds];
                double[] wall = new double[seconds];
                double[] bytes = new double[seconds];
                for (int s = 0; s < seconds; s++) {
                    long ops = 0;
                    long c0 = threads.getCurrentThreadCpuTime();
                    long a0 = threads.getCurrentThreadAllocatedBytes();
                    long t0 = System.nanoTime();
                    long end = t0 + 1_000_000_000L;
                    do {
                        lookups(c, ps, random, rows, 2_000);
                        ops += 2_000;
                    } while (System.nanoTime() - end < 0);
                    wall[s] = (double) (System.nanoTime() - t0) / ops;
                    cpu[s] = (double) (threads.getCurrentThreadCpuTime() - c0) / ops;
                    bytes[s] = (double) (threads.getCurrentThreadAllocatedBytes() - a0) / ops;
                }
                if (listener != null && listener.statements == 0) {
                    throw new IllegalStateException("the listener saw no statement");
                }
                System.out.printf(Locale.ROOT, "RESULT %.2f %.2f %.1f%n", median(cpu), median(wall), median(bytes));
            }
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final String SELECT = "SELECT pad FROM bench WHERE id = ?";

    /**
     * Point selects as InstrumentationOverhead's, without its per-row string check: the path
     * measured is the engine's. {@code ps} null: each select prepares and closes its own.
     */
    private static void lookups(Connection c, PreparedStatement ps, SplittableRandom random, int rows, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            long id = random.nextInt(rows);
            if (ps == null) {
                try (PreparedStatement own = c.prepareStatement(SELECT)) {
                    select(own, id);
                }
            } else {
                select(ps, id);
            }
        }
    }

    private static void select(PreparedStatement ps, long id) throws Exception {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row " + id);
            }
            rs.getString(1);
        }
    }

    private static double median(double[] xs) {
        double[] a = xs.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
