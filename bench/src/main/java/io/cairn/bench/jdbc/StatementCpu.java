package io.cairn.bench.jdbc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * JdbcComparison's W3 (primary key lookups) and W4 (100-row range scans) on Cairn alone, timed
 * by the running thread's CPU time as well as the clock, round after round: on a machine shared
 * with other jobs the CPU time per statement moves much less than the rate, so it shows what a
 * change to the statement path costs or saves. Every answer is checked.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.StatementCpu [--rows 200000]
 *     [--lookups 100000] [--scans 2000] [--rounds 5] [--dir base]
 * </pre>
 */
public final class StatementCpu {

    private StatementCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 200_000;
        int lookups = 100_000;
        int scans = 2_000;
        int rounds = 5;
        Path base = Paths.get(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--lookups" -> lookups = Integer.parseInt(args[++i]);
                case "--scans" -> scans = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> base = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Class.forName("io.cairn.sql.internal.jdbc.CairnDriver");
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "statement-cpu");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] w3 = new double[rounds][];
        double[][] w4 = new double[rounds][];
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
            load(c, rows);
            SplittableRandom random = new SplittableRandom(42);
            for (int r = 0; r < rounds; r++) {
                long wall = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                try (PreparedStatement ps = c.prepareStatement("SELECT pad FROM bench WHERE id = ?")) {
                    for (int i = 0; i < lookups; i++) {
                        long id = random.nextLong(rows);
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            check(rs.next() && JdbcComparison.pad(id).equals(rs.getString(1)) && !rs.next(),
                                    "lookup of " + id);
                        }
                    }
                }
                w3[r] = perOp(wall, cpu, threads, lookups);
                wall = System.nanoTime();
                cpu = threads.getCurrentThreadCpuTime();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, val FROM bench WHERE id >= ? AND id < ? ORDER BY id")) {
                    for (int i = 0; i < scans; i++) {
                        long from = random.nextLong(rows - JdbcComparison.SCAN_ROWS);
                        ps.setLong(1, from);
                        ps.setLong(2, from + JdbcComparison.SCAN_ROWS);
                        int n = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                check(rs.getLong(1) == from + n, "scan from " + from);
                                n++;
                            }
                        }
                        check(n == JdbcComparison.SCAN_ROWS, "scan from " + from + " returned " + n);
                    }
                }
                w4[r] = perOp(wall, cpu, threads, scans);
                System.out.printf("round %d: W3 %.1f us/op wall, %.1f us/op CPU; W4 %.1f us/scan wall, %.1f us/scan CPU%n",
                        r + 1, w3[r][0], w3[r][1], w4[r][0], w4[r][1]);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        // the first round warms the JIT up: medians of the rest
        System.out.printf("median of rounds 2-%d: W3 %.1f us/op CPU (%.0f ops/s by CPU), W4 %.1f us/scan CPU (%.0f scans/s by CPU);"
                + " wall W3 %.1f us, W4 %.1f us%n", rounds, median(w3, 1), 1e6 / median(w3, 1), median(w4, 1),
                1e6 / median(w4, 1), median(w3, 0), median(w4, 0));
    }

    /** The JDBC comparison's bench table with {@code rows} rows (W3-W6's schema), loaded in batches. */
    static void load(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench (id BIGINT PRIMARY KEY, grp INT, val BIGINT, pad VARCHAR(100))");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench (id, grp, val, pad) VALUES (?, ?, ?, ?)")) {
            for (long id = 0; id < rows; id++) {
                ps.setLong(1, id);
                ps.setInt(2, (int) (id % JdbcComparison.GROUPS));
                ps.setLong(3, JdbcComparison.secondary(id));
                ps.setString(4, JdbcComparison.pad(id));
                ps.addBatch();
                if ((id + 1) % JdbcComparison.LOAD_TXN_ROWS == 0 || id == rows - 1) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
        c.setAutoCommit(true);
    }

    private static double[] perOp(long wall, long cpu, ThreadMXBean threads, int ops) {
        return new double[] {(System.nanoTime() - wall) / 1e3 / ops, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / ops};
    }

    private static double median(double[][] values, int column) {
        double[] v = Arrays.stream(values).skip(1).mapToDouble(x -> x[column]).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + what);
        }
    }
}
