package io.cairn.monitoring.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.Counter;

import io.cairn.monitoring.internal.ash.AshReport;
import io.cairn.monitoring.internal.ash.AshRing;
import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.monitoring.internal.ash.AshSampler;
import io.cairn.monitoring.internal.ash.AshStore;
import io.cairn.monitoring.internal.ash.ReportRange;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.DurationSummary;
import io.cairn.monitoring.internal.metrics.MetricFamily;
import io.cairn.sql.Database;

/**
 * Active Session History: a daemon thread samples the active sessions of every open database
 * each interval into one bounded in-memory ring ({@code v$ash}, {@code cairn:ash-top}), persists
 * every Nth tick into each database's {@link AshStore} table through JDBC (on a writer thread, so a
 * slow write never delays sampling), prunes it past the retention, and reports its own cost as metrics.
 */
@Component(service = AshComponent.class, immediate = true, configurationPid = AshComponent.PID)
@Designate(ocd = MonitoringConfig.class)
public final class AshComponent {

    static final String PID = "io.cairn.monitoring";
    private static final Logger LOG = LoggerFactory.getLogger(AshComponent.class);

    private final AshSampler sampler;
    private final Set<Database> databases = ConcurrentHashMap.newKeySet();
    private final AtomicLong sampleIds = new AtomicLong();
    private final ScheduledExecutorService thread;
    private final CairnMetrics metrics;
    private final Counter sampled;
    private final DurationSummary duration;
    private final long intervalMillis;
    private final AshStore store;
    private final int persistEvery;
    private final Duration retention;
    private final ThreadPoolExecutor writer;
    private final Counter persisted;
    private final Counter persistFailures;
    private final Map<String, Instant> lastPrune = new ConcurrentHashMap<>();

    @Activate
    public AshComponent(MonitoringConfig config, @Reference MetricsComponent metrics,
            @Reference(target = "(osgi.jdbc.driver.name=cairn)") DataSourceFactory jdbc) {
        this(config.ashIntervalMillis(), config.ashBufferSamples(), metrics.metrics(), true,
                new AshStore(dataSources(jdbc)), config.ashPersistEvery(), config.ashRetentionHours());
    }

