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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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

        /**
         * Opens a connection with the engine's durability settings: SQLite gets WAL, synchronous=FULL
         * (set per connection) and a 30 s busy timeout; Cairn and H2 keep their defaults.
         */
        Connection connect(Path dir) throws SQLException {
            Properties p = new Properties();
            if (this == SQLITE) {
                p.setProperty("journal_mode", "WAL");
                p.setProperty("synchronous", "FULL");
                p.setProperty("busy_timeout", "30000");
            }
            return DriverManager.getConnection(url(dir), p);
        }

        /** Describes the settings a connection runs with, read back from the engine where it can tell. */
        String describe(Connection c) throws SQLException {
            String version = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            try (Statement s = c.createStatement()) {
                switch (this) {
                    case CAIRN:
                        return version + ", driver defaults: every COMMIT and autocommit statement is a SYNC commit"
                                + " (log fsynced before it returns), READ COMMITTED; " + rows(s,
                                "SELECT name, value FROM v$parameter WHERE scope = 'DATABASE' ORDER BY name");
                    case H2:
                        return version + " file mode, all defaults (MVStore), READ COMMITTED; commits are neither"
                                + " fsynced nor written at once (WRITE_DELAY, ms), so W2 and W7 are not durable-commit"
                                + " numbers and a kill -9 can lose acknowledged commits (W8); " + rows(s,
                                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME"
                                        + " IN ('WRITE_DELAY', 'LOCK_TIMEOUT', 'CACHE_SIZE', 'RETENTION_TIME', 'info.PAGE_SIZE')"
                                        + " ORDER BY SETTING_NAME");
                    default:
                        return version + ", journal_mode=" + one(s, "PRAGMA journal_mode") + ", synchronous="
                                + one(s, "PRAGMA synchronous") + " (2 = FULL), W7 clients use BEGIN IMMEDIATE, busy_timeout="
                                + one(s, "PRAGMA busy_timeout") + " ms, cache_size=" + one(s, "PRAGMA cache_size")
                                + " (negative: KiB)";
                }
            }
        }

        /**
         * Whether a failed transaction may succeed when run again: serialization failures and deadlock
         * victims (SQLSTATE class 40), lock timeouts (Cairn 55P03, H2 HYT00), H2's concurrent update
         * (90131) and SQLite's BUSY / LOCKED.
         */
        boolean isRetryable(SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("40") || state.equals("55P03") || state.equals("HYT00")
                    || state.equals("90131"))) {
                return true;
            }
            int primary = e.getErrorCode() & 0xFF;
            return this == SQLITE && (primary == 5 || primary == 6);
        }
    }

    /** The measured workloads, in the order they run. */
    public enum Workload {
        W1_LOAD("W1 bulk load", "W1", "s", false),
        W2_INSERT("W2 autocommit inserts", "W2", "ops/s", true),
        W3_LOOKUP("W3 PK lookups", "W3", "ops/s", true),
        W4_SCAN("W4 range scans (100 rows)", "W4", "scans/s", true),
        W5_BUILD("W5 CREATE INDEX", "W5 build", "s", false),
        W5_LOOKUP("W5 secondary lookups", "W5 lookups", "ops/s", true),
        W6_GROUP_BY("W6 GROUP BY", "W6", "s", false),
        W7_1("W7 TPC-B-like, 1 thread", "W7 1 thr", "txn/s", true),
        W7_4("W7 TPC-B-like, 4 threads", "W7 4 thr", "txn/s", true),
        W7_8("W7 TPC-B-like, 8 threads", "W7 8 thr", "txn/s", true),
        W8_RECOVERY("W8 kill -9, reopen + first query", "W8", "s", false);

        final String label;
        final String shortLabel;
        final String unit;
        final boolean higherIsBetter;

        Workload(String label, String shortLabel, String unit, boolean higherIsBetter) {
            this.label = label;
            this.shortLabel = shortLabel;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }

        /** The W7 workload of a thread count. */
        static Workload tpcb(int threads) {
            return switch (threads) {
                case 1 -> W7_1;
                case 4 -> W7_4;
                case 8 -> W7_8;
                default -> throw new IllegalArgumentException("W7 runs 1, 4 and 8 threads, not " + threads);
            };
        }
    }

    /** W7's thread counts, as the issue fixes them. */
    static final int[] TPCB_THREADS = {1, 4, 8};

    /** The parts of a run {@code --only} can pick. */
    enum Part {
        DISK, SQL, W7, W8
    }

    /** Sizes and places of a run. */
    public record Config(Path base, Path out, int rows, int inserts, int lookups, int scans, int indexLookups,
            int reps, List<Engine> engines, String command, boolean warmup, boolean quick, double tpcbSeconds,
            Tpcb.Scale tpcbScale, int maxRetries, int w8Rows, double w8KillAfterSeconds, double diskSeconds,
            int diskMiB, Set<Part> parts) {

        public static Config parse(String... args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int rows = quick ? 20_000 : 1_000_000;
            int inserts = quick ? 300 : 5_000;
            int lookups = quick ? 5_000 : 500_000;
            int scans = quick ? 200 : 2_000;
            int indexLookups = quick ? 500 : 20_000;
            int reps = quick ? 1 : 3;
            double tpcbSeconds = quick ? 2 : 15;
            int branches = quick ? 8 : 10;
            int accountsPerBranch = quick ? 1_000 : 10_000;
            int maxRetries = 10;
            int w8Rows = quick ? 5_000 : 100_000;
            double w8Kill = quick ? 1 : 3;
            double diskSeconds = quick ? 1 : 3;
            int diskMiB = quick ? 32 : 256;
            Set<Part> parts = EnumSet.allOf(Part.class);
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
                    case "--tpcb-seconds" -> tpcbSeconds = Double.parseDouble(args[++i]);
                    case "--tpcb-branches" -> branches = Integer.parseInt(args[++i]);
                    case "--tpcb-accounts-per-branch" -> accountsPerBranch = Integer.parseInt(args[++i]);
                    case "--max-retries" -> maxRetries = Integer.parseInt(args[++i]);
                    case "--w8-rows" -> w8Rows = Integer.parseInt(args[++i]);
                    case "--w8-kill-after" -> w8Kill = Double.parseDouble(args[++i]);
                    case "--disk-seconds" -> diskSeconds = Double.parseDouble(args[++i]);
                    case "--disk-mib" -> diskMiB = Integer.parseInt(args[++i]);
                    case "--only" -> parts = Stream.of(args[++i].split(","))
                            .map(e -> Part.valueOf(e.trim().toUpperCase(Locale.ROOT)))
                            .collect(() -> EnumSet.noneOf(Part.class), Set::add, Set::addAll);
                    case "--dir" -> base = Paths.get(args[++i]);
                    case "--out" -> out = Paths.get(args[++i]);
                    case "--engines" -> engines = Stream.of(args[++i].split(","))
                            .map(e -> Engine.valueOf(e.trim().toUpperCase(Locale.ROOT))).toList();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; see the class comment of JdbcComparison or bench/README.md");
                }
            }
            if (rows <= SCAN_ROWS) {
                throw new IllegalArgumentException("--rows must exceed " + SCAN_ROWS);
            }
            if (branches < 1 || accountsPerBranch < 1 || w8Rows < 1 || reps < 1 || maxRetries < 0) {
                throw new IllegalArgumentException("sizes, repetitions and W8 rows must be positive, retries not negative");
            }
            return new Config(base, out, rows, inserts, lookups, scans, indexLookups, reps, engines,
                    "JdbcComparison " + String.join(" ", args), warmup, quick, tpcbSeconds,
                    new Tpcb.Scale(branches, 10, accountsPerBranch), maxRetries, w8Rows, w8Kill, diskSeconds,
                    diskMiB, parts);
        }

        boolean runs(Part part) {
            return parts.contains(part);
        }
    }

    /**
     * What a run measured: medians per engine and workload, each engine's settings, every W7 run and
     * W8 recovery, the disk's facts per repetition, the machine, and every problem found (wrong
     * answers, broken invariants, lost commits, errors), which {@link #main} turns into exit status 1.
     */
    public record Results(Map<Engine, Map<Workload, Double>> medians, Map<Engine, String> settings,
            Map<Engine, List<Tpcb.Run>> tpcb, Map<Engine, List<KillRecovery.Result>> recoveries,
            List<DiskFacts> disk, List<String> problems, Machine machine) {

        /** Just medians, for tests of the arithmetic. */
        Results(Map<Engine, Map<Workload, Double>> medians) {
            this(medians, Map.of(), Map.of(), Map.of(), List.of(), List.of(), null);
        }

        /** The medians of the disk facts over the repetitions, or null if none were measured. */
        DiskFacts diskMedian() {
            if (disk.isEmpty()) {
                return null;
            }
            return new DiskFacts(median(disk.stream().map(DiskFacts::floorOpsPerSecond).toList()),
                    median(disk.stream().map(DiskFacts::floorMedianMillis).toList()),
                    median(disk.stream().map(DiskFacts::floorP99Millis).toList()),
                    median(disk.stream().map(DiskFacts::bandwidthMiBPerSecond).toList()));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(KillRecovery.CHILD)) {
            KillRecovery.main(args);
            return;
        }
        Config config = Config.parse(args);
        Results results = run(config);
        String md = Report.markdown(config, results);
        System.out.println();
        System.out.println(md);
        Files.createDirectories(config.out());
        String name = "jdbc-" + DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm").format(LocalDateTime.now(ZoneOffset.UTC))
                + (config.quick() ? "-quick" : "");
        Path file = config.out().resolve(name + ".md");
        Files.writeString(file, md);
        Path png = config.out().resolve(name + ".png");
        ResultsChart.write(results, "Cairn, H2 and SQLite over JDBC, " + LocalDate.now(ZoneOffset.UTC)
                + (config.quick() ? " (--quick)" : ""), png);
        System.out.println("written to " + file + " and " + png);
        if (!results.problems().isEmpty()) {
            System.out.println("FAILED: " + results.problems().size() + " problem(s), listed above");
            System.exit(1);
        }
    }

    public static Results run(Config config) throws Exception {
        Map<Engine, String> settings = new EnumMap<>(Engine.class);
        Map<Engine, Map<Workload, List<Double>>> samples = new EnumMap<>(Engine.class);
        Map<Engine, List<Tpcb.Run>> tpcb = new EnumMap<>(Engine.class);
        Map<Engine, List<KillRecovery.Result>> recoveries = new EnumMap<>(Engine.class);
        List<DiskFacts> disk = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Machine machine = Machine.describe(config.base());
        Files.createDirectories(config.base());
        // ServiceLoader should find all three; once, under surefire, DriverManager reported "No suitable
        // driver" for jdbc:cairn: (not reproduced since), so load the classes explicitly as well.
        for (String driver : List.of("io.cairn.sql.internal.jdbc.CairnDriver", "org.h2.Driver", "org.sqlite.JDBC")) {
            Class.forName(driver);
        }
        if (config.warmup() && config.runs(Part.SQL)) {
            // One small unmeasured round per engine first, so the engine measured first does not pay
            // for class loading and JIT compilation alone.
            Config small = new Config(config.base(), config.out(), 5_000, 100, 5_000, 200, 500, 1,
                    config.engines(), config.command(), false, true, 0, config.tpcbScale(), 0, 1, 0, 0, 0,
                    config.parts());
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
        // Repetitions outermost, engines inside: on a shared machine, load that drifts hits all engines alike.
        for (int i = 0; i < config.reps(); i++) {
            int rep = i;
            machine.sampleLoad();
            if (config.runs(Part.DISK)) {
                DiskFacts d = DiskFacts.measure(config.base(), config.diskSeconds(), config.diskMiB());
                disk.add(d);
                System.out.printf(Locale.ROOT, "rep %d disk: %s%n", rep + 1, d);
            }
            for (Engine engine : config.engines()) {
                Map<Workload, List<Double>> mine = samples.computeIfAbsent(engine, e -> new EnumMap<>(Workload.class));
                String where = engine.id() + " rep " + (rep + 1);
                if (config.runs(Part.SQL)) {
                    attempt(problems, where + " W1-W6", config.base(), "jdbc-" + engine.id() + "-", dir -> {
                        Map<Workload, Double> one = runOnce(engine, dir, config, rep, settings);
                        one.forEach((w, v) -> mine.computeIfAbsent(w, k -> new ArrayList<>()).add(v));
                        System.out.printf(Locale.ROOT, "%s: %s%n", where, one);
                    });
                }
                if (config.runs(Part.W7)) {
                    attempt(problems, where + " W7", config.base(), "tpcb-" + engine.id() + "-", dir -> {
                        Tpcb bench = new Tpcb(engine, dir, config.tpcbScale(), config.maxRetries());
                        bench.load();
                        for (int threads : TPCB_THREADS) {
                            Tpcb.Run r = bench.run(threads, config.tpcbSeconds(), 42 + rep);
                            tpcb.computeIfAbsent(engine, e -> new ArrayList<>()).add(r);
                            mine.computeIfAbsent(Workload.tpcb(threads), k -> new ArrayList<>()).add(r.perSecond());
                            System.out.printf(Locale.ROOT, "%s W7: %s%n", where, r);
                            if (!r.invariantHolds()) {
                                problems.add(where + " W7 " + threads + " threads: invariant BROKEN: " + r.invariant());
                            }
                            if (r.failed() > 0) {
                                problems.add(where + " W7 " + threads + " threads: " + r.failed()
                                        + " transaction(s) failed after " + config.maxRetries() + " retries");
                            }
                            r.errors().forEach(e -> problems.add(where + " W7 " + threads + " threads: " + e));
                        }
                    });
                }
                if (config.runs(Part.W8)) {
                    attempt(problems, where + " W8", config.base(), "kill-" + engine.id() + "-", dir -> {
                        KillRecovery.Result r = KillRecovery.run(engine, dir, config.w8Rows(), config.w8KillAfterSeconds());
                        recoveries.computeIfAbsent(engine, e -> new ArrayList<>()).add(r);
                        mine.computeIfAbsent(Workload.W8_RECOVERY, k -> new ArrayList<>()).add(r.openSeconds());
                        System.out.printf(Locale.ROOT, "%s W8: %s%n", where, r);
                        if (r.problem() != null) {
                            problems.add(where + " W8: " + r.problem());
                        }
                    });
                }
                if (!settings.containsKey(engine)) {
                    Path dir = Files.createTempDirectory(config.base(), "settings-" + engine.id() + "-");
                    try (Connection c = engine.connect(dir)) {
                        settings.put(engine, engine.describe(c));
                    } finally {
                        deleteTree(dir);
                    }
                }
            }
        }
        machine.sampleLoad();
        Map<Engine, Map<Workload, Double>> medians = new EnumMap<>(Engine.class);
        samples.forEach((engine, byWorkload) -> {
            Map<Workload, Double> m = new EnumMap<>(Workload.class);
            byWorkload.forEach((w, list) -> m.put(w, median(list)));
            medians.put(engine, m);
        });
        for (String p : problems) {
            System.out.println("PROBLEM: " + p);
        }
        return new Results(medians, settings, tpcb, recoveries, disk, problems, machine);
    }

    /** A step of a run in a fresh directory; what it throws becomes a reported problem, not the end of the run. */
    private interface Step {
        void run(Path dir) throws Exception;
    }

    private static void attempt(List<String> problems, String where, Path base, String prefix, Step step)
            throws IOException {
        Path dir = Files.createTempDirectory(base, prefix);
        try {
            step.run(dir);
        } catch (Exception | AssertionError e) {
            String message = where + ": " + Tpcb.describe(e);
            System.out.println("PROBLEM: " + message);
            e.printStackTrace(System.out);
            problems.add(message);
        } finally {
            deleteTree(dir);
        }
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
        try (Connection c = engine.connect(dir)) {
            settings.put(engine, engine.describe(c));
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

    /** The rows of a two-column query as {@code a=b, c=d}; what failed if the engine cannot answer it. */
    private static String rows(Statement s, String sql) {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(rs.getString(1)).append('=').append(rs.getString(2));
            }
        } catch (SQLException e) {
            return "(settings not readable: " + e.getMessage() + ")";
        }
        return sb.toString();
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
            if (wrong(results, e, w) != null) {
                continue; // a peer that lost commits or broke W7's invariant sets no bar
            }
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

    /** Why an engine's figure for a workload is not a correct run (lost commits, broken invariant), or null. */
    static String wrong(Results results, Engine e, Workload w) {
        if (w == Workload.W8_RECOVERY) {
            long bad = results.recoveries().getOrDefault(e, List.of()).stream().filter(r -> r.problem() != null).count();
            return bad == 0 ? null : "lost or torn commits in " + bad + " run(s)";
        }
        for (int threads : TPCB_THREADS) {
            if (w == Workload.tpcb(threads)) {
                long bad = results.tpcb().getOrDefault(e, List.of()).stream()
                        .filter(r -> r.threads() == threads && !r.invariantHolds()).count();
                return bad == 0 ? null : "invariant broken in " + bad + " run(s)";
            }
        }
        return null;
    }

    static void deleteTree(Path dir) {
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
