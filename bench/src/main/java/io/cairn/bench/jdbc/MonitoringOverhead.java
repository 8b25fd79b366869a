package io.cairn.bench.jdbc;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.cairn.monitoring.internal.MetricsComponent;

/**
 * W9, issue 8's overhead target: W7's TPC-B-like workload over embedded JDBC with the monitoring
 * plugin absent and present, in alternating rounds (absent, present, present with fast ASH,
 * absent, ...), and a fourth mode with only a counting listener (the kernel's instrumentation alone).
 * The database is opened the way the container opens it: core.sql's own
 * {@code DatabaseComponent} and {@code CairnDataSourceFactory}, activated from their component
 * descriptors by {@link ComponentHost}. "Present" activates every component of plugin.monitoring
 * from its descriptors the same way (the statement listener joins the SQL engine through the
 * database's whiteboard, the ASH sampler and writer threads start at the configured interval,
 * the alert evaluator loads its default rules from the database) and a scraper thread writes
 * the whole registry in the Prometheus text format every second, as {@code GET /api/v1/metrics}
 * does; between rounds the plugin's components are deactivated again, as uninstalling the
 * feature does. The loss is the drop of the median throughput against the absent rounds' median;
 * the process CPU time per committed transaction is shown too, because on a shared machine it
 * moves less than the rate.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.MonitoringOverhead [--quick] [--rounds 6]
 *     [--seconds 15] [--warmup 10] [--warmup-passes 2] [--threads 8] [--branches 10] [--accounts-per-branch 10000]
 *     [--fast-ash-millis 100] [--scrape-millis 1000] [--alert-seconds 10] [--modes absent,present,fast,trivial]
 *     [--dir base] [--out dir]
 * </pre>
 */
public final class MonitoringOverhead {

    /** The target: at most this throughput loss with the plugin present, in percent. */
    static final double TARGET_LOSS_PERCENT = 3.0;

    /** The plugin's components that must be active for a "present" round to count. */
    static final List<String> REQUIRED = List.of("io.cairn.monitoring.internal.MetricsComponent",
            "io.cairn.monitoring.internal.SqlStatsComponent", "io.cairn.monitoring.internal.AshComponent",
            "io.cairn.monitoring.internal.AlertComponent");

    /**
     * Threads the kernel itself starts while a workload runs (core.storage, core.txn, core.sql):
     * not counted among the threads born with the plugin. The report lists the names it counted.
     */
    static final List<String> KERNEL_THREADS = List.of("cairn-wal-", "cairn-page-writer", "cairn-async-commit-flush",
            "cairn-change-listener-", "cairn-maintenance-");

    private MonitoringOverhead() {
    }

    /** How the plugin is set for a round: absent, or present with an ASH interval. */
    record Mode(String name, long ashIntervalMillis, boolean trivialListener) {
        boolean present() {
            return ashIntervalMillis > 0;
        }

        boolean absent() {
            return !present() && !trivialListener;
        }
    }

    /**
     * The cheapest statement listener (counts statements, no CPU time, like the plugin's default):
     * registered alone, it shows what the kernel's instrumentation costs by itself, so a loss can
     * be told apart into the kernel's share and the plugin's.
     */
    static final class CountingListener implements io.cairn.sql.instrument.StatementListener {
        final java.util.concurrent.atomic.LongAdder statements = new java.util.concurrent.atomic.LongAdder();

        @Override
        public boolean wantsCpuTime() {
            return false;
        }

        @Override
        public void statementEnded(io.cairn.sql.instrument.StatementEnd end) {
            statements.increment();
        }
    }

    /** One measured round. */
    record Round(int round, Mode mode, Tpcb.Run run, double loadAverage, long scrapes, long scrapeBytes,
            double queriesCounted, double ashTicks, long newThreadsCpuNanos, java.util.SortedSet<String> newThreads,
            long gcMillis, long jitMillis) {
        double cpuMicrosPerTxn() {
            return run.processCpuNanos() < 0 || run.committed() == 0 ? Double.NaN
                    : run.processCpuNanos() / 1e3 / run.committed();
        }

        /** The clients' own CPU (statements, the listener call, commits) per committed transaction. */
        double clientCpuMicrosPerTxn() {
            return run.committed() == 0 ? Double.NaN : run.clientCpuNanos() / 1e3 / run.committed();
        }

        /** Time the collectors reported during the round, in percent of the round (not CPU: elapsed, summed). */
        double gcPercent() {
            return gcMillis / 10.0 / run.seconds();
        }

        /** Time the JIT compilers reported during the round, in percent of the round. */
        double jitPercent() {
            return jitMillis / 10.0 / run.seconds();
        }

        /** CPU of the threads started for the round (the plugin's, the scraper) in percent of one core. */
        double newThreadsCorePercent() {
            return newThreadsCpuNanos / 1e9 / run.seconds() * 100;
        }
    }

