package io.cairn.bench.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * What statement instrumentation costs on a point-select workload: {@code SELECT pad FROM bench
 * WHERE id = ?} through one JDBC PreparedStatement on random keys, in alternating rounds with no
 * listener, a trivial listener (counts statements and sums elapsed time), a v$sql-like listener
 * (aggregates by digest in a concurrent map) and the monitoring plugin's own (v$sql, query
 * metrics, slow-query log). Prints each mode's median ops/s over the rounds and its overhead
 * against "none".
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.InstrumentationOverhead [--rows 100000]
 *     [--lookups 100000] [--rounds 11] [--dir base]
 * </pre>
 */
public final class InstrumentationOverhead {

    enum Mode { NONE, TRIVIAL, TRIVIAL_CPU, BY_DIGEST, MONITORING, MONITORING_NO_CPU }

    /** The cheapest useful listener; {@code cpu} says whether it asks for CPU time. */
    static final class Trivial implements StatementListener {
        final boolean cpu;
        long statements;
        long nanos;

        Trivial(boolean cpu) {
            this.cpu = cpu;
        }

        @Override
        public boolean wantsCpuTime() {
            return cpu;
        }

        @Override
        public void statementEnded(StatementEnd end) {
            statements++;
            nanos += end.elapsedNanos();
        }
    }

    /** What a v$sql would do: per digest, executions, time, rows, pages. */
    static final class ByDigest implements StatementListener {
        static final class Stats {
            final LongAdder executions = new LongAdder();
            final LongAdder nanos = new LongAdder();
            final LongAdder cpu = new LongAdder();
            final LongAdder rows = new LongAdder();
            final LongAdder pages = new LongAdder();
        }

        final Map<Long, Stats> byDigest = new ConcurrentHashMap<>();

