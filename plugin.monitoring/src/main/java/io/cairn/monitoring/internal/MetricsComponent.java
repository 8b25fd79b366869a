package io.cairn.monitoring.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.KernelMetrics;
import io.cairn.monitoring.internal.metrics.MetricFamily;
import io.cairn.monitoring.internal.metrics.ProcessMetrics;
import io.cairn.monitoring.internal.metrics.PrometheusExposition;
import io.cairn.sql.Database;

/**
 * Owns the plugin's metric registry: the process series from the start, and each open
 * database's series for as long as its {@link Database} service is registered.
 */
@Component(service = MetricsComponent.class, immediate = true)
public final class MetricsComponent {

    private final CairnMetrics metrics = new CairnMetrics();
    private final PrometheusExposition exposition = new PrometheusExposition(metrics);
    private final java.util.Set<Database> databases = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public MetricsComponent() {
        ProcessMetrics.register(metrics, this);
        metrics.gauge(metrics.family("cairn_databases", MetricFamily.Type.GAUGE, "Databases open in this container."),
                java.util.Map.of(), this, databases::size);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDatabase(Database db) {
        databases.add(db);
        KernelMetrics.register(metrics, db);
    }

    void removeDatabase(Database db) {
        databases.remove(db);
        metrics.removeOwnedBy(db);
    }

    /** admin.web's login counters, while admin.web runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLoginStats(io.cairn.web.LoginStats logins) {
        metrics.gauge(metrics.family("cairn_failed_logins_total", MetricFamily.Type.COUNTER,
                "Password logins to the admin API and console that were rejected."), java.util.Map.of(), logins,
                logins::failedLoginsTotal);
        metrics.gauge(metrics.family("cairn_successful_logins_total", MetricFamily.Type.COUNTER,
                "Password logins to the admin API and console that were accepted."), java.util.Map.of(), logins,
                logins::successfulLoginsTotal);
    }

    void unsetLoginStats(io.cairn.web.LoginStats logins) {
        metrics.removeOwnedBy(logins);
    }

    public CairnMetrics metrics() {
        return metrics;
    }

    /** The Prometheus text format of the registry, for whichever HTTP host serves it. */
    public PrometheusExposition exposition() {
        return exposition;
    }
}
