package io.cairn.sql.internal;

import static io.cairn.sql.internal.AlterSystemConfigAdminTest.config;
import static io.cairn.sql.internal.AlterSystemConfigAdminTest.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import io.cairn.sql.Database;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;

/**
 * A database that cannot open is reported after the fact as an unhealthy database:<name> check
 * (what the health routes, cairn:health and the monitoring plugin's incidents read), until it
 * opens or its configuration changes or goes.
 */
class OpenFailuresTest {

    @TempDir
    Path tmp;

    /** A service a fake bundle context holds: registered until unregistered. */
    private record Registered(Object service, Dictionary<String, Object> props, boolean[] gone) {
    }

    private final List<Registered> services = new ArrayList<>();

    private BundleContext context() {
        return proxy(BundleContext.class, (m, args) -> {
            if (!m.equals("registerService")) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Registered r = new Registered(args[1], (Dictionary<String, Object>) args[2], new boolean[1]);
            services.add(r);
            return proxy(ServiceRegistration.class, (n, a) -> {
                if (n.equals("unregister")) {
                    r.gone()[0] = true;
                }
                return null;
            });
        });
    }

    private <T> List<T> live(Class<T> type) {
        return services.stream().filter(r -> !r.gone()[0] && type.isInstance(r.service())).map(r -> type.cast(r.service())).toList();
    }

    @Test
    void aDatabaseThatCannotOpenIsAnUnhealthyCheckUntilItOpensOrItsConfigurationChanges() throws Exception {
        Path dir = tmp.resolve("sales");
        Files.createDirectories(dir);
        Files.write(dir.resolve("cairn.data"), new byte[8192 * 2]); // not a Cairn data file
        BundleContext context = context();
        Map<String, Object> props = Map.of("service.pid", "io.cairn.database~sales");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new DatabaseComponent(config(dir.toString()), context, props));

        List<HealthContributor> checks = live(HealthContributor.class);
        assertEquals(1, checks.size());
        HealthContributor check = checks.get(0);
        assertEquals("database:sales", check.name());
        HealthCheck h = check.check();
        assertEquals(HealthStatus.UNHEALTHY, h.status());
        assertTrue(h.message().startsWith("database 'sales' did not open: ") && h.message().contains(e.getMessage()),
                h.message());
        assertEquals("io.cairn.database~sales", h.details().get("configuration"));
        Registered reg = services.stream().filter(r -> r.service() == check).findFirst().orElseThrow();
        assertEquals("sales", reg.props().get(Database.NAME_PROPERTY), "a check of that database");
        assertTrue(OpenFailures.reported("sales"));

        // another configuration's change leaves it; a change of its own configuration clears it
        ConfigurationListener listener = live(ConfigurationListener.class).get(0);
        listener.configurationEvent(event("io.cairn.database~hr", ConfigurationEvent.CM_UPDATED));
        assertEquals(1, live(HealthContributor.class).size());
        listener.configurationEvent(event("io.cairn.database~sales", ConfigurationEvent.CM_UPDATED));
        assertTrue(live(HealthContributor.class).isEmpty());
        assertTrue(live(ConfigurationListener.class).isEmpty());

        // failing again reports again; then opening (the bad file moved away) clears the report
        assertThrows(RuntimeException.class, () -> new DatabaseComponent(config(dir.toString()), context, props));
        List<HealthContributor> again = live(HealthContributor.class);
        assertEquals(1, again.size());
        Files.delete(dir.resolve("cairn.data"));
        DatabaseComponent db = new DatabaseComponent(config(dir.toString()), context, props);
        try {
            assertFalse(OpenFailures.reported("sales"));
            assertFalse(live(HealthContributor.class).contains(again.get(0)), "the failure's check went");
            assertTrue(live(ConfigurationListener.class).isEmpty());
            // the open database's own database:sales check answers instead
            HealthContributor own = live(HealthContributor.class).stream().filter(c -> c.name().equals("database:sales"))
                    .findFirst().orElseThrow();
            assertEquals(HealthStatus.HEALTHY, own.check().status());
        } finally {
            db.close();
        }
    }

    @Test
    void aBadSettingIsReportedToo() {
        BundleContext context = context();
        DatabaseConfig bad = new DatabaseConfigWith(config(tmp.resolve("hr").toString()), "lots");
        assertThrows(IllegalArgumentException.class,
                () -> new DatabaseComponent(bad, context, Map.of("service.pid", "io.cairn.database~hr")));
        HealthContributor check = live(HealthContributor.class).get(0);
        assertTrue(check.check().message().contains("bufferPoolSize"), check.check().message());
        OpenFailures.cleared("sales");
        OpenFailures.cleared("hr");
    }

    private static ConfigurationEvent event(String pid, int type) {
        org.osgi.framework.ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref = proxy(
                org.osgi.framework.ServiceReference.class, (m, a) -> null);
        return new ConfigurationEvent(ref, type, "io.cairn.database", pid);
    }

    /** A configuration with another buffer pool size. */
    private record DatabaseConfigWith(DatabaseConfig base, String pool) implements DatabaseConfig {
        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return DatabaseConfig.class;
        }

        @Override
        public String name() {
            return "hr";
        }

        @Override
        public String directory() {
            return base.directory();
        }

        @Override
        public String bufferPoolSize() {
            return pool;
        }

        @Override
        public String walSegmentSize() {
            return base.walSegmentSize();
        }

        @Override
        public String checkpointWalSize() {
            return base.checkpointWalSize();
        }

        @Override
        public String lockTimeout() {
            return base.lockTimeout();
        }

        @Override
        public String maxMemoryRows() {
            return base.maxMemoryRows();
        }
    }
}
