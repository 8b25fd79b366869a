package io.cairn.bench.jdbc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.cairn.bench.ScanReadAheadBench;

/**
 * JdbcComparison's table-wide statements on Cairn alone, W5's {@code CREATE INDEX} (then dropped
 * again) and W6's {@code GROUP BY}, round after round over a W1-loaded table larger than the
 * buffer pool, each timed by the clock and the running thread's CPU time and counted in read system
 * calls of the process ({@code syscr}, Linux). On a shared machine the CPU time and the system call
 * count move much less than the clock. Only JDBC is used, so the class runs against any build of
 * the engine put first on the class path (to compare two builds).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.ScanStatementCost [--rows 1000000] [--rounds 3] [--dir base]
 * </pre>
 */
public final class ScanStatementCost {

    private ScanStatementCost() {
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
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows, --rounds, --dir");
            }
        }
        Class.forName("io.cairn.sql.internal.jdbc.CairnDriver");
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "scan-cost");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath())) {
            StatementCpu.load(c, rows);
            System.out.println("| round | statement | wall s | CPU s | read syscalls |");
            System.out.println("|---|---|---|---|---|");
            for (int r = 1; r <= rounds; r++) {
                try (Statement s = c.createStatement()) {
                    long[] m = start(threads);
                    s.execute("CREATE INDEX bench_val ON bench (val)");
                    print(r, "W5 CREATE INDEX", m, threads);
                    s.execute("DROP INDEX bench_val");
                    m = start(threads);
                    long n = 0;
                    try (ResultSet rs = s.executeQuery("SELECT grp, COUNT(*), SUM(val) FROM bench GROUP BY grp")) {
                        while (rs.next()) {
                            n += rs.getLong(2);
                        }
                    }
                    print(r, "W6 GROUP BY", m, threads);
                    if (n != rows) {
                        throw new IllegalStateException("GROUP BY counted " + n + " rows of " + rows);
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static long[] start(ThreadMXBean threads) {
        return new long[] {System.nanoTime(), threads.getCurrentThreadCpuTime(), ScanReadAheadBench.readSyscalls()};
    }

    private static void print(int round, String what, long[] m, ThreadMXBean threads) {
        System.out.printf(java.util.Locale.ROOT, "| %d | %s | %.3f | %.3f | %,d |%n", round, what,
                (System.nanoTime() - m[0]) / 1e9, (threads.getCurrentThreadCpuTime() - m[1]) / 1e9,
                ScanReadAheadBench.readSyscalls() - m[2]);
    }
}
