package io.cairn.monitoring.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.Counter;

import io.cairn.monitoring.internal.ash.AshRing;
import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.monitoring.internal.ash.AshSampler;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.DurationSummary;
import io.cairn.monitoring.internal.metrics.MetricFamily;
import io.cairn.sql.Database;

/**
 * Active Session History: a daemon thread samples the active sessions of every open database
 * each interval into one bounded in-memory ring ({@code v$ash}, {@code cairn:ash-top}), and
 * reports its own cost as metrics. Samples are not persisted yet: the kernel API offers a plugin
 * no way to run SQL against a database (see README).
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

    @Activate
    public AshComponent(MonitoringConfig config, @Reference MetricsComponent metrics) {
        this(config.ashIntervalMillis(), config.ashBufferSamples(), metrics.metrics(), true);
    }

    /** Also used by tests, which call {@link #sampleNow()} themselves instead of starting the thread. */
    AshComponent(long intervalMillis, int bufferSamples, CairnMetrics metrics, boolean start) {
        this.intervalMillis = validate(intervalMillis, bufferSamples);
        this.sampler = new AshSampler(new AshRing(bufferSamples));
        this.metrics = metrics;
        this.sampled = metrics.counter(metrics.family("cairn_ash_samples_total", MetricFamily.Type.COUNTER,
                "Active session samples taken by Active Session History."), Map.of(), this);
        this.duration = metrics.summary(metrics.family("cairn_ash_sample_duration_seconds", MetricFamily.Type.SUMMARY,
                "Time one ASH sample of all open databases takes."), Map.of(), this);
        metrics.gauge(metrics.family("cairn_ash_buffer_samples", MetricFamily.Type.GAUGE,
                "Session samples held in the in-memory ASH ring."), Map.of(), this, sampler.ring()::size);
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
        for (Database db : databases) {
            try {
                n += sampler.sample(id, now, db.name(), db.transactions().sessionRegistry());
            } catch (RuntimeException closing) {
                LOG.debug("ASH could not sample database {}", db.name(), closing);
            }
        }
        sampled.inc(n);
        duration.record(System.nanoTime() - started);
        return n;
    }

    /** Samples of {@code database} (all when null) in the last {@code seconds}, oldest first. */
    public List<AshSample> window(long seconds, String database) {
        return sampler.ring().since(Instant.now().minusSeconds(seconds), database);
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
        metrics.removeOwnedBy(this);
    }
}