        @Override
        public void statementEnded(StatementEnd end) {
            Stats s = byDigest.computeIfAbsent(end.digest().id(), k -> new Stats());
            s.executions.increment();
            s.nanos.add(end.elapsedNanos());
            s.cpu.add(end.cpuNanos());
            s.rows.add(end.rows());
            s.pages.add(end.pagesHit() + end.pagesRead());
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        int lookups = 100_000;
        int rounds = 11;
        List<Mode> modes = List.of(Mode.values());
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--lookups" -> lookups = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--modes" -> modes = Arrays.stream(args[++i].split(","))
                        .map(m -> Mode.valueOf(m.trim().toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "cairn-instr-");
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
            load(c, rows);
            SqlEngine engine = c.unwrap(SqlEngine.class);
            Map<Mode, List<Double>> rates = new EnumMap<>(Mode.class);
            Map<Mode, List<Double>> cpuPerOp = new EnumMap<>(Mode.class);
            // bytes the thread allocated per lookup: unlike time, not disturbed by other processes
            Map<Mode, List<Double>> bytesPerOp = new EnumMap<>(Mode.class);
            com.sun.management.ThreadMXBean allocation = java.lang.management.ManagementFactory.getThreadMXBean()
                    instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported() ? sun : null;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            Trivial trivial = new Trivial(false);
            Trivial trivialCpu = new Trivial(true);
            ByDigest byDigest = new ByDigest();
            // the monitoring plugin's own listener: v$sql, query metrics and the slow-query log
            io.cairn.monitoring.internal.SqlStatsComponent monitoring = new io.cairn.monitoring.internal.SqlStatsComponent(
                    1000, 5000, dir.resolve("slow-query-log"), new io.cairn.monitoring.internal.metrics.CairnMetrics());
            io.cairn.monitoring.internal.SqlStatsComponent monitoringNoCpu = new io.cairn.monitoring.internal.SqlStatsComponent(
                    1000, 5000, dir.resolve("slow-query-log"), new io.cairn.monitoring.internal.metrics.CairnMetrics())
                    .withoutCpuTime();
            SplittableRandom random = new SplittableRandom(42);
            try (PreparedStatement ps = c.prepareStatement("SELECT pad FROM bench WHERE id = ?")) {
                run(ps, random, rows, lookups); // warm-up, unmeasured
                for (int r = 0; r < rounds; r++) {
                    for (int step = 0; step < modes.size(); step++) {
                        Mode m = modes.get((step + r) % modes.size()); // rotate the order: no mode always runs first
                        StatementListener l = switch (m) {
                            case NONE -> null;
                            case TRIVIAL -> trivial;
                            case TRIVIAL_CPU -> trivialCpu;
                            case BY_DIGEST -> byDigest;
                            case MONITORING -> monitoring;
                            case MONITORING_NO_CPU -> monitoringNoCpu;
                        };
                        if (l != null) {
                            engine.addStatementListener(l);
                        }
                        long a0 = allocation == null ? 0 : allocation.getCurrentThreadAllocatedBytes();
                        long c0 = threads.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        run(ps, random, rows, lookups);
                        long t = System.nanoTime() - t0;
                        long cpuNanos = threads.getCurrentThreadCpuTime() - c0;
                        long bytes = allocation == null ? -1 : allocation.getCurrentThreadAllocatedBytes() - a0;
                        bytesPerOp.computeIfAbsent(m, k -> new ArrayList<>()).add((double) bytes / lookups);
                        cpuPerOp.computeIfAbsent(m, k -> new ArrayList<>()).add(cpuNanos / 1e3 / lookups);
                        if (l != null) {
                            engine.removeStatementListener(l);
                        }
                        rates.computeIfAbsent(m, k -> new ArrayList<>()).add(lookups / (t / 1e9));
                    }
                }
            }
            if (modes.contains(Mode.TRIVIAL) && trivial.statements != (long) rounds * lookups) {
                throw new IllegalStateException("the trivial listener saw " + trivial.statements + " statements, not "
                        + (long) rounds * lookups);
            }
            double none = rates.containsKey(Mode.NONE) ? median(rates.get(Mode.NONE)) : Double.NaN;
            double noneCpu = cpuPerOp.containsKey(Mode.NONE) ? median(cpuPerOp.get(Mode.NONE)) : Double.NaN;
            System.out.printf(Locale.ROOT, "%d rows, %d lookups per round, %d rounds (modes interleaved), Java %s, %d CPUs%n",
                    rows, lookups, rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            System.out.println("| listener | median ops/s | overhead (wall) | median CPU µs/op | overhead (CPU) | bytes allocated/op |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Mode m : modes) {
                double rate = median(rates.get(m));
                double cpu = median(cpuPerOp.get(m));
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.2f | %s | %,.0f |%n", m.name().toLowerCase(Locale.ROOT), rate,
                        m == Mode.NONE ? "" : String.format(Locale.ROOT, "%+.1f%%", (none / rate - 1) * 100), cpu,
                        m == Mode.NONE ? "" : String.format(Locale.ROOT, "%+.1f%%", (cpu / noneCpu - 1) * 100),
                        median(bytesPerOp.get(m)));
            }
            System.out.printf(Locale.ROOT, "listener failures: %d; digests seen by the v$sql-like listener: %d%n",
                    engine.listenerFailures(), byDigest.byDigest.size());
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void load(Connection c, int rows) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE TABLE bench (id BIGINT PRIMARY KEY, grp INT, val BIGINT, pad VARCHAR(100))");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i);
                ps.setInt(2, i % 100);
                ps.setLong(3, i * 7L);
                ps.setString(4, "row " + i + " ".repeat(60));
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        c.setAutoCommit(true);
    }

    private static void run(PreparedStatement ps, SplittableRandom random, int rows, int lookups) throws SQLException {
        for (int i = 0; i < lookups; i++) {
            long id = random.nextInt(rows);
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getString(1).startsWith("row " + id + " ")) {
                    throw new IllegalStateException("lookup of " + id + " found no row");
                }
            }
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
