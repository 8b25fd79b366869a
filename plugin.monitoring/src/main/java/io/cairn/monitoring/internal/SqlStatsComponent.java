package io.cairn.monitoring.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.Counter;

import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.DurationHistogram;
import io.cairn.monitoring.internal.metrics.MetricFamily;
import io.cairn.monitoring.internal.sql.SlowQuery;
import io.cairn.monitoring.internal.sql.SqlStats;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementListener;

/**
 * Watches every statement of every database (a {@link StatementListener}): per-digest figures for
 * {@code v$sql}, the query count and duration histogram metrics, and the slow-query log. On the
 * statement's thread it only adds to counters; slow queries are written by a background thread.
 */
@Component(service = {StatementListener.class, SqlStatsComponent.class}, immediate = true,
        configurationPid = AshComponent.PID) // the same configuration as ASH, designated there
public final class SqlStatsComponent implements StatementListener {

    private static final Logger LOG = LoggerFactory.getLogger(SqlStatsComponent.class);
    /** Upper bounds of cairn_query_duration_seconds, from a point lookup to a report query. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60};
    /** Slow queries v$slow_query keeps (all databases); older ones are only in the file. */
    static final int SLOW_KEPT = 1000;
    public static final String LOG_FILE = "slow-query.jsonl";

    /** The metrics of one database, created on its first statement. */
    private record DatabaseSeries(Counter ok, Counter failed, Counter slow, DurationHistogram duration) {
    }

    private final long slowNanos;
    private final int maxDigests;
    private final Path logFile;
    private final CairnMetrics metrics;
    private final MetricFamily queries;
    private final MetricFamily duration;
    private final MetricFamily slowQueries;
    private final Counter untracked;
    private final Counter slowDropped;
    private final Map<String, Map<Long, SqlStats>> byDatabase = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> digestCounts = new ConcurrentHashMap<>();
    private final Map<String, DatabaseSeries> series = new ConcurrentHashMap<>();
    private final ArrayDeque<SlowQuery> slow = new ArrayDeque<>();
    private final ThreadPoolExecutor writer;

    @Activate
    public SqlStatsComponent(MonitoringConfig config, @Reference MetricsComponent metrics) {
        this(config.slowQueryThresholdMillis(), config.sqlMaxDigests(), logDirectory(config.slowQueryLogDirectory()),
                metrics.metrics());
        this.cpuTime = config.sqlCpuTime();
    }

    /** Whether statements' CPU time is measured (v$sql's CPU columns); see the cost in bench/README.md. */
    private boolean cpuTime = true;

    @Override
    public boolean wantsCpuTime() {
        return cpuTime;
    }

    /** Tests and bench/: without CPU time. */
    public SqlStatsComponent withoutCpuTime() {
        cpuTime = false;
        return this;
    }

