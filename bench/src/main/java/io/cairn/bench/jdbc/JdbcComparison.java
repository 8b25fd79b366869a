package io.cairn.bench.jdbc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The same JDBC workloads against Cairn, H2 (file mode) and SQLite (WAL, synchronous=FULL) in one
 * JVM run, each engine in a fresh directory per repetition. Every workload checks its own result
 * (lookups find their rows, scans return 100 consecutive keys, the GROUP BY sums match) and fails
 * the run if one is wrong. Prints a markdown table of medians and writes it under {@code --out}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.JdbcComparison [--quick] [--reps 3]
 *     [--rows N] [--inserts M] [--lookups K] [--scans S] [--index-lookups L]
 *     [--engines cairn,h2,sqlite] [--dir base] [--out bench/results] [--no-warmup]
 * </pre>
 */
public final class JdbcComparison {

    /** Rows per transaction of the bulk load. */
    static final int LOAD_TXN_ROWS = 1_000;
    /** Rows per range scan. */
    static final int SCAN_ROWS = 100;
    /** Distinct values of the GROUP BY column. */
    static final int GROUPS = 100;

    public enum Engine {
        CAIRN, H2, SQLITE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        String url(Path dir) {
            return switch (this) {
                case CAIRN -> "jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath();
                case H2 -> "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
                case SQLITE -> "jdbc:sqlite:" + dir.resolve("db.sqlite").toAbsolutePath();
            };
        }

        /** Applies the engine's durability settings and describes them. */
        String configure(Connection c) throws SQLException {
            switch (this) {
                case CAIRN:
                    return "driver defaults: every COMMIT is a SYNC commit (log fsynced before it returns)";
                case H2:
                    return "H2 " + c.getMetaData().getDatabaseProductVersion()
                            + " file mode, all defaults (its W2 rate shows commits are not fsynced one by one)";
                default:
                    try (Statement s = c.createStatement()) {
                        String journal = one(s, "PRAGMA journal_mode=WAL");
                        s.execute("PRAGMA synchronous=FULL");
                        String sync = one(s, "PRAGMA synchronous");
                        return "SQLite " + c.getMetaData().getDatabaseProductVersion() + ", journal_mode="
                                + journal + ", synchronous=" + sync + " (2 = FULL)";
                    }
            }
        }
    }

    /** The measured workloads, in the order they run. */
    public enum Workload {
        W1_LOAD("W1 bulk load", "s", false),
        W2_INSERT("W2 autocommit inserts", "ops/s", true),
        W3_LOOKUP("W3 PK lookups", "ops/s", true),
        W4_SCAN("W4 range scans (100 rows)", "scans/s", true),
        W5_BUILD("W5 CREATE INDEX", "s", false),
        W5_LOOKUP("W5 secondary lookups", "ops/s", true),
        W6_GROUP_BY("W6 GROUP BY", "s", false);

        final String label;
        final String unit;
        final boolean higherIsBetter;

        Workload(String label, String unit, boolean higherIsBetter) {
            this.label = label;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }
    }

