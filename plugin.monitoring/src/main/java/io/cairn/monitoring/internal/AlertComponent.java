package io.cairn.monitoring.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.monitoring.internal.alert.Alert;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.alert.AlertRule;
import io.cairn.monitoring.internal.alert.AlertStore;
import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.Sample;

/**
 * Threshold alerts on the plugin's own metrics: rules and history in tables of the alert database
 * (through JDBC), evaluated every interval against a collection of the registry. A rule fires one
 * alert per series that breaches it for {@code for_seconds}; the alert resolves when the series no
 * longer breaches (or disappears). Every public method is serialized on this component.
 */
@Component(service = AlertComponent.class, immediate = true, configurationPid = AshComponent.PID)
public final class AlertComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AlertComponent.class);

    /** The default rules: those of the shipped Prometheus rules that are a threshold on one series. */
    static final List<AlertRule> DEFAULTS = List.of(
            rule("lock-waiters-high", "cairn_lock_waiters", Map.of(), ">", 10, 120, "warning", "concurrency",
                    "More than 10 lock requests waiting."),
            rule("active-sessions-high", "cairn_sessions", Map.of("state", "active"), ">", 100, 300, "warning", "load",
                    "More than 100 sessions running a statement."),
            rule("idle-in-transaction", "cairn_sessions", Map.of("state", "idle_in_transaction"), ">", 20, 900, "info",
                    "application", "More than 20 sessions idle inside an open transaction."),
            rule("buffer-pool-hit-ratio-low", "cairn_buffer_pool_hit_ratio", Map.of(), "<", 0.9, 600, "warning",
                    "performance", "Buffer pool hit ratio since open below 90%."),
            rule("change-events-dropped", "cairn_change_events_dropped_total", Map.of(), ">", 0, 0, "error",
                    "replication", "A change listener's queue overflowed since the database opened."),
            rule("ash-sampling-slow", "cairn_ash_sample_duration_seconds", Map.of("quantile", "0.99"), ">", 0.01, 600,
                    "info", "monitoring", "ASH sampling takes more than 10 ms at the 99th percentile."));

    private static AlertRule rule(String name, String metric, Map<String, String> labels, String op, double threshold,
            long forSeconds, String severity, String category, String description) {
        return new AlertRule(0, name, metric, labels, op, threshold, forSeconds, severity, category, true, description);
    }

    /** A series breaching a rule: since when, and the alert once it fired. */
    private static final class State {
        Instant since;
        Alert alert;
    }

    private final CairnMetrics metrics;
    private final AlertStore store;
    private final String database;
    private final Map<String, State> states = new HashMap<>();
    private final ScheduledExecutorService thread;
    private List<AlertRule> rules;
    private String lastFailure;

    @Activate
    public AlertComponent(MonitoringConfig config, @Reference MetricsComponent metrics,
            @Reference(target = "(osgi.jdbc.driver.name=cairn)") DataSourceFactory jdbc) {
        this(metrics.metrics(), new AlertStore(dataSource(jdbc, config.alertDatabase())), config.alertDatabase(),
                config.alertIntervalSeconds(), true);
    }

    AlertComponent(CairnMetrics metrics, AlertStore store, String database, long intervalSeconds, boolean start) {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new IllegalArgumentException(AshComponent.PID + ": alertIntervalSeconds must be between 1 and 3600, was "
                    + intervalSeconds);
        }
        this.metrics = metrics;
        this.store = store;
        this.database = database;
        if (start) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-alert-evaluator");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(() -> {
                try {
                    evaluate(Instant.now());
                } catch (RuntimeException e) {
                    LOG.warn("alert evaluation failed", e);
                }
            }, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        } else {
            thread = null;
        }
    }

    private static java.util.function.Supplier<DataSource> dataSource(DataSourceFactory jdbc, String database) {
        java.util.function.Function<String, DataSource> byName = AshComponent.dataSources(jdbc);
        return () -> byName.apply(database);
    }

    /** Loads the rules (creating the tables and the default rules on first use); fails while the database is not open. */
    private List<AlertRule> loaded() throws AlertException {
        if (rules == null) {
            try {
                if (store.createTables()) {
                    for (AlertRule r : DEFAULTS) {
                        store.save(r, true);
                    }
                }
                int closed = store.resolveLeftOpen(Instant.now());
                if (closed > 0) {
                    LOG.info("{} alerts left firing by a previous run closed; they are evaluated again", closed);
                }
                rules = new ArrayList<>(store.rules());
            } catch (SQLException | RuntimeException e) {
                throw unavailable(e);
            }
        }
        return rules;
    }

    private AlertException unavailable(Exception e) {
        return new AlertException(AlertException.Kind.UNAVAILABLE, "alert storage in database '" + database
                + "' is unavailable: " + e.getMessage());
    }

    /** One evaluation round at {@code now}: fires and resolves alerts. */
    public synchronized void evaluate(Instant now) {
        List<AlertRule> current;
        try {
            current = loaded();
        } catch (AlertException e) {
            if (!e.getMessage().equals(lastFailure)) {
                LOG.warn("alerts not evaluated: {}", e.getMessage());
                lastFailure = e.getMessage();
            }
            return;
        }
        lastFailure = null;
        Map<String, List<Sample>> samples = new HashMap<>();
        for (CairnMetrics.FamilySamples f : metrics.collect()) {
            for (Sample s : f.samples()) {
                samples.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
            }
        }
        Set<String> seen = new HashSet<>();
        for (AlertRule rule : current) {
            if (!rule.enabled()) {
                continue;
            }
            for (Sample s : samples.getOrDefault(rule.metric(), List.of())) {
                if (!rule.selects(s.labels()) || !rule.breached(s.value())) {
                    continue;
                }
                String key = rule.id() + "|" + s.labels();
                seen.add(key);
                State st = states.computeIfAbsent(key, k -> new State());
                if (st.since == null) {
                    st.since = now;
                }
                if (st.alert == null && Duration.between(st.since, now).toSeconds() >= rule.forSeconds()) {
                    try {
                        long id = store.fired(rule, series(rule, s), s.value(), now);
                        st.alert = new Alert(id, rule.id(), rule.name(), rule.severity(), rule.category(), series(rule, s),
                                s.value(), now, null, null, null);
                        LOG.warn("alert {} fired: {} ({} {}), value {}", id, rule.name(), rule.severity(),
                                rule.category(), s.value());
                    } catch (SQLException e) {
                        LOG.warn("could not record alert of rule {}: {}", rule.name(), e.toString());
                    }
                } else if (st.alert != null) {
                    st.alert = st.alert.withValue(s.value());
                }
            }
        }
        for (var it = states.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!seen.contains(e.getKey())) {
                resolve(e.getValue().alert, now);
                it.remove();
            }
        }
    }

    /** Records the end of a firing alert (null: the series never fired). */
    private void resolve(Alert a, Instant now) {
        if (a == null) {
            return;
        }
        try {
            store.resolved(a.id(), a.value(), now);
        } catch (SQLException ex) {
            LOG.warn("could not record the end of alert {}: {}", a.id(), ex.toString());
        }
    }

    private static String series(AlertRule rule, Sample s) {
        StringBuilder b = new StringBuilder(rule.metric());
        if (!s.labels().isEmpty()) {
            b.append('{');
            s.labels().forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append("=\"")
                    .append(v).append('"'));
            b.append('}');
        }
        return b.toString();
    }

    public synchronized List<AlertRule> rules() throws AlertException {
        return List.copyOf(loaded());
    }

    public synchronized AlertRule rule(long id) throws AlertException {
        return loaded().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new AlertException(AlertException.Kind.NOT_FOUND, "no alert rule " + id));
    }

    public synchronized AlertRule rule(String name) throws AlertException {
        return loaded().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AlertException(AlertException.Kind.NOT_FOUND, "no alert rule '" + name + "'"));
    }

    /** Adds a rule (its id is ignored); the name must be new. */
    public synchronized AlertRule add(AlertRule rule) throws AlertException {
        rule.validate();
        List<AlertRule> current = loaded();
        if (current.stream().anyMatch(r -> r.name().equals(rule.name()))) {
            throw new AlertException(AlertException.Kind.CONFLICT, "an alert rule named '" + rule.name() + "' exists");
        }
        try {
            AlertRule saved = store.save(rule, true);
            current.add(saved);
            return saved;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Replaces rule {@code id}; its alerts start over. */
    public synchronized AlertRule update(long id, AlertRule rule) throws AlertException {
        rule(id);
        AlertRule changed = rule.withId(id).validate();
        List<AlertRule> current = loaded();
        if (current.stream().anyMatch(r -> r.name().equals(changed.name()) && r.id() != id)) {
            throw new AlertException(AlertException.Kind.CONFLICT, "an alert rule named '" + changed.name() + "' exists");
        }
        try {
            store.save(changed, false);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        current.replaceAll(r -> r.id() == id ? changed : r);
        forget(id);
        return changed;
    }

    public synchronized AlertRule remove(long id) throws AlertException {
        AlertRule r = rule(id);
        try {
            store.delete(id);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        loaded().removeIf(x -> x.id() == id);
        forget(id);
        return r;
    }

    /** Resolves the alerts of a rule that changed or went. */
    private void forget(long ruleId) {
        Instant now = Instant.now();
        for (var it = states.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().startsWith(ruleId + "|")) {
                resolve(e.getValue().alert, now);
                it.remove();
            }
        }
    }

    /** The alerts firing now, most severe first, then oldest. */
    public synchronized List<Alert> active() throws AlertException {
        loaded();
        List<String> order = List.of("critical", "error", "warning", "info");
        return states.values().stream().map(s -> s.alert).filter(a -> a != null)
                .sorted(Comparator.<Alert>comparingInt(a -> order.indexOf(a.severity())).thenComparing(Alert::firedAt))
                .toList();
    }

    public synchronized List<Alert> history(int limit) throws AlertException {
        if (limit < 1 || limit > 10_000) {
            throw new AlertException(AlertException.Kind.INVALID, "limit must be between 1 and 10000, was " + limit);
        }
        loaded();
        try {
            return store.history(limit);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Acknowledges alert {@code id} (firing or past) for {@code user}. */
    public synchronized Alert acknowledge(long id, String user) throws AlertException {
        loaded();
        Instant now = Instant.now();
        try {
            if (!store.acknowledge(id, user, now)) {
                throw new AlertException(AlertException.Kind.NOT_FOUND, "no alert " + id);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        for (State s : states.values()) {
            if (s.alert != null && s.alert.id() == id) {
                s.alert = s.alert.acknowledged(now, user);
                return s.alert;
            }
        }
        return history(10_000).stream().filter(a -> a.id() == id).findFirst()
                .orElseThrow(() -> new AlertException(AlertException.Kind.NOT_FOUND, "no alert " + id));
    }

    /** A rule from loosely typed fields (REST body, shell, CALL): every problem is an INVALID naming the field. */
    public static AlertRule parse(Map<String, ?> f) throws AlertException {
        return new AlertRule(0, text(f, "name"), text(f, "metric"), AlertRule.parseLabels(text(f, "labels")),
                text(f, "operator"), number(f, "threshold"), f.get("for_seconds") == null ? 0 : (long) number(f, "for_seconds"),
                f.get("severity") == null ? "warning" : text(f, "severity"), text(f, "category"),
                f.get("enabled") == null || Boolean.parseBoolean(String.valueOf(f.get("enabled"))), text(f, "description"))
                .validate();
    }

    private static String text(Map<String, ?> f, String k) {
        Object v = f.get(k);
        return v == null ? null : String.valueOf(v);
    }

    private static double number(Map<String, ?> f, String k) throws AlertException {
        Object v = f.get(k);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new AlertException(AlertException.Kind.INVALID, k + " must be a number, was " + (v == null ? "nothing" : "'" + v + "'"));
        }
    }

    @Deactivate
    void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
