package io.cairn.monitoring.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.MetricSet;

import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.PluginMetricSets;
import io.cairn.monitoring.internal.metrics.PoolMetrics;
import io.cairn.pool.ConnectionPool;

/**
 * Metrics that come from other bundles: every running connection pool ({@link ConnectionPool}
 * services, {@code cairn_pool_*} with a {@code pool} label) and every plugin's Dropwizard
 * {@link MetricSet} registered as a service with {@value PluginMetricSets#PLUGIN_PROPERTY}
 * ({@code cairn_plugin_*} with a {@code plugin} label). Their series come and go with the services.
 */
@Component(service = {}, immediate = true)
public final class PluginMetricsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PluginMetricsComponent.class);

    private final CairnMetrics metrics;
    private final Set<Object> owners = ConcurrentHashMap.newKeySet();

    @Activate
    public PluginMetricsComponent(@Reference MetricsComponent metrics) {
        this(metrics.metrics());
    }

    PluginMetricsComponent(CairnMetrics metrics) {
        this.metrics = metrics;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPool(ConnectionPool pool) {
        owners.add(pool);
        PoolMetrics.register(metrics, pool);
    }

    void removePool(ConnectionPool pool) {
        owners.remove(pool);
        metrics.removeOwnedBy(pool);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMetricSet(MetricSet set, Map<String, Object> properties) {
        Object plugin = properties.get(PluginMetricSets.PLUGIN_PROPERTY);
        if (!(plugin instanceof String name) || name.isBlank()) {
            LOG.warn("a MetricSet service without the {} property (the plugin's name) is not exported: {}",
                    PluginMetricSets.PLUGIN_PROPERTY, "bundle " + properties.get("service.bundleid"));
            return;
        }
        owners.add(set);
        int n = PluginMetricSets.register(metrics, name.trim(), set, set);
        LOG.info("plugin {}: {} metrics exported", name.trim(), n);
    }

    void removeMetricSet(MetricSet set) {
        owners.remove(set);
        metrics.removeOwnedBy(set);
    }

    @Deactivate
    void stop() {
        owners.forEach(metrics::removeOwnedBy);
        owners.clear();
    }
}
