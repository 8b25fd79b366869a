package io.cairn.bench.jdbc;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/**
 * JdbcComparison's W1 (bulk load in 1,000-row transactions, one PreparedStatement batch each) on
 * Cairn alone, each round in a fresh database, split into the time in {@code executeBatch} and the
 * time in {@code commit()} (the commit's fsync, which a disk shared with other jobs stretches),
 * with the loading thread's CPU time and bytes allocated per row, which other jobs hardly move.
 * The rows are checked (count and the key range) after each round.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.BulkLoadCpu [--rows 1000000] [--rounds 3] [--dir base]
 * </pre>
 */
public final class BulkLoadCpu {

    private BulkLoadCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 3;
        Path base = Paths.get(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> base = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Class.forName("io.cairn.sql.internal.jdbc.CairnDriver");
        Files.createDirectories(base);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        double[][] results = new double[rounds][];
        for (int r = 0; r < rounds; r++) {
            Path dir = Files.createTempDirectory(base, "bulk-load-cpu");
            try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE bench (id BIGINT PRIMARY KEY, grp INT, val BIGINT, pad VARCHAR(100))");
                }
                long cpu = threads.getCurrentThreadCpuTime();
                long bytes = threads.getThreadAllocatedBytes(me);
                long start = System.nanoTime();
                long inBatches = 0;
                long inCommits = 0;
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench (id, grp, val, pad) VALUES (?, ?, ?, ?)")) {
                    for (long id = 0; id < rows; id++) {
                        ps.setLong(1, id);
                        ps.setInt(2, (int) (id % JdbcComparison.GROUPS));
                        ps.setLong(3, JdbcComparison.secondary(id));
                        ps.setString(4, JdbcComparison.pad(id));
                        ps.addBatch();
                        if ((id + 1) % JdbcComparison.LOAD_TXN_ROWS == 0 || id == rows - 1) {
                            long t0 = System.nanoTime();
                            ps.executeBatch();
                            long t1 = System.nanoTime();
                            c.commit();
                            inBatches += t1 - t0;
                            inCommits += System.nanoTime() - t1;
                        }
                    }
                }
                c.setAutoCommit(true);
                results[r] = new double[] {(System.nanoTime() - start) / 1e9, inBatches / 1e9, inCommits / 1e9,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rows,
                    (double) (threads.getThreadAllocatedBytes(me) - bytes) / rows};
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM bench")) {
                    check(rs.next() && rs.getLong(1) == rows && rs.getLong(2) == 0 && rs.getLong(3) == rows - 1,
                            "the loaded table");
                }
            } finally {
                try (var files = Files.walk(dir)) {
                    for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            System.out.printf("round %d: %.3f s (executeBatch %.3f s, commit %.3f s), %.2f us CPU/row, %.0f bytes/row%n",
                    r + 1, results[r][0], results[r][1], results[r][2], results[r][3], results[r][4]);
        }
        // the first round warms the JIT up: medians of the rest
        System.out.printf("median of rounds 2-%d: %.3f s (executeBatch %.3f s, commit %.3f s), %.2f us CPU/row, %.0f bytes/row%n",
                rounds, median(results, 0), median(results, 1), median(results, 2), median(results, 3),
                median(results, 4));
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