    /** The plugin's way to run SQL: a DataSource per database name from the container's DataSourceFactory. */
    static java.util.function.Function<String, javax.sql.DataSource> dataSources(DataSourceFactory jdbc) {
        Map<String, javax.sql.DataSource> byName = new ConcurrentHashMap<>();
        return name -> byName.computeIfAbsent(name, n -> {
            Properties p = new Properties();
            p.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, n);
            p.setProperty(DataSourceFactory.JDBC_USER, "cairn-monitoring");
            try {
                return jdbc.createDataSource(p);
            } catch (SQLException e) {
                throw new IllegalStateException("no DataSource for database '" + n + "': " + e.getMessage(), e);
            }
        });
    }

    /** Tests: no persistence. */
    AshComponent(long intervalMillis, int bufferSamples, CairnMetrics metrics, boolean start) {
        this(intervalMillis, bufferSamples, metrics, start, null, 10, 24);
    }

    /** Also used by tests, which call {@link #sampleNow()} themselves instead of starting the thread. */
    AshComponent(long intervalMillis, int bufferSamples, CairnMetrics metrics, boolean start, AshStore store,
            int persistEvery, int retentionHours) {
        this.intervalMillis = validate(intervalMillis, bufferSamples);
        if (persistEvery < 1 || persistEvery > 3600) {
            throw new IllegalArgumentException(PID + ": ashPersistEvery must be between 1 and 3600, was " + persistEvery);
        }
        if (retentionHours < 1 || retentionHours > 8760) {
            throw new IllegalArgumentException(PID + ": ashRetentionHours must be between 1 and 8760, was "
                    + retentionHours);
        }
        this.store = store;
        this.persistEvery = persistEvery;
        this.retention = Duration.ofHours(retentionHours);
        this.sampler = new AshSampler(new AshRing(bufferSamples));
        this.metrics = metrics;
        this.sampled = metrics.counter(metrics.family("cairn_ash_samples_total", MetricFamily.Type.COUNTER,
                "Active session samples taken by Active Session History."), Map.of(), this);
        this.duration = metrics.summary(metrics.family("cairn_ash_sample_duration_seconds", MetricFamily.Type.SUMMARY,
                "Time one ASH sample of all open databases takes."), Map.of(), this);
        metrics.gauge(metrics.family("cairn_ash_buffer_samples", MetricFamily.Type.GAUGE,
                "Session samples held in the in-memory ASH ring."), Map.of(), this, sampler.ring()::size);
        this.persisted = metrics.counter(metrics.family("cairn_ash_persisted_samples_total", MetricFamily.Type.COUNTER,
                "Session samples written to the ASH history table."), Map.of(), this);
        this.persistFailures = metrics.counter(metrics.family("cairn_ash_persist_failures_total",
                MetricFamily.Type.COUNTER, "ASH ticks not persisted: write failed or the writer's queue was full."),
                Map.of(), this);
        this.writer = store == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(100), r -> {
                    Thread t = new Thread(r, "cairn-ash-writer");
                    t.setDaemon(true);
                    return t;
                }, (r, pool) -> persistFailures.inc());
        if (start) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-ash-sampler");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleAtFixedRate(this::sampleSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
            LOG.info("Active Session History: sampling every {} ms, {} samples in memory", intervalMillis, bufferSamples);
        } else {
            thread = null;
        }
    }

    /** Rejects settings outside the documented ranges, naming the key, before anything starts. */
    static long validate(long intervalMillis, int bufferSamples) {
        if (intervalMillis < 100 || intervalMillis > 60_000) {
            throw new IllegalArgumentException(PID + ": ashIntervalMillis must be between 100 and 60000, was "
                    + intervalMillis);
        }
        if (bufferSamples < 1000 || bufferSamples > 10_000_000) {
            throw new IllegalArgumentException(PID + ": ashBufferSamples must be between 1000 and 10000000, was "
                    + bufferSamples);
        }
        return intervalMillis;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDatabase(Database db) {
        databases.add(db);
    }

    void removeDatabase(Database db) {
        databases.remove(db);
    }

    private void sampleSafely() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            // A database closing mid-sample; the next tick sees the new set. Never let the schedule die.
            LOG.debug("ASH sample failed", e);
        }
    }

    /** Takes one sample of every open database now; returns the number of active sessions sampled. */
    int sampleNow() {
        long started = System.nanoTime();
        long id = sampleIds.incrementAndGet();
        Instant now = Instant.now();
        int n = 0;
        boolean persist = writer != null && id % persistEvery == 0;
        for (Database db : databases) {
            List<AshSample> tick;
            try {
                tick = sampler.take(id, now, db.name(), db.transactions().sessionRegistry());
                n += tick.size();
            } catch (RuntimeException closing) {
                LOG.debug("ASH could not sample database {}", db.name(), closing);
                continue;
            }
            if (persist) {
                String name = db.name();
                writer.execute(() -> write(name, tick, now));
            }
        }
        sampled.inc(n);
        duration.record(System.nanoTime() - started);
        return n;
    }

    /** On the writer thread: one tick into the table, and pruning past the retention once a minute. */
    private void write(String database, List<AshSample> tick, Instant now) {
        try {
            store.persist(database, tick);
            persisted.inc(tick.size());
            Instant last = lastPrune.get(database);
            if (last == null || Duration.between(last, now).toSeconds() >= 60) {
                lastPrune.put(database, now);
                int gone = store.prune(database, now.minus(retention));
                LOG.debug("ASH history of {}: {} samples past the retention deleted", database, gone);
            }
        } catch (SQLException | RuntimeException e) {
            persistFailures.inc();
            LOG.warn("could not persist ASH samples of database {}: {}", database, e.toString());
        }
    }

    /**
     * Samples of {@code database} in the last {@code seconds}, oldest first: the ring, preceded by
     * the persisted samples older than the ring's oldest (after a restart, or when the ring wrapped).
     */
    public List<AshSample> window(long seconds, String database) {
        Instant from = Instant.now().minusSeconds(seconds);
        Instant oldest = sampler.ring().oldest();
        List<AshSample> ring = sampler.ring().since(from, database);
        if (store == null || (oldest != null && !oldest.isAfter(from))) {
            return ring;
        }
        try {
            List<AshSample> out = new ArrayList<>(store.read(database, from, oldest == null ? Instant.now() : oldest));
            out.addAll(ring);
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ASH history of database '" + database + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * The ASH report of {@code database} over {@code range}: the persisted samples (each worth
     * {@code ashPersistEvery} intervals) for the part before the ring's oldest sample, the ring
     * for the rest. Persisted rows after the ring's oldest are not read: the ring has every tick there.
     */
    public AshReport report(String database, ReportRange range, int top) {
        AshReport.Builder report = new AshReport.Builder(database, range);
        Instant oldest = sampler.ring().oldest();
        Instant ringFrom = oldest == null ? range.to() : oldest.isAfter(range.from()) ? oldest : range.from();
        if (store != null && ringFrom.isAfter(range.from())) {
            Instant historyTo = ringFrom.isAfter(range.to()) ? range.to() : ringFrom;
            report.part(AshReport.HISTORY, range.from(), historyTo, intervalMillis * persistEvery);
            try {
                // an hour per query: the driver materializes a result, so a day of history is read in slices
                for (Instant t = range.from(); t.isBefore(historyTo); t = t.plus(Duration.ofHours(1))) {
                    Instant end = t.plus(Duration.ofHours(1));
                    store.forEach(database, t, end.isAfter(historyTo) ? historyTo : end, report::add);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the ASH history of database '" + database + "': "
                        + e.getMessage(), e);
            }
        }
        if (ringFrom.isBefore(range.to())) {
            report.part(AshReport.MEMORY, ringFrom, range.to(), intervalMillis);
            sampler.ring().since(ringFrom, database).forEach(report::add);
        }
        return report.build(top);
    }

    public int persistEvery() {
        return persistEvery;
    }

    /** Waits until queued writes are done (tests). */
    void flush() throws Exception {
        writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    /** Whether a database of that name is open (and sampled). */
    public boolean sampling(String database) {
        return databases.stream().anyMatch(d -> d.name().equals(database));
    }

    public AshRing ring() {
        return sampler.ring();
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    @Deactivate
    void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
        if (writer != null) {
            writer.shutdown(); // queued ticks are still written
        }
        metrics.removeOwnedBy(this);
    }
}
