package io.cairn.monitoring.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.monitoring.internal.incident.IncidentStore;
import io.cairn.sql.Database;
import io.cairn.sql.health.HealthStatus;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.txn.LockSnapshot;

/**
 * Records incidents on its own: statements failing with SQLSTATE class XX (internal error, data
 * corruption) as the {@link StatementListener} sees them, deadlock storms from the lock counters,
 * low disk space and health checks turning unhealthy from {@link HealthChecksComponent}, checked
 * every interval. Occurrences with the deduplication key of an open incident add to its count.
 * <p>On a statement's thread it only merges the event into a map of pending occurrences; the
 * {@code cairn-incidents} thread writes them to {@code cairn_incidents} of the alert database
 * through JDBC. Until that database is open, occurrences wait in memory (at most
 * {@value #PENDING_MAX} distinct keys; they are logged when they happen either way).
 */
@Component(service = {IncidentComponent.class, StatementListener.class}, immediate = true,
        configurationPid = AshComponent.PID)
public final class IncidentComponent implements StatementListener {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentComponent.class);
    static final int PENDING_MAX = 1000;
    /** Incidents kept in memory for v$incident (a view cannot run SQL); the table has them all. */
    static final int RECENT_MAX = 1000;

    /** Occurrences of one key not yet written. */
    private record Pending(Incident first, long count, Instant last) {
        Pending plus(Pending o) {
            return new Pending(first, count + o.count, o.last.isAfter(last) ? o.last : last);
        }
    }

    private final IncidentStore store;
    private final String database;
    private final HealthChecksComponent health;
    private final int deadlockThreshold;
    private final long deadlockWindowMillis;
    private final ScheduledExecutorService thread;
    private volatile Thread incidentThread;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    // guarded by this
    private boolean loaded;
    private final Map<String, Incident> openByKey = new HashMap<>();
    private final TreeMap<Long, Incident> recent = new TreeMap<>();
    private String lastFailure;
    // used by the checks only (one thread)
    private final Map<String, ArrayDeque<long[]>> deadlockSamples = new HashMap<>();
    private final Set<String> storms = new HashSet<>();
    private final Set<String> unhealthy = new HashSet<>();

    @Activate
    public IncidentComponent(MonitoringConfig config, @Reference HealthChecksComponent health,
            @Reference(target = "(osgi.jdbc.driver.name=cairn)") DataSourceFactory jdbc) {
        this(new IncidentStore(dataSource(jdbc, config.alertDatabase())), config.alertDatabase(), health,
                config.incidentCheckSeconds(), config.incidentDeadlocks(), config.incidentDeadlockWindowSeconds(), true);
    }

    /** Tests: {@code start} false runs no periodic check (call {@link #check(Instant)}), but writes still go to the thread. */
    IncidentComponent(IncidentStore store, String database, HealthChecksComponent health, long checkSeconds,
            int deadlockThreshold, long deadlockWindowSeconds, boolean start) {
        if (checkSeconds < 1 || checkSeconds > 3600) {
            throw new IllegalArgumentException(AshComponent.PID + ": incidentCheckSeconds must be between 1 and 3600, was "
                    + checkSeconds);
        }
        if (deadlockThreshold < 1 || deadlockThreshold > 1_000_000) {
            throw new IllegalArgumentException(AshComponent.PID + ": incidentDeadlocks must be between 1 and 1000000, was "
                    + deadlockThreshold);
        }
        if (deadlockWindowSeconds < 1 || deadlockWindowSeconds > 86_400) {
            throw new IllegalArgumentException(AshComponent.PID
                    + ": incidentDeadlockWindowSeconds must be between 1 and 86400, was " + deadlockWindowSeconds);
        }
        this.store = store;
        this.database = database;
        this.health = health;
        this.deadlockThreshold = deadlockThreshold;
        this.deadlockWindowMillis = deadlockWindowSeconds * 1000;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-incidents");
            t.setDaemon(true);
            incidentThread = t;
            return t;
        });
        if (start) {
            thread.scheduleWithFixedDelay(() -> {
                try {
                    check(Instant.now());
                    flush();
                } catch (RuntimeException e) {
                    LOG.warn("incident check failed", e);
                }
            }, checkSeconds, checkSeconds, TimeUnit.SECONDS);
        }
    }

    private static java.util.function.Supplier<DataSource> dataSource(DataSourceFactory jdbc, String database) {
        java.util.function.Function<String, DataSource> byName = AshComponent.dataSources(jdbc);
        return () -> byName.apply(database);
    }

    public String database() {
        return database;
    }

    // ---- statement events (statement threads) -------------------------------------------------

    @Override
    public boolean wantsCpuTime() {
        return false; // incidents do not need it; SqlStatsComponent asks for it when configured
    }

    @Override
    public void statementEnded(StatementEnd end) {
        String state = end.sqlState();
        if (state == null || !state.startsWith("XX") || Thread.currentThread() == incidentThread) {
            return; // the plugin's own writes failing must not feed themselves
        }
        boolean corruption = state.equals("XX001") || state.equals("XX002");
        String kind = corruption ? Incident.DATA_CORRUPTION : Incident.INTERNAL_ERROR;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("sqlstate", state);
        d.put("error", end.errorMessage());
        d.put("sql", end.text());
        d.put("sql_id", end.digest().hexId());
        d.put("plan_hash", end.planHashHex());
        d.put("command", end.command());
        d.put("session_id", String.valueOf(end.sessionId()));
        d.put("user", end.user());
        d.put("statement_start", String.valueOf(end.startTime()));
        d.put("elapsed_ms", String.format(Locale.ROOT, "%.3f", end.elapsedNanos() / 1e6));
        d.put("pages_read", String.valueOf(end.pagesRead()));
        raise(Incident.draft(Instant.now(), end.database(), kind, corruption ? "critical" : "error",
                "SQLSTATE " + state + " in database '" + end.database() + "': " + end.errorMessage(), d,
                kind + "|" + end.database() + "|" + state + "|" + end.digest().hexId()));
    }

    /** Records one occurrence: merged into the pending map here, written on the incident thread. */
    void raise(Incident draft) {
        if (pending.size() >= PENDING_MAX && !pending.containsKey(draft.key())) {
            LOG.error("incident not kept (too many unwritten incidents; is database '{}' open?): {}", database,
                    draft.summary());
            return;
        }
        Pending p = pending.merge(draft.key(), new Pending(draft, 1, draft.lastSeenAt()), Pending::plus);
        if (p.count() == 1) {
            LOG.warn("incident ({}, {}): {}", draft.kind(), draft.severity(), draft.summary());
        }
        if (flushQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::flushSafely);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                flushQueued.set(false);
            }
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("incidents could not be written", e);
        }
    }

    /** Writes the pending occurrences: new incidents, or counts of open ones with the same key. */
    synchronized void flush() {
        flushQueued.set(false);
        if (pending.isEmpty()) {
            return;
        }
        try {
            load();
        } catch (AlertException e) {
            if (!e.getMessage().equals(lastFailure)) {
                LOG.warn("{} incident(s) wait in memory: {}", pending.size(), e.getMessage());
                lastFailure = e.getMessage();
            }
            return;
        }
        for (String key : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(key);
            if (p == null) {
                continue;
            }
            try {
                Incident open = openByKey.get(key);
                Incident written;
                if (open != null) {
                    written = open.seenAgain(p.count(), p.last());
                    store.seenAgain(written.id(), written.occurrences(), written.lastSeenAt());
                } else {
                    Incident first = p.first();
                    written = store.insert(new Incident(0, first.openedAt(), p.last(), first.database(), first.kind(),
                            first.severity(), first.summary(), first.details(), p.count(), Incident.OPEN, null, null,
                            key));
                    LOG.warn("incident {} opened: {}", written.id(), written.summary());
                }
                openByKey.put(key, written);
                remember(written);
            } catch (SQLException | RuntimeException e) {
                pending.merge(key, p, (newer, old) -> old.plus(newer));
                LOG.warn("incident not written yet ({}): {}", e.toString(), p.first().summary());
                return;
            }
        }
    }

    private void remember(Incident i) {
        recent.put(i.id(), i);
        while (recent.size() > RECENT_MAX) {
            recent.pollFirstEntry();
        }
    }

    /** Creates the table and reads the open incidents and the newest ones, once. */
    private void load() throws AlertException {
        if (loaded) {
            return;
        }
        try {
            store.createTable();
            for (Incident i : store.open()) {
                openByKey.put(i.key(), i);
            }
            for (Incident i : store.list(null, RECENT_MAX)) {
                remember(i);
            }
            loaded = true;
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private AlertException unavailable(Exception e) {
        return new AlertException(AlertException.Kind.UNAVAILABLE, "incident storage in database '" + database
                + "' is unavailable: " + e.getMessage());
    }

    // ---- periodic checks (incident thread, or tests) ------------------------------------------

    /** One round of the deadlock, disk and health checks at {@code now}. */
    public synchronized void check(Instant now) {
        for (Database db : health.databases()) {
            try {
                deadlocks(db, now);
            } catch (RuntimeException closing) {
                LOG.debug("deadlock check of {} failed", db.name(), closing);
            }
        }
        // every database a check names, so one that failed to open is seen through its database: check
        for (String name : health.databaseNames()) {
            for (HealthChecksComponent.Row row : health.check(name)) {
                String key = name + "|" + row.name();
                if (row.health() != HealthStatus.UNHEALTHY) {
                    unhealthy.remove(key);
                    continue;
                }
                if (!unhealthy.add(key)) {
                    continue; // still bad: one occurrence per turn to bad
                }
                boolean disk = row.name().startsWith(HealthChecksComponent.DISK_CHECK);
                String kind = disk ? Incident.DISK_SPACE : Incident.HEALTH;
                Map<String, String> d = new LinkedHashMap<>();
                d.put("check", row.name());
                d.put("status", row.status());
                d.put("detail", row.detail());
                row.figures().forEach((k, v) -> d.put(k, String.valueOf(v)));
                raise(Incident.draft(now, name, kind, disk ? "error" : "critical",
                        (disk ? "disk nearly full for database '" : "health check " + row.name() + " is DOWN for database '")
                                + name + "': " + row.detail(), d, kind + "|" + key));
            }
        }
    }

    private void deadlocks(Database db, Instant now) {
        LockSnapshot l = db.transactions().locks();
        ArrayDeque<long[]> q = deadlockSamples.computeIfAbsent(db.name(), n -> new ArrayDeque<>());
        long t = now.toEpochMilli();
        if (!q.isEmpty() && l.deadlocks() < q.peekLast()[1]) {
            q.clear(); // the database was reopened: its counters restarted
        }
        q.addLast(new long[] {t, l.deadlocks()});
        while (q.size() > 1 && q.peekFirst()[0] < t - deadlockWindowMillis) {
            q.removeFirst();
        }
        long increase = l.deadlocks() - q.peekFirst()[1];
        if (increase < deadlockThreshold) {
            storms.remove(db.name());
            return;
        }
        if (!storms.add(db.name())) {
            return;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("deadlocks_in_window", String.valueOf(increase));
        d.put("window_seconds", String.valueOf((t - q.peekFirst()[0]) / 1000));
        d.put("threshold", String.valueOf(deadlockThreshold));
        d.put("deadlocks_total", String.valueOf(l.deadlocks()));
        d.put("lock_waits_total", String.valueOf(l.lockWaits()));
        d.put("lock_timeouts_total", String.valueOf(l.timeouts()));
        d.put("locks_held", String.valueOf(l.locksHeld()));
        d.put("lock_waiters", String.valueOf(l.waiters().size()));
        StringBuilder w = new StringBuilder();
        l.waiters().stream().limit(20).forEach(x -> w.append(w.length() == 0 ? "" : "; ").append("session ")
                .append(x.sessionId()).append(" waits for ").append(x.mode()).append(" on ").append(x.table())
                .append(" held by sessions ").append(x.blockingSessionIds()));
        d.put("waiting_now", w.toString());
        raise(Incident.draft(now, db.name(), Incident.DEADLOCK_STORM, "error", increase + " deadlocks in database '"
                + db.name() + "' within " + deadlockWindowMillis / 1000 + " s (threshold " + deadlockThreshold + ")", d,
                Incident.DEADLOCK_STORM + "|" + db.name()));
    }

    // ---- reading and closing ------------------------------------------------------------------

    /** Incidents kept in memory (newest {@value #RECENT_MAX}), newest first: v$incident. */
    public synchronized List<Incident> recent() {
        try {
            load(); // after a restart, before any new occurrence: the stored ones
        } catch (AlertException e) {
            // storage unavailable: what memory holds (the log says why when writes fail)
        }
        return new ArrayList<>(recent.descendingMap().values());
    }

    /** The newest {@code limit} incidents from the table, newest first; {@code status} open, closed or null (all). */
    public synchronized List<Incident> list(String status, int limit) throws AlertException {
        if (status != null && !status.equals(Incident.OPEN) && !status.equals(Incident.CLOSED)) {
            throw new AlertException(AlertException.Kind.INVALID, "status must be open, closed or all, was '" + status
                    + "'");
        }
        if (limit < 1 || limit > 10_000) {
            throw new AlertException(AlertException.Kind.INVALID, "limit must be between 1 and 10000, was " + limit);
        }
        load();
        try {
            return store.list(status, limit);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public synchronized Incident get(long id) throws AlertException {
        load();
        try {
            Incident i = store.get(id);
            if (i == null) {
                throw new AlertException(AlertException.Kind.NOT_FOUND, "no incident " + id);
            }
            return i;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Closes an open incident; a later occurrence of the same kind opens a new one. */
    public synchronized Incident close(long id, String user) throws AlertException {
        Incident i = get(id);
        if (!i.open()) {
            throw new AlertException(AlertException.Kind.CONFLICT, "incident " + id + " is already closed (at "
                    + i.closedAt() + " by " + i.closedBy() + ")");
        }
        Instant now = Instant.now();
        try {
            if (!store.close(id, user, now)) {
                throw new AlertException(AlertException.Kind.CONFLICT, "incident " + id + " is already closed");
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        openByKey.values().removeIf(o -> o.id() == id);
        Incident closed = i.closed(now, user);
        remember(closed);
        LOG.info("incident {} closed by {}", id, user);
        return closed;
    }

    /** Waits until the occurrences raised so far are written (tests, dumps). */
    void drain() throws Exception {
        thread.submit(this::flush).get(30, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        try {
            thread.execute(this::flushSafely); // what is pending is written before the thread ends
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // already stopped: what was pending was logged when it happened
        }
        thread.shutdown();
    }
}