    /** Sizes and places of a run. */
    public record Config(Path base, Path out, int rows, int inserts, int lookups, int scans, int indexLookups,
            int reps, List<Engine> engines, String command, boolean warmup) {

        static Config parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int rows = quick ? 20_000 : 1_000_000;
            int inserts = quick ? 300 : 5_000;
            int lookups = quick ? 5_000 : 500_000;
            int scans = quick ? 200 : 2_000;
            int indexLookups = quick ? 500 : 20_000;
            int reps = quick ? 1 : 3;
            Path base = Paths.get(System.getProperty("java.io.tmpdir"));
            Path out = Paths.get("bench", "results");
            List<Engine> engines = List.of(Engine.values());
            boolean warmup = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--no-warmup" -> warmup = false;
                    case "--rows" -> rows = Integer.parseInt(args[++i]);
                    case "--inserts" -> inserts = Integer.parseInt(args[++i]);
                    case "--lookups" -> lookups = Integer.parseInt(args[++i]);
                    case "--scans" -> scans = Integer.parseInt(args[++i]);
                    case "--index-lookups" -> indexLookups = Integer.parseInt(args[++i]);
                    case "--reps" -> reps = Integer.parseInt(args[++i]);
                    case "--dir" -> base = Paths.get(args[++i]);
                    case "--out" -> out = Paths.get(args[++i]);
                    case "--engines" -> engines = Stream.of(args[++i].split(","))
                            .map(e -> Engine.valueOf(e.trim().toUpperCase(Locale.ROOT))).toList();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (rows <= SCAN_ROWS) {
                throw new IllegalArgumentException("--rows must exceed " + SCAN_ROWS);
            }
            return new Config(base, out, rows, inserts, lookups, scans, indexLookups, reps, engines,
                    "JdbcComparison " + String.join(" ", args), warmup);
        }
    }

    /** Medians per engine and workload, plus each engine's settings. */
    public record Results(Map<Engine, Map<Workload, Double>> medians, Map<Engine, String> settings) {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(args);
        Results results = run(config);
        String md = markdown(config, results);
        System.out.println();
        System.out.println(md);
        Files.createDirectories(config.out());
        String name = "jdbc-" + LocalDate.now(ZoneOffset.UTC);
        Path file = config.out().resolve(name + ".md");
        Files.writeString(file, md);
        Path png = config.out().resolve(name + ".png");
        ResultsChart.write(results, "Cairn, H2 and SQLite over JDBC, " + LocalDate.now(ZoneOffset.UTC), png);
        System.out.println("written to " + file + " and " + png);
    }

    public static Results run(Config config) throws Exception {
        Map<Engine, Map<Workload, Double>> medians = new EnumMap<>(Engine.class);
        Map<Engine, String> settings = new EnumMap<>(Engine.class);
        Files.createDirectories(config.base());
        // ServiceLoader should find all three; once, under surefire, DriverManager reported "No suitable
        // driver" for jdbc:cairn: (not reproduced since), so load the classes explicitly as well.
        for (String driver : List.of("io.cairn.sql.internal.jdbc.CairnDriver", "org.h2.Driver", "org.sqlite.JDBC")) {
            Class.forName(driver);
        }
        if (config.warmup()) {
            // One small unmeasured round per engine first, so the engine measured first does not pay
            // for class loading and JIT compilation alone.
            Config small = new Config(config.base(), config.out(), 5_000, 100, 5_000, 200, 500, 1,
                    config.engines(), config.command(), false);
            for (Engine engine : config.engines()) {
                Path dir = Files.createTempDirectory(config.base(), "jdbc-warmup-" + engine.id() + "-");
                try {
                    runOnce(engine, dir, small, 0, settings);
                } finally {
                    deleteTree(dir);
                }
            }
            System.out.println("warm-up round done");
        }
        for (Engine engine : config.engines()) {
            Map<Workload, List<Double>> samples = new EnumMap<>(Workload.class);
            for (int rep = 0; rep < config.reps(); rep++) {
                Path dir = Files.createTempDirectory(config.base(), "jdbc-" + engine.id() + "-");
                try {
                    Map<Workload, Double> one = runOnce(engine, dir, config, rep, settings);
                    one.forEach((w, v) -> samples.computeIfAbsent(w, k -> new ArrayList<>()).add(v));
                    System.out.printf(Locale.ROOT, "%-7s rep %d: %s%n", engine.id(), rep + 1, one);
                } finally {
                    deleteTree(dir);
                }
            }
            Map<Workload, Double> m = new EnumMap<>(Workload.class);
            samples.forEach((w, list) -> m.put(w, median(list)));
            medians.put(engine, m);
        }
        return new Results(medians, settings);
    }

    /** The secondary column's value for a primary key: a bijection on 32-bit keys that scatters them. */
    static long secondary(long id) {
        return (id * 2_654_435_761L) & 0xFFFF_FFFFL;
    }

    static String pad(long id) {
        return "row-" + id + "-padding-padding-padding-padding";
    }

    private static Map<Workload, Double> runOnce(Engine engine, Path dir, Config cfg, int rep,
            Map<Engine, String> settings) throws SQLException {
        Map<Workload, Double> r = new EnumMap<>(Workload.class);
        SplittableRandom random = new SplittableRandom(42 + rep);
        try (Connection c = DriverManager.getConnection(engine.url(dir))) {
            settings.put(engine, engine.configure(c));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench (id BIGINT PRIMARY KEY, grp INT, val BIGINT, pad VARCHAR(100))");
            }
            String insert = "INSERT INTO bench (id, grp, val, pad) VALUES (?, ?, ?, ?)";

            // W1: bulk load in 1,000-row transactions, one batch each
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (long id = 0; id < cfg.rows(); id++) {
                    bind(ps, id);
                    ps.addBatch();
                    if ((id + 1) % LOAD_TXN_ROWS == 0 || id == cfg.rows() - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
            r.put(Workload.W1_LOAD, seconds(t0));

            // W2: single-row autocommit inserts after the loaded keys
            t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (long id = cfg.rows(); id < cfg.rows() + cfg.inserts(); id++) {
                    bind(ps, id);
                    check(ps.executeUpdate() == 1, engine, "W2 insert of " + id + " did not insert one row");
                }
            }
            r.put(Workload.W2_INSERT, cfg.inserts() / seconds(t0));
            long total = cfg.rows() + (long) cfg.inserts();

            // W3: random primary-key lookups
            t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("SELECT pad FROM bench WHERE id = ?")) {
                for (int i = 0; i < cfg.lookups(); i++) {
                    long id = random.nextLong(total);
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        check(rs.next() && pad(id).equals(rs.getString(1)) && !rs.next(), engine,
                                "W3 lookup of " + id + " did not return its one row");
                    }
                }
            }
            r.put(Workload.W3_LOOKUP, cfg.lookups() / seconds(t0));

            // W4: range scans of 100 consecutive primary keys
            t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, val FROM bench WHERE id >= ? AND id < ? ORDER BY id")) {
                for (int i = 0; i < cfg.scans(); i++) {
                    long from = random.nextLong(total - SCAN_ROWS);
                    ps.setLong(1, from);
                    ps.setLong(2, from + SCAN_ROWS);
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            check(id == from + n && rs.getLong(2) == secondary(id), engine,
                                    "W4 scan from " + from + " returned row " + id + " at position " + n);
                            n++;
                        }
                    }
                    check(n == SCAN_ROWS, engine, "W4 scan from " + from + " returned " + n + " rows");
                }
            }
            r.put(Workload.W4_SCAN, cfg.scans() / seconds(t0));

            // W5: build a secondary index, then look rows up through it
            t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX bench_val ON bench (val)");
            }
            r.put(Workload.W5_BUILD, seconds(t0));
            t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bench WHERE val = ?")) {
                for (int i = 0; i < cfg.indexLookups(); i++) {
                    long id = random.nextLong(total);
                    ps.setLong(1, secondary(id));
                    try (ResultSet rs = ps.executeQuery()) {
                        check(rs.next() && rs.getLong(1) == id && !rs.next(), engine,
                                "W5 lookup of val " + secondary(id) + " did not return row " + id);
                    }
                }
            }
            r.put(Workload.W5_LOOKUP, cfg.indexLookups() / seconds(t0));

            // W6: GROUP BY aggregate over the whole table
            long[] expectCount = new long[GROUPS];
            long[] expectSum = new long[GROUPS];
            for (long id = 0; id < total; id++) {
                expectCount[(int) (id % GROUPS)]++;
                expectSum[(int) (id % GROUPS)] += secondary(id);
            }
            t0 = System.nanoTime();
            int groups = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT grp, COUNT(*), SUM(val) FROM bench GROUP BY grp")) {
                while (rs.next()) {
                    int g = rs.getInt(1);
                    check(g >= 0 && g < GROUPS && rs.getLong(2) == expectCount[g]
                            && rs.getBigDecimal(3).longValueExact() == expectSum[g], engine,
                            "W6 group " + g + " has count " + rs.getLong(2) + " sum " + rs.getString(3)
                                    + ", expected " + expectCount[Math.floorMod(g, GROUPS)] + " and "
                                    + expectSum[Math.floorMod(g, GROUPS)]);
                    groups++;
                }
            }
            r.put(Workload.W6_GROUP_BY, seconds(t0));
            check(groups == Math.min(GROUPS, total), engine, "W6 returned " + groups + " groups");
        }
        return r;
    }

    private static void bind(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setInt(2, (int) (id % GROUPS));
        ps.setLong(3, secondary(id));
        ps.setString(4, pad(id));
    }

    private static void check(boolean ok, Engine engine, String message) {
        if (!ok) {
            throw new IllegalStateException(engine.id() + ": " + message);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Cairn's speed relative to the best peer: above 1.0 means Cairn is faster (for seconds, the
     * peer's time over Cairn's; for rates, Cairn's rate over the peer's). NaN when either is absent.
     */
    static double ratio(Results results, Workload w) {
        Double cairn = results.medians().getOrDefault(Engine.CAIRN, Map.of()).get(w);
        Double best = null;
        for (Engine e : List.of(Engine.H2, Engine.SQLITE)) {
            Double v = results.medians().getOrDefault(e, Map.of()).get(w);
            if (v != null && (best == null || (w.higherIsBetter ? v > best : v < best))) {
                best = v;
            }
        }
        if (cairn == null || best == null) {
            return Double.NaN;
        }
        return w.higherIsBetter ? cairn / best : best / cairn;
    }

    static String markdown(Config cfg, Results results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# JDBC comparison, ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
        sb.append("Command: `java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.")
                .append(cfg.command().trim()).append("`\n\n");
        sb.append(String.format(Locale.ROOT,
                "Sizes: W1 %,d rows in %,d-row transactions; W2 %,d inserts; W3 %,d lookups; W4 %,d scans of %d rows;"
                        + " W5 %,d lookups; medians of %d repetition(s), each engine in a fresh directory%s.%n%n",
                cfg.rows(), LOAD_TXN_ROWS, cfg.inserts(), cfg.lookups(), cfg.scans(), SCAN_ROWS,
                cfg.indexLookups(), cfg.reps(),
                cfg.warmup() ? ", after one small unmeasured warm-up round per engine" : ", no warm-up round"));
        sb.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.vm.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB, JVM args ")
                .append(ManagementFactory.getRuntimeMXBean().getInputArguments()).append("\n\n");
        sb.append("Settings:\n\n");
        results.settings().forEach((e, s) -> sb.append("- ").append(e.id()).append(": ").append(s).append('\n'));
        sb.append('\n');
        List<Engine> engines = new ArrayList<>(results.medians().keySet());
        engines.sort(Comparator.naturalOrder());
        sb.append("| workload | unit |");
        engines.forEach(e -> sb.append(' ').append(e.id()).append(" |"));
        sb.append(" Cairn / best peer |\n|---|---|");
        engines.forEach(e -> sb.append("---:|"));
        sb.append("---:|\n");
        for (Workload w : Workload.values()) {
            sb.append("| ").append(w.label).append(" | ").append(w.unit).append(" |");
            for (Engine e : engines) {
                Double v = results.medians().get(e).get(w);
                sb.append(' ').append(v == null ? "-" : format(v, w)).append(" |");
            }
            double ratio = ratio(results, w);
            sb.append(' ').append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio))
                    .append(" |\n");
        }
        sb.append("\nCairn / best peer above 1.0 means Cairn is faster (for seconds: the peer's time over Cairn's).\n");
        return sb.toString();
    }

    private static String format(double v, Workload w) {
        return w.higherIsBetter ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private JdbcComparison() {
    }
}
