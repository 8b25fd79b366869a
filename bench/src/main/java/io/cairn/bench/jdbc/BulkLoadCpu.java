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
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * JdbcComparison's W1 (bulk load in 1,000-row transactions, one PreparedStatement batch each) on
 * Cairn alone, each round in a fresh database, split into the time in {@code executeBatch} and the
 * time in {@code commit()} (the commit's fsync, which a disk shared with other jobs stretches),
 * with the loading thread's CPU time and bytes allocated per row, which other jobs hardly move.
 * The rows are checked (count and the key range) after each round.
 *
 * <p>{@code --listener counting} registers a statement listener that counts the INSERT events
 * (no CPU time), {@code --listener monitoring} the monitoring plugin's v$sql listener (CPU time
 * on, its default), and {@code --controller} an admission controller that admits everything: what
 * a batch costs where, as in every production install, instrumentation is on. Each round checks
 * that the listener saw one INSERT per row.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.BulkLoadCpu [--rows 1000000] [--rounds 3] [--dir base]
 *     [--listener none|counting|monitoring] [--controller]
 * </pre>
 */
public final class BulkLoadCpu {

    private BulkLoadCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 3;
        Path base = Paths.get(System.getProperty("java.io.tmpdir"));
        String listener = "none";
        boolean controller = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> base = Paths.get(args[++i]);
                case "--listener" -> listener = args[++i];
                case "--controller" -> controller = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!List.of("none", "counting", "monitoring").contains(listener)) {
            throw new IllegalArgumentException("--listener none, counting or monitoring, not " + listener);
        }
        System.out.printf("W1 bulk load, %,d rows, listener %s, %s%n", rows, listener,
                controller ? "an admitting admission controller" : "no admission controller");
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
                SqlEngine engine = c.unwrap(SqlEngine.class);
                engine.setDatabaseName("w1");
                LongAdder inserts = new LongAdder();
                io.cairn.monitoring.internal.SqlStatsComponent monitoring = null;
                switch (listener) {
                    case "counting" -> engine.addStatementListener(new StatementListener() {
                        @Override
                        public boolean wantsCpuTime() {
                            return false;
                        }

                        @Override
                        public void statementEnded(StatementEnd end) {
                            if ("INSERT".equals(end.command()) && end.sqlState() == null) {
                                inserts.add(end.rows());
                            }
                        }
                    });
                    case "monitoring" -> {
                        monitoring = new io.cairn.monitoring.internal.SqlStatsComponent(1000, 5000,
                                dir.resolve("slow-query-log"), new io.cairn.monitoring.internal.metrics.CairnMetrics());
                        engine.addStatementListener(monitoring);
                    }
                    default -> {
                    }
                }
                if (controller) {
                    engine.addAdmissionController(() -> "bench-admit-all");
                }
                long cpu = threads.getCurrentThreadCpuTime();
                long bytes = threads.getThreadAllocatedBytes(me);
                long start = System.nanoTime();
                long inBatches = 0;
                long inCommits = 0;
                long batchCpu = 0; // the thread's CPU inside executeBatch alone: the statement path, no commit
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
                            long c0 = threads.getCurrentThreadCpuTime();
                            ps.executeBatch();
                            batchCpu += threads.getCurrentThreadCpuTime() - c0;
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
                    (double) (threads.getThreadAllocatedBytes(me) - bytes) / rows, batchCpu / 1e3 / rows};
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM bench")) {
                    check(rs.next() && rs.getLong(1) == rows && rs.getLong(2) == 0 && rs.getLong(3) == rows - 1,
                            "the loaded table");
                }
                long seen = listener.equals("counting") ? inserts.sum()
                        : monitoring == null ? rows
                        : monitoring.sql("w1").stream().filter(x -> x.command().equals("INSERT"))
                                .mapToLong(x -> x.executions()).sum();
                check(seen == rows, "the listener saw " + seen + " INSERTs, one per row");
            } finally {
                try (var files = Files.walk(dir)) {
                    for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            System.out.printf("round %d: %.3f s (executeBatch %.3f s, commit %.3f s), %.2f us CPU/row (%.2f in executeBatch),"
                    + " %.0f bytes/row%n", r + 1, results[r][0], results[r][1], results[r][2], results[r][3], results[r][5],
                    results[r][4]);
        }
        // the first round warms the JIT up: medians of the rest
        System.out.printf("median of rounds 2-%d: %.3f s (executeBatch %.3f s, commit %.3f s), %.2f us CPU/row (%.2f in"
                + " executeBatch; least %.2f), %.0f bytes/row%n", rounds, median(results, 0), median(results, 1),
                median(results, 2), median(results, 3), median(results, 5), least(results, 5), median(results, 4));
    }

    private static double median(double[][] values, int column) {
        double[] v = Arrays.stream(values).skip(1).mapToDouble(x -> x[column]).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** The least of the rounds after the first: CPU time on a shared machine is inflated, never deflated. */
    private static double least(double[][] values, int column) {
        return Arrays.stream(values).skip(1).mapToDouble(x -> x[column]).min().orElse(Double.NaN);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + what);
        }
    }
}
