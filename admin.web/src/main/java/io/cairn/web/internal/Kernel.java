package io.cairn.web.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.cairn.sql.Database;
import io.cairn.sql.admin.DatabaseParameters;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.sql.admin.SqlConsole;
import io.cairn.sql.health.HealthContributor;
import io.cairn.web.RestException;

/**
 * The kernel services the REST API reads, as they come and go: databases and their admin
 * services by database name, and every health contributor.
 */
final class Kernel {

    final Map<String, Database> databases = new ConcurrentSkipListMap<>();
    final Map<String, SqlConsole> consoles = new ConcurrentSkipListMap<>();
    final Map<String, DatabaseParameters> parameters = new ConcurrentSkipListMap<>();
    final Map<String, MaintenanceJobs> maintenance = new ConcurrentSkipListMap<>();
    final List<HealthContributor> health = new CopyOnWriteArrayList<>();
    final Instant started = Instant.now();
    final String version;
    final PerformanceSampler sampler = new PerformanceSampler(this);
    /** cairn:status as JSON-writable values; null outside OSGi. */
    volatile Supplier<Object> status;

    Kernel(String version) {
        this.version = version;
    }

    /** The database a request names ({@code default} when it names none). */
    Database database(String name) throws RestException {
        String n = name == null ? "default" : name;
        Database db = databases.get(n);
        if (db == null) {
            throw RestException.notFound("no database named '" + n + "' is open"
                    + (databases.isEmpty() ? "" : "; open: " + String.join(", ", databases.keySet())));
        }
        return db;
    }

    static <T> T service(Map<String, T> byDatabase, String name, String what) throws RestException {
        String n = name == null ? "default" : name;
        T s = byDatabase.get(n);
        if (s == null) {
            throw RestException.notFound("no database named '" + n + "' is open (no " + what + ")");
        }
        return s;
    }
}