    /** Also for tests and bench/ (outside OSGi). */
    public SqlStatsComponent(long slowQueryThresholdMillis, int maxDigests, Path logDirectory, CairnMetrics metrics) {
        if (slowQueryThresholdMillis < 0 || slowQueryThresholdMillis > 3_600_000) {
            throw new IllegalArgumentException(AshComponent.PID
                    + ": slowQueryThresholdMillis must be between 0 and 3600000, was " + slowQueryThresholdMillis);
        }
        if (maxDigests < 100 || maxDigests > 1_000_000) {
            throw new IllegalArgumentException(AshComponent.PID + ": sqlMaxDigests must be between 100 and 1000000, was "
                    + maxDigests);
        }
        this.slowNanos = TimeUnit.MILLISECONDS.toNanos(slowQueryThresholdMillis);
        this.maxDigests = maxDigests;
        this.logFile = logDirectory.resolve(LOG_FILE);
        this.metrics = metrics;
        this.queries = metrics.family("cairn_queries_total", MetricFamily.Type.COUNTER,
                "Statements run, by outcome (ok or error).");
        this.duration = metrics.family("cairn_query_duration_seconds", MetricFamily.Type.HISTOGRAM,
                "Statement elapsed time, admission delay included.");
        this.slowQueries = metrics.family("cairn_slow_queries_total", MetricFamily.Type.COUNTER,
                "Statements that ran at least the slow-query threshold.");
        this.untracked = metrics.counter(metrics.family("cairn_sql_untracked_statements_total",
                MetricFamily.Type.COUNTER, "Statements whose shape v$sql could not track (sqlMaxDigests reached)."),
                Map.of(), this);
        this.slowDropped = metrics.counter(metrics.family("cairn_slow_query_log_dropped_total",
                MetricFamily.Type.COUNTER, "Slow queries not written to the log because its queue was full or the "
                        + "file could not be written."), Map.of(), this);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "cairn-slow-query-log");
            t.setDaemon(true);
            return t;
        }, (r, pool) -> slowDropped.inc());
    }

    static Path logDirectory(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "cairn-monitoring");
    }

    @Override
    public void statementEnded(StatementEnd end) {
        DatabaseSeries s = series.get(end.database());
        if (s == null) { // not on every statement: the method reference would be a new object each time
            s = series.computeIfAbsent(end.database(), this::register);
        }
        (end.failed() ? s.failed() : s.ok()).inc();
        s.duration().record(end.elapsedNanos());
        Map<Long, SqlStats> stats = byDatabase.computeIfAbsent(end.database(), d -> new ConcurrentHashMap<>());
        SqlStats shape = stats.get(end.digest().id());
        if (shape == null) {
            AtomicInteger count = digestCounts.computeIfAbsent(end.database(), d -> new AtomicInteger());
            if (count.get() >= maxDigests) {
                untracked.inc();
            } else {
                shape = stats.computeIfAbsent(end.digest().id(), id -> {
                    count.incrementAndGet();
                    return new SqlStats(end.database(), id, end.digest().text());
                });
            }
        }
        if (shape != null) {
            shape.add(end);
        }
        if (end.elapsedNanos() >= slowNanos) {
            s.slow().inc();
            SlowQuery q = SlowQuery.of(end);
            synchronized (slow) {
                if (slow.size() == SLOW_KEPT) {
                    slow.removeFirst();
                }
                slow.addLast(q);
            }
            writer.execute(() -> append(q));
        }
    }

    private DatabaseSeries register(String database) {
        Map<String, String> db = Map.of("database", database);
        return new DatabaseSeries(metrics.counter(queries, labels(database, "ok"), this),
                metrics.counter(queries, labels(database, "error"), this),
                metrics.counter(slowQueries, db, this), metrics.histogram(duration, db, this, BUCKETS));
    }

    /** database first, as in every other series */
    private static Map<String, String> labels(String database, String outcome) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("database", database);
        m.put("outcome", outcome);
        return m;
    }

    private void append(SlowQuery q) {
        try {
            Files.createDirectories(logFile.getParent());
            try (Writer w = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(q.json());
                w.write('\n');
            }
        } catch (IOException e) {
            slowDropped.inc();
            LOG.warn("could not append to the slow-query log {}: {}", logFile, e.toString());
        }
    }

    /** The v$sql rows of one database. */
    public List<SqlStats.Row> sql(String database) {
        List<SqlStats.Row> rows = new ArrayList<>();
        byDatabase.getOrDefault(database, Map.of()).values().forEach(s -> rows.add(s.row()));
        return rows;
    }

    /** The slow queries of one database kept in memory, oldest first. */
    public List<SlowQuery> slowQueries(String database) {
        synchronized (slow) {
            return slow.stream().filter(q -> q.database().equals(database)).toList();
        }
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until the queued slow queries are in the file (tests, shutdown). */
    void flush() throws Exception {
        writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        writer.shutdown(); // queued lines are still written
        metrics.removeOwnedBy(this);
    }
}