    /** The options of one run. */
    record Config(int rounds, double seconds, double warmupSeconds, int warmupPasses, int threads, Tpcb.Scale scale, long fastAshMillis,
            long scrapeMillis, long alertSeconds, List<String> modes, int maxRetries, Path base, Path out, boolean quick,
            String command) {

        static Config parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int rounds = quick ? 2 : 6;
            double seconds = quick ? 2 : 15;
            double warmup = quick ? 1 : 10;
            int passes = quick ? 1 : 2;
            int threads = quick ? 4 : 8;
            int branches = quick ? 4 : 10;
            int accountsPerBranch = quick ? 1_000 : 10_000;
            long fast = 100;
            long scrape = 1_000;
            long alert = defaultAlertInterval();
            List<String> modes = List.of("absent", "present", "fast", "trivial");
            Path base = Paths.get(System.getProperty("java.io.tmpdir"));
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--quick")) {
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value; see bench/README.md (W9)");
                }
                String v = args[++i];
                try {
                    switch (a) {
                        case "--rounds" -> rounds = positive(a, Integer.parseInt(v));
                        case "--seconds" -> seconds = positive(a, Double.parseDouble(v));
                        case "--warmup" -> warmup = Double.parseDouble(v);
                        case "--warmup-passes" -> passes = positive(a, Integer.parseInt(v));
                        case "--threads" -> threads = positive(a, Integer.parseInt(v));
                        case "--branches" -> branches = positive(a, Integer.parseInt(v));
                        case "--accounts-per-branch" -> accountsPerBranch = positive(a, Integer.parseInt(v));
                        case "--fast-ash-millis" -> fast = positive(a, Long.parseLong(v));
                        case "--scrape-millis" -> scrape = positive(a, Long.parseLong(v));
                        case "--alert-seconds" -> alert = positive(a, Long.parseLong(v));
                        case "--modes" -> modes = Stream.of(v.split(",")).map(String::trim).toList();
                        case "--dir" -> base = Paths.get(v);
                        case "--out" -> out = Paths.get(v);
                        default -> throw new IllegalArgumentException("unknown option " + a + "; see bench/README.md (W9)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(a + " needs a number, not '" + v + "'");
                }
            }
            for (String m : modes) {
                if (!List.of("absent", "present", "fast", "trivial").contains(m)) {
                    throw new IllegalArgumentException("--modes takes absent, present, fast and trivial, not '" + m + "'");
                }
            }
            if (!modes.contains("absent") || modes.stream().noneMatch(m -> !m.equals("absent"))) {
                throw new IllegalArgumentException("--modes needs absent and at least one of present, fast, trivial");
            }
            if (modes.stream().distinct().count() != modes.size()) {
                throw new IllegalArgumentException("--modes lists a mode twice: " + modes);
            }
            return new Config(rounds, seconds, Math.max(0, warmup), passes, threads, new Tpcb.Scale(branches, 10, accountsPerBranch),
                    fast, scrape, alert, modes, 10, base, out, quick, "MonitoringOverhead " + String.join(" ", args));
        }

