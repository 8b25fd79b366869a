package io.cairn.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;

/** ALTER SYSTEM SET in OSGi: the database's own factory configuration is updated through Config Admin. */
class AlterSystemConfigAdminTest {

    @TempDir
    Path tmp;

    @Test
    void updatesTheDatabasesFactoryConfiguration() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.factoryPid", "io.cairn.database");
        props.put("name", "sales");
        props.put("lockTimeout", "30s");
        List<String> filters = new ArrayList<>();
        List<Dictionary<String, Object>> updates = new ArrayList<>();
        Configuration configuration = proxy(Configuration.class, (m, args) -> switch (m) {
            case "getProperties" -> new Hashtable<>(props);
            case "update" -> {
                @SuppressWarnings("unchecked")
                Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                updates.add(d);
                yield null;
            }
            default -> null;
        });
        ConfigurationAdmin admin = proxy(ConfigurationAdmin.class, (m, args) -> {
            if (m.equals("listConfigurations")) {
                filters.add((String) args[0]);
                return new Configuration[] {configuration};
            }
            return null;
        });
        BundleContext context = proxy(BundleContext.class, (m, args) ->
                m.equals("registerService") ? proxy(ServiceRegistration.class, (n, a) -> null) : null);

        DatabaseComponent db = new DatabaseComponent(config(tmp.resolve("sales").toString()), context,
                java.util.Map.of("service.pid", "io.cairn.database~sales"));
        try (Session s = db.transactions().openSession("test", "alter system")) {
            SqlException missing = assertThrows(SqlException.class,
                    () -> db.sqlEngine().execute(s, "ALTER SYSTEM SET lock_timeout = '5s'"));
            assertEquals("55000", missing.getSQLState(), "without Config Admin nothing can be stored");

            Field f = DatabaseComponent.class.getDeclaredField("configAdmin");
            f.setAccessible(true);
            f.set(db, admin);
            String message = (String) db.sqlEngine().execute(s, "ALTER SYSTEM SET lock_timeout = '5s'").rows().get(0)[0];
            assertTrue(message.contains("restarts"), message);
            assertEquals(List.of("(&(service.factoryPid=io.cairn.database)(name=sales))"), filters);
            assertEquals(1, updates.size());
            assertEquals("5s", updates.get(0).get("lockTimeout"));
            assertEquals("sales", updates.get(0).get("name"));
            assertEquals("22023", assertThrows(SqlException.class,
                    () -> db.sqlEngine().execute(s, "ALTER SYSTEM SET checkpoint_wal_size = 'lots'")).getSQLState());
            assertEquals(1, updates.size());
        } finally {
            db.close();
        }
        assertFalse(Files.exists(tmp.resolve("sales").resolve(SystemParameterFile.FILE)), "no properties file in OSGi");
    }

    interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    static <T> T proxy(Class<T> type, Handler h) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> type.getSimpleName();
                };
            }
            return h.handle(m.getName(), args);
        }));
    }

    static DatabaseConfig config(String directory) {
        return new DatabaseConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DatabaseConfig.class;
            }

            @Override
            public String name() {
                return "sales";
            }

            @Override
            public String directory() {
                return directory;
            }

            @Override
            public String bufferPoolSize() {
                return "1m";
            }

            @Override
            public String walSegmentSize() {
                return "64m";
            }

            @Override
            public String checkpointWalSize() {
                return "256m";
            }

            @Override
            public String lockTimeout() {
                return "30s";
            }

            @Override
            public String maxMemoryRows() {
                return "1000000";
            }
        };
    }
}
