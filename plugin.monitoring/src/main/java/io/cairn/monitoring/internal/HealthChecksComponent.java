package io.cairn.monitoring.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.cairn.sql.Database;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;

/**
 * The health checks of each open database, as {@code v$health_check} and the incident checks see
 * them: every registered {@link HealthContributor} of that database (service property
 * {@code cairn.database}; contributors without it belong to every database) and the plugin's own
 * disk-space check {@code disk_free:<name>} against {@code incidentDiskFreePercent}.
 */
@Component(service = HealthChecksComponent.class, immediate = true, configurationPid = AshComponent.PID)
public final class HealthChecksComponent {

    /** One check's outcome: {@code status} UP, DEGRADED or DOWN. */
    public record Row(String name, String status, String detail, Instant checkedAt, HealthStatus health,
            Map<String, Object> figures) {
    }

    public static final String DISK_CHECK = "disk_free:";

    private final int diskFreePercent;
    private final Map<HealthContributor, String> contributors = new ConcurrentHashMap<>();
    private final Set<Database> databases = ConcurrentHashMap.newKeySet();

    @Activate
    public HealthChecksComponent(MonitoringConfig config) {
        this(config.incidentDiskFreePercent());
    }

    public HealthChecksComponent(int diskFreePercent) {
        if (diskFreePercent < 0 || diskFreePercent > 100) {
            throw new IllegalArgumentException(AshComponent.PID + ": incidentDiskFreePercent must be between 0 and 100, was "
                    + diskFreePercent);
        }
        this.diskFreePercent = diskFreePercent;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addContributor(HealthContributor c, Map<String, Object> properties) {
        Object db = properties.get(Database.NAME_PROPERTY);
        contributors.put(c, db == null ? "" : db.toString());
    }

    public void removeContributor(HealthContributor c) {
        contributors.remove(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addDatabase(Database db) {
        databases.add(db);
    }

    public void removeDatabase(Database db) {
        databases.remove(db);
    }

    public List<Database> databases() {
        return List.copyOf(databases);
    }

    /**
     * The open databases and every database some health check names (cairn.database), sorted: a
     * database that failed to open has no Database service but the kernel reports it as an
     * unhealthy {@code database:<name>} check.
     */
    public java.util.SortedSet<String> databaseNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        databases.forEach(d -> names.add(d.name()));
        contributors.values().forEach(n -> {
            if (!n.isEmpty()) {
                names.add(n);
            }
        });
        return names;
    }

    public int diskFreePercent() {
        return diskFreePercent;
    }

    /** Runs every check of {@code database} now, sorted by name. */
    public List<Row> check(String database) {
        List<Row> rows = new ArrayList<>();
        contributors.forEach((c, db) -> {
            if (db.isEmpty() || db.equals(database)) {
                rows.add(run(c));
            }
        });
        for (Database db : databases) {
            if (db.name().equals(database)) {
                rows.add(disk(db));
            }
        }
        rows.sort(java.util.Comparator.comparing(Row::name));
        return rows;
    }

    private static Row run(HealthContributor c) {
        String name;
        try {
            name = c.name();
        } catch (RuntimeException e) {
            name = c.getClass().getName();
        }
        HealthCheck h;
        try {
            h = c.check();
            if (h == null) {
                h = HealthCheck.of(HealthStatus.UNHEALTHY, "the check returned nothing", null);
            }
        } catch (RuntimeException e) { // the package contract: a throwing contributor is unhealthy
            h = HealthCheck.of(HealthStatus.UNHEALTHY, "the check failed: " + e, null);
        }
        return row(name, h);
    }

    static Row row(String name, HealthCheck h) {
        StringBuilder detail = new StringBuilder(h.message());
        if (!h.details().isEmpty()) {
            detail.append(" (");
            h.details().forEach((k, v) -> detail.append(detail.charAt(detail.length() - 1) == '(' ? "" : ", ")
                    .append(k).append('=').append(v));
            detail.append(')');
        }
        return new Row(name, status(h.status()), detail.toString(), Instant.now(), h.status(), h.details());
    }

    /** The vocabulary of {@code v$health_check}: UP, DEGRADED, DOWN. */
    public static String status(HealthStatus s) {
        return switch (s) {
            case HEALTHY -> "UP";
            case DEGRADED -> "DEGRADED";
            case UNHEALTHY -> "DOWN";
        };
    }

    /** {@code disk_free:<name>}: DOWN when the usable share of the data directory's file system is below the threshold. */
    Row disk(Database db) {
        String name = DISK_CHECK + db.name();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("directory", db.directory().toString());
        d.put("threshold_percent", diskFreePercent);
        try {
            FileStore fs = Files.getFileStore(db.directory());
            long usable = fs.getUsableSpace();
            long total = fs.getTotalSpace();
            double percent = total == 0 ? 0 : usable * 100.0 / total;
            d.put("usable_bytes", usable);
            d.put("total_bytes", total);
            d.put("usable_percent", Math.round(percent * 100) / 100.0);
            if (diskFreePercent == 0) {
                return row(name, HealthCheck.of(HealthStatus.HEALTHY, "threshold 0: not checked", d));
            }
            if (percent < diskFreePercent) {
                return row(name, HealthCheck.of(HealthStatus.UNHEALTHY, String.format(Locale.ROOT,
                        "only %.2f%% of the file system is usable, below the threshold of %d%%", percent,
                        diskFreePercent), d));
            }
            return row(name, HealthCheck.of(HealthStatus.HEALTHY, String.format(Locale.ROOT,
                    "%.2f%% of the file system is usable", percent), d));
        } catch (IOException | RuntimeException e) {
            return row(name, HealthCheck.of(HealthStatus.UNHEALTHY, "cannot read the file system of "
                    + db.directory() + ": " + e.getMessage(), d));
        }
    }
}
