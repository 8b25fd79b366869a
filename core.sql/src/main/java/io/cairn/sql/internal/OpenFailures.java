package io.cairn.sql.internal;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import io.cairn.sql.Database;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;

/**
 * Databases of this container that failed to open: each is reported as an UNHEALTHY
 * {@code database:<name>} health check (the name the check of an open database has), so the health
 * routes, {@code cairn:health} and the monitoring plugin's incidents see it after the fact, while
 * no {@code Database} service exists for it. The report goes when the database opens, or when its
 * configuration is changed (the next activation reports again if it fails again) or deleted.
 */
final class OpenFailures {

    /** The failure reported for each database name, with its registrations. */
    private static final Map<String, Reported> REPORTED = new HashMap<>();

    private OpenFailures() {
    }

    private record Reported(String pid, ServiceRegistration<?> check, ServiceRegistration<?> listener) {
        void unregister() {
            for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {check, listener}) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters a stopping bundle's services itself
                }
            }
        }
    }

    /** The database {@code name} (configuration {@code pid}) did not open: report it until it does. */
    static synchronized void failed(BundleContext context, String name, String directory, String pid, RuntimeException e) {
        cleared(name);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", e.getClass().getSimpleName());
        if (directory != null && !directory.isEmpty()) {
            details.put("directory", directory);
        }
        if (pid != null) {
            details.put("configuration", pid);
        }
        HealthCheck result = HealthCheck.of(HealthStatus.UNHEALTHY, "database '" + name + "' did not open: " + why, details);
        HealthContributor check = new HealthContributor() {
            @Override
            public String name() {
                return "database:" + name;
            }

            @Override
            public HealthCheck check() {
                return result;
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Database.NAME_PROPERTY, name);
        ServiceRegistration<?> c = context.registerService(HealthContributor.class, check, props);
        ConfigurationListener onChange = event -> {
            if (pid != null && pid.equals(event.getPid()) && (event.getType() == ConfigurationEvent.CM_DELETED
                    || event.getType() == ConfigurationEvent.CM_UPDATED)) {
                clearedIf(name, pid);
            }
        };
        ServiceRegistration<?> l = context.registerService(ConfigurationListener.class, onChange, null);
        REPORTED.put(name, new Reported(pid, c, l));
    }

    /** The database {@code name} opened (or is going away): its failure, if any, is no longer news. */
    static synchronized void cleared(String name) {
        Reported r = REPORTED.remove(name);
        if (r != null) {
            r.unregister();
        }
    }

    private static synchronized void clearedIf(String name, String pid) {
        Reported r = REPORTED.get(name);
        if (r != null && pid.equals(r.pid())) {
            cleared(name);
        }
    }

    /** Whether a failure of {@code name} is being reported (tests). */
    static synchronized boolean reported(String name) {
        return REPORTED.containsKey(name);
    }
}