        private static int positive(String option, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(option + " must be positive, was " + v);
            }
            return v;
        }

        private static long positive(String option, long v) {
            if (v <= 0) {
                throw new IllegalArgumentException(option + " must be positive, was " + v);
            }
            return v;
        }

        private static double positive(String option, double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException(option + " must be positive, was " + v);
            }
            return v;
        }

        List<Mode> modeList() {
            long present = defaultAshInterval();
            return modes.stream().map(m -> switch (m) {
                case "absent" -> new Mode("absent", 0, false);
                case "present" -> new Mode("present", present, false);
                case "trivial" -> new Mode("no plugin, a counting listener", 0, true);
                default -> new Mode("present, ASH every " + fastAshMillis + " ms", fastAshMillis, false);
            }).toList();
        }
    }

    /** What a run measured, and every problem it found. */
    record Results(Config config, List<Round> rounds, List<String> activated, Map<String, String> inactive,
            List<String> problems, String report) {
    }

    public static void main(String[] args) throws Exception {
        Results r = run(Config.parse(args));
        System.out.println(r.report());
        if (!r.problems().isEmpty()) {
            System.exit(1);
        }
    }

    /** ashIntervalMillis as the plugin's configuration declares it (what a fresh install runs with). */
    static long defaultAshInterval() {
        return pluginDefault("ashIntervalMillis");
    }

    /** alertIntervalSeconds as the plugin's configuration declares it. */
    static long defaultAlertInterval() {
        return pluginDefault("alertIntervalSeconds");
    }

    private static long pluginDefault(String setting) {
        try {
            return (Long) io.cairn.monitoring.internal.MonitoringConfig.class.getMethod(setting).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("plugin.monitoring has no " + setting + " setting", e);
        }
    }

    static Results run(Config config) throws Exception {
        Class.forName("io.cairn.sql.internal.jdbc.CairnDriver"); // see JdbcComparison: DriverManager once missed it
        Files.createDirectories(config.base());
        Path dir = Files.createTempDirectory(config.base(), "overhead");
        List<String> problems = new ArrayList<>();
        List<Round> rounds = new ArrayList<>();
        List<String> activated = new ArrayList<>();
        Map<String, String> inactive = new LinkedHashMap<>();
        ComponentHost host = new ComponentHost();
        host.configure("io.cairn.database", Map.of("name", "default", "directory", dir.resolve("db").toString()));
        List<ComponentHost.Descriptor> kernelDescriptors = ComponentHost.descriptors(
                io.cairn.sql.internal.DatabaseComponent.class, "io.cairn.sql.");
        List<ComponentHost.Descriptor> plugin = ComponentHost.descriptors(MetricsComponent.class, "io.cairn.monitoring.");
        ComponentHost.Started kernel = host.start(kernelDescriptors);
        try {
            if (!kernel.inactive().isEmpty()) {
                throw new IllegalStateException("core.sql's components did not start: " + kernel.inactive());
            }
            Tpcb tpcb = new Tpcb(JdbcComparison.Engine.CAIRN, dir, config.scale(), config.maxRetries());
            tpcb.load();
            List<Mode> modes = config.modeList();
            // The listener coming and going makes the JIT recompile the statement path (a JFR recording
            // showed seconds of compilation in the first present rounds): warm up every mode more than once.
            for (int pass = 0; pass < config.warmupPasses() && config.warmupSeconds() > 0; pass++) {
                for (Mode m : modes) {
                    round(host, plugin, tpcb, config, dir, m, -1, config.warmupSeconds(), problems, activated, inactive);
                }
            }
            for (int i = 1; i <= config.rounds(); i++) {
                // the order rotates (A P F, P F A, F A P, ...) so a drift in the machine or the JIT
                // does not always favour the same mode
                List<Mode> order = new ArrayList<>(modes);
                java.util.Collections.rotate(order, -(i - 1));
                for (Mode m : order) {
                    rounds.add(round(host, plugin, tpcb, config, dir, m, i, config.seconds(), problems, activated, inactive));
                }
            }
        } finally {
            host.stop(kernel);
            deleteTree(dir);
        }
        String report = report(config, rounds, activated, inactive, problems);
        if (config.out() != null) {
            Files.createDirectories(config.out());
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
            Files.writeString(config.out().resolve("overhead-" + stamp + (config.quick() ? "-quick" : "") + ".md"), report);
        }
        return new Results(config, rounds, activated, inactive, problems, report);
    }

    /** One round of the workload in {@code mode}; round -1 is a warm-up (checked, not kept). */
    private static Round round(ComponentHost host, List<ComponentHost.Descriptor> plugin, Tpcb tpcb, Config config,
            Path dir, Mode mode, int round, double seconds, List<String> problems, List<String> activated,
            Map<String, String> inactive) throws Exception {
        String where = (round < 0 ? "warm-up" : "round " + round) + " " + mode.name();
        ComponentHost.Started started = null;
        ScheduledExecutorService scraper = null;
        AtomicLong scrapes = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<String> scrapeError = new AtomicReference<>();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        java.util.Set<Long> before = new java.util.HashSet<>();
        for (long id : threads.getAllThreadIds()) {
            before.add(id);
        }
        long newThreadsCpu = 0;
        java.util.SortedSet<String> newThreads = new java.util.TreeSet<>();
        long gcBefore = gcMillis();
        long jitBefore = jitMillis();
        long gc;
        long jit;
        Tpcb.Run run;
        String finalScrape = "";
        CountingListener counting = null;
        AutoCloseable countingRegistration = null;
        try {
            if (mode.trivialListener()) {
                counting = new CountingListener();
                countingRegistration = host.registerService(io.cairn.sql.instrument.StatementListener.class, counting,
                        Map.of());
            }
            if (mode.present()) {
                host.configure("io.cairn.monitoring", Map.of("ashIntervalMillis", mode.ashIntervalMillis(),
                        "alertIntervalSeconds", config.alertSeconds(),
                        "slowQueryLogDirectory", dir.resolve("monitoring").toString()));
                started = host.start(plugin);
                activated.clear();
                started.active().forEach(a -> activated.add(a.name()));
                inactive.clear();
                inactive.putAll(started.inactive());
                List<String> missing = REQUIRED.stream().filter(n -> !activated.contains(n)).toList();
                if (!missing.isEmpty()) {
                    throw new IllegalStateException("plugin.monitoring's components " + missing + " did not start: "
                            + started.inactive());
                }
                MetricsComponent metrics = host.service(MetricsComponent.class);
                scraper = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-prometheus-scraper");
                    t.setDaemon(true);
                    return t;
                });
                scraper.scheduleAtFixedRate(() -> {
                    try {
                        StringWriter out = new StringWriter(16 * 1024);
                        metrics.exposition().write(out); // what GET /api/v1/metrics answers
                        scrapes.incrementAndGet();
                        bytes.addAndGet(out.getBuffer().length());
                    } catch (IOException | RuntimeException e) {
                        scrapeError.compareAndSet(null, e.toString());
                    }
                }, config.scrapeMillis(), config.scrapeMillis(), TimeUnit.MILLISECONDS);
            }
            run = tpcb.run(config.threads(), seconds, 42 + Math.max(round, 0));
            gc = gcMillis() - gcBefore; // includes the invariant check after the clients stop; small against the round
            jit = jitMillis() - jitBefore;
            if (mode.present()) {
                StringWriter out = new StringWriter();
                host.service(MetricsComponent.class).exposition().write(out);
                finalScrape = out.toString();
            }
            // threads born with the round (the plugin's and the scraper; not the clients', not the kernel's) still
            // live: their CPU is the plugin's background cost
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && !before.contains(t.getThreadId()) && !t.getThreadName().startsWith("tpcb-")
                        && KERNEL_THREADS.stream().noneMatch(t.getThreadName()::startsWith)) {
                    long cpu = threads.getThreadCpuTime(t.getThreadId());
                    if (cpu > 0) {
                        newThreadsCpu += cpu;
                        newThreads.add(t.getThreadName());
                    }
                }
            }
        } finally {
            if (countingRegistration != null) {
                countingRegistration.close();
            }
            if (scraper != null) {
                scraper.shutdownNow();
                scraper.awaitTermination(10, TimeUnit.SECONDS);
            }
            if (started != null) {
                host.stop(started); // as uninstalling the feature does
            }
        }
        if (!run.invariantHolds()) {
            problems.add(where + ": W7's invariant is BROKEN: " + run.invariant());
        }
        if (run.failed() > 0) {
            problems.add(where + ": " + run.failed() + " transactions failed after " + config.maxRetries() + " retries");
        }
        run.errors().forEach(e -> problems.add(where + ": " + e));
        if (scrapeError.get() != null) {
            problems.add(where + ": a scrape failed: " + scrapeError.get());
        }
        double queries = counting != null ? counting.statements.sum()
                : sum(finalScrape, "cairn_queries_total{database=\"default\"");
        double ticks = sum(finalScrape, "cairn_ash_sample_duration_seconds_count");
        if (mode.trivialListener() && queries < run.committed() * 6) {
            problems.add(where + ": the counting listener saw " + (long) queries + " statements for " + run.committed()
                    + " committed TPC-B transactions");
        }
        if (mode.present()) {
            long expectedScrapes = (long) (seconds * 1000 / config.scrapeMillis()) - 1;
            if (scrapes.get() < Math.max(1, expectedScrapes)) {
                problems.add(where + ": " + scrapes.get() + " scrapes in " + seconds + " s, expected about "
                        + (expectedScrapes + 1));
            }
            // six statements per committed transaction (4 DML, 1 SELECT, COMMIT) at least
            if (queries < run.committed() * 6) {
                problems.add(where + ": the plugin counted " + (long) queries + " statements for " + run.committed()
                        + " committed TPC-B transactions (at least " + run.committed() * 6 + " expected)");
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,.0f txn/s, %.0f µs CPU/txn (clients %.0f), new threads %.2f%% of a core "
                + "%s, GC %d ms, JIT %d ms, p50 %.2f ms, p99 %.2f ms, %d retries, load %.1f%s%n", where, run.perSecond(),
                run.processCpuNanos() / 1e3 / Math.max(1, run.committed()),
                run.clientCpuNanos() / 1e3 / Math.max(1, run.committed()), newThreadsCpu / 1e9 / run.seconds() * 100,
                newThreads, gc, jit, run.p50Millis(), run.p99Millis(),
                run.retries(), load, mode.present() ? String.format(Locale.ROOT, ", %d scrapes (%,d bytes each), "
                        + "%,.0f statements counted, %,.0f ASH ticks", scrapes.get(),
                        scrapes.get() == 0 ? 0 : bytes.get() / scrapes.get(), queries, ticks) : "");
        return new Round(round, mode, run, load, scrapes.get(), bytes.get(), queries, ticks, newThreadsCpu, newThreads,
                gc, jit);
    }

    /** Milliseconds the garbage collectors have spent since the JVM started (their own accounting). */
    static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Milliseconds the JIT compilers have spent since the JVM started, or 0 where the JVM does not say. */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** The sum of the samples of every series whose line starts with {@code prefix} in a Prometheus text. */
    static double sum(String exposition, String prefix) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Loss in percent of {@code value} against {@code base} (negative: faster). */
    static double lossPercent(double base, double value) {
        return (1 - value / base) * 100;
    }

    static String report(Config c, List<Round> rounds, List<String> activated, Map<String, String> inactive,
            List<String> problems) {
        StringBuilder b = new StringBuilder();
        b.append("# W9: monitoring plugin overhead on TPC-B-like JDBC (issue 8)\n\n");
        b.append("Command: `java -cp bench/target/benchmarks.jar io.cairn.bench.jdbc.").append(c.command()).append("`\n\n");
        b.append(String.format(Locale.ROOT, "%s; %d CPUs, Java %s; %d rounds per mode of %.0f s (after %d warm-up "
                + "pass(es) of %.0f s per mode), %d threads, %d branches × (10 tellers, %,d accounts); scrape every %d ms, alerts evaluated "
                + "every %d s; mode order rotating by round.%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), c.rounds(), c.seconds(),
                c.warmupPasses(), c.warmupSeconds(), c.threads(), c.scale().branches(), c.scale().accountsPerBranch(), c.scrapeMillis(),
                c.alertSeconds()));
        b.append("Plugin components active in present rounds: ").append(activated.stream()
                .map(n -> n.substring(n.lastIndexOf('.') + 1)).sorted().toList()).append("\n\n");
        if (!inactive.isEmpty()) {
            b.append("Not active (as in a container without them):\n");
            inactive.forEach((n, why) -> b.append("- ").append(n.substring(n.lastIndexOf('.') + 1)).append(": ")
                    .append(why).append('\n'));
            b.append('\n');
        }
        b.append("| round | mode | txn/s | CPU µs/txn | clients' CPU µs/txn | new threads' CPU, % of a core "
                + "| GC, % of time | JIT, % of time | p50 ms | p99 ms | retries | load avg | scrapes | ASH ticks |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Round r : rounds) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %.0f | %.1f | %.2f | %.1f | %.1f | %.2f | %.2f | %d | %.1f | %s | %s |%n",
                    r.round(), r.mode().name(), r.run().perSecond(), r.cpuMicrosPerTxn(), r.clientCpuMicrosPerTxn(),
                    r.newThreadsCorePercent(), r.gcPercent(), r.jitPercent(), r.run().p50Millis(),
                    r.run().p99Millis(), r.run().retries(), r.loadAverage(),
                    r.mode().present() ? r.scrapes() : "", r.mode().present() ? String.format("%.0f", r.ashTicks()) : ""));
        }
        java.util.SortedSet<String> born = new java.util.TreeSet<>();
        rounds.forEach(r -> born.addAll(r.newThreads()));
        b.append("\nThreads started during rounds (their CPU is the \"new threads\" column): ").append(born).append('\n');
        List<Mode> modes = c.modeList();
        Mode absent = modes.stream().filter(Mode::absent).findFirst().orElseThrow();
        double[] baseRate = rates(rounds, absent);
        double[] baseCpu = cpus(rounds, absent);
        double[] baseClient = values(rounds, absent, Round::clientCpuMicrosPerTxn);
        b.append("\n| mode | median txn/s (min-max) | loss | loss paired by round, median (min-max) | median CPU µs/txn (min-max) "
                + "| CPU change | clients' CPU µs/txn, change | new threads, % of a core | GC, JIT % of time | target < 3% |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Mode m : modes) {
            double[] rate = rates(rounds, m);
            double[] cpu = cpus(rounds, m);
            double[] client = values(rounds, m, Round::clientCpuMicrosPerTxn);
            double[] background = values(rounds, m, Round::newThreadsCorePercent);
            double[] gcs = values(rounds, m, Round::gcPercent);
            double[] jits = values(rounds, m, Round::jitPercent);
            if (rate.length == 0) {
                continue;
            }
            String loss = "";
            String paired = "";
            String cpuCost = "";
            String clientCost = String.format(Locale.ROOT, "%.1f", median(client));
            String verdict = "";
            if (!m.absent()) {
                double l = lossPercent(median(baseRate), median(rate));
                int n = Math.min(rate.length, baseRate.length);
                double[] pairs = new double[n];
                for (int i = 0; i < n; i++) {
                    pairs[i] = lossPercent(baseRate[i], rate[i]);
                }
                loss = String.format(Locale.ROOT, "%+.1f%%", l);
                paired = String.format(Locale.ROOT, "%+.1f%% (%+.1f%% to %+.1f%%)", median(pairs), min(pairs), max(pairs));
                cpuCost = String.format(Locale.ROOT, "%+.1f%%", -lossPercent(median(baseCpu), median(cpu)));
                clientCost += String.format(Locale.ROOT, ", %+.1f%%", -lossPercent(median(baseClient), median(client)));
                verdict = l < TARGET_LOSS_PERCENT ? "**pass**" : "**fail**";
                if (m.trivialListener()) {
                    verdict = "(the kernel's share: not the plugin)";
                } else if (m.ashIntervalMillis() != defaultAshInterval()) {
                    verdict += " (not the default setting: shows the cost)";
                }
            }
            b.append(String.format(Locale.ROOT, "| %s | %,.0f (%,.0f-%,.0f) | %s | %s | %.0f (%.0f-%.0f) | %s | %s | %.2f%% "
                    + "| %.1f%%, %.1f%% | %s |%n", m.name(), median(rate), min(rate), max(rate), loss, paired, median(cpu),
                    min(cpu), max(cpu), cpuCost, clientCost, median(background), median(gcs), median(jits), verdict));
        }
        double spread = baseRate.length == 0 ? 0 : (max(baseRate) - min(baseRate)) / median(baseRate) * 100;
        b.append(String.format(Locale.ROOT, "%nThe absent rounds alone spread over %.1f%% of their median: a loss "
                + "smaller than that is within this run's noise.%n", spread));
        if (!problems.isEmpty()) {
            b.append("\nProblems:\n");
            problems.forEach(p -> b.append("- ").append(p).append('\n'));
        }
        return b.toString();
    }

    private static double[] rates(List<Round> rounds, Mode m) {
        return rounds.stream().filter(r -> r.mode().equals(m)).mapToDouble(r -> r.run().perSecond()).toArray();
    }

    private static double[] values(List<Round> rounds, Mode m, java.util.function.ToDoubleFunction<Round> f) {
        return rounds.stream().filter(r -> r.mode().equals(m)).mapToDouble(f).toArray();
    }

    private static double[] cpus(List<Round> rounds, Mode m) {
        return rounds.stream().filter(r -> r.mode().equals(m)).mapToDouble(Round::cpuMicrosPerTxn).toArray();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
