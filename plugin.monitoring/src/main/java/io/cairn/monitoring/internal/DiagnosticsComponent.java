package io.cairn.monitoring.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.monitoring.internal.diag.DiagnosticDump;
import io.cairn.monitoring.internal.incident.FlatJson;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.sql.Database;

/**
 * Diagnostic dumps: a zip with the configuration (secrets redacted), the end of the container
 * log, the ASH window around an incident (or the last minutes) and snapshots of the v$ views of
 * the database, plus a manifest naming every part and what went wrong with it.
 */
@Component(service = DiagnosticsComponent.class, immediate = true, configurationPid = AshComponent.PID)
public final class DiagnosticsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsComponent.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The views a dump snapshots, and how (v$sql: the 100 statements with the most elapsed time). */
    static final List<Map.Entry<String, String>> VIEWS = List.of(
            Map.entry("v$session", "SELECT * FROM v$session"),
            Map.entry("v$lock", "SELECT * FROM v$lock"),
            Map.entry("v$system_event", "SELECT * FROM v$system_event"),
            Map.entry("v$sysstat", "SELECT * FROM v$sysstat"),
            Map.entry("v$sql", "SELECT * FROM v$sql ORDER BY total_elapsed_ms DESC LIMIT 100"),
            Map.entry("v$buffer_pool_stats", "SELECT * FROM v$buffer_pool_stats"),
            Map.entry("v$memory_usage", "SELECT * FROM v$memory_usage"),
            Map.entry("v$health_check", "SELECT * FROM v$health_check"),
            Map.entry("v$incident", "SELECT * FROM v$incident"));

    private final Function<String, DataSource> dataSources;
    private final long maxBytes;
    private final long logTailBytes;
    private final int ashMinutes;
    private final Path etc;
    private final Path logDir;
    private final Path dumpDir;
    private volatile IncidentComponent incidents;
    private volatile AshComponent ash;
    private final java.util.Set<Database> databases = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public DiagnosticsComponent(MonitoringConfig config,
            @Reference(target = "(osgi.jdbc.driver.name=cairn)") DataSourceFactory jdbc) {
        this(AshComponent.dataSources(jdbc), config.diagDumpMaxMegabytes(), config.diagLogTailKilobytes(),
                config.diagAshMinutes(), karafDir("karaf.etc", "etc"), karafDir("karaf.data", "data").resolve("log"),
                karafDir("karaf.data", "data").resolve("cairn-monitoring").resolve("dumps"));
    }

    /** Tests: every directory given. */
    DiagnosticsComponent(Function<String, DataSource> dataSources, int maxMegabytes, int logTailKilobytes,
            int ashMinutes, Path etc, Path logDir, Path dumpDir) {
        if (maxMegabytes < 1 || maxMegabytes > 1024) {
            throw new IllegalArgumentException(AshComponent.PID + ": diagDumpMaxMegabytes must be between 1 and 1024, was "
                    + maxMegabytes);
        }
        if (logTailKilobytes < 0 || logTailKilobytes > 65_536) {
            throw new IllegalArgumentException(AshComponent.PID
                    + ": diagLogTailKilobytes must be between 0 and 65536, was " + logTailKilobytes);
        }
        if (ashMinutes < 1 || ashMinutes > 1440) {
            throw new IllegalArgumentException(AshComponent.PID + ": diagAshMinutes must be between 1 and 1440, was "
                    + ashMinutes);
        }
        this.dataSources = dataSources;
        this.maxBytes = maxMegabytes * 1024L * 1024L;
        this.logTailBytes = logTailKilobytes * 1024L;
        this.ashMinutes = ashMinutes;
        this.etc = etc;
        this.logDir = logDir;
        this.dumpDir = dumpDir;
    }

    private static Path karafDir(String property, String child) {
        String dir = System.getProperty(property);
        if (dir != null) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("karaf.base", "."), child);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setIncidents(IncidentComponent i) {
        incidents = i;
    }

    void unsetIncidents(IncidentComponent i) {
        if (incidents == i) {
            incidents = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAsh(AshComponent a) {
        ash = a;
    }

    void unsetAsh(AshComponent a) {
        if (ash == a) {
            ash = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDatabase(Database db) {
        databases.add(db);
    }

    void removeDatabase(Database db) {
        databases.remove(db);
    }

    /** Whether a database of that name is open in the container. */
    public boolean open(String database) {
        return databases.stream().anyMatch(d -> d.name().equals(database));
    }

    public Path dumpDirectory() {
        return dumpDir;
    }

    /** The dump of incident {@code id}: its database, and ASH from before it opened to its last occurrence. */
    public byte[] incidentDump(long id) throws AlertException {
        IncidentComponent i = incidents;
        if (i == null) {
            throw new AlertException(AlertException.Kind.UNAVAILABLE, "incidents are not running (see the log for "
                    + "the configuration problem)");
        }
        Incident incident = i.get(id);
        Instant from = incident.openedAt().minusSeconds(ashMinutes * 60L);
        Instant to = incident.lastSeenAt().plusSeconds(60);
        return build(incident.database(), incident, from, to);
    }

    /** An on-demand dump of {@code database}, with the last {@code diagAshMinutes} of ASH. */
    public byte[] dump(String database) {
        Instant now = Instant.now();
        return build(database, null, now.minusSeconds(ashMinutes * 60L), now);
    }

    /** A file name for an on-demand dump: {@code cairn-diag-<database>-<UTC time>.zip}. */
    public static String fileName(String database) {
        return "cairn-diag-" + database.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + STAMP.format(Instant.now()) + ".zip";
    }

    /** A file name for an incident's dump: {@code cairn-diag-incident-<id>-<UTC time>.zip}. */
    public static String incidentFileName(long id) {
        return "cairn-diag-incident-" + id + "-" + STAMP.format(Instant.now()) + ".zip";
    }

    /** Writes a dump into a file (the shell); returns the path. */
    public Path write(byte[] zip, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, zip);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private byte[] build(String database, Incident incident, Instant from, Instant to) {
        DiagnosticDump d = new DiagnosticDump(maxBytes);
        d.describe("database", database).describe("incident_id", incident == null ? null : incident.id())
                .describe("ash_from", from.toString()).describe("ash_to", to.toString())
                .describe("max_bytes", maxBytes);
        if (incident != null) {
            d.add("incident.json", () -> {
                Map<String, Object> j = incident.json();
                StringBuilder b = new StringBuilder("{");
                j.forEach((k, v) -> {
                    FlatJson.string(b.append(b.length() > 1 ? "," : ""), k).append(':');
                    if (v == null) {
                        b.append("null");
                    } else if (v instanceof Number) {
                        b.append(v);
                    } else if (v instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        Map<String, String> details = (Map<String, String>) m;
                        b.append(FlatJson.write(details));
                    } else {
                        FlatJson.string(b, v.toString());
                    }
                });
                return b.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
            });
        }
        d.add("system/jvm.txt", () -> jvm().getBytes(StandardCharsets.UTF_8));
        addConfig(d);
        d.add("config/system_parameters.csv", () -> query(database, "SELECT * FROM v$parameter", d));
        addLogs(d);
        d.add("ash.csv", () -> ash(database, from, to));
        for (Map.Entry<String, String> v : VIEWS) {
            d.add("views/" + v.getKey() + ".csv", () -> query(database, v.getValue(), null));
        }
        byte[] zip = d.finish();
        LOG.info("diagnostic dump of database {}{}: {} bytes", database,
                incident == null ? "" : " for incident " + incident.id(), zip.length);
        return zip;
    }

    private void addConfig(DiagnosticDump d) {
        List<Path> files;
        try {
            files = DiagnosticDump.configFiles(etc);
        } catch (IOException | RuntimeException e) {
            d.add("config/etc/", () -> {
                throw new IOException("cannot list " + etc + ": " + e);
            });
            return;
        }
        for (Path f : files) {
            d.add("config/etc/" + f.getFileName(), () -> DiagnosticDump.redactedConfig(f));
        }
    }

    private void addLogs(DiagnosticDump d) {
        if (logTailBytes == 0) {
            return;
        }
        List<Map.Entry<String, byte[]>> tails;
        try {
            tails = DiagnosticDump.logTails(logDir, logTailBytes);
        } catch (IOException | RuntimeException e) {
            d.add("logs/", () -> {
                throw new IOException("cannot read the log directory " + logDir + ": " + e);
            });
            return;
        }
        for (Map.Entry<String, byte[]> t : tails) {
            d.add("logs/" + t.getKey(), t::getValue);
        }
    }

    private byte[] query(String database, String sql, DiagnosticDump redactFrom) throws Exception {
        int[] rows = {0};
        try (Connection c = dataSources.apply(database).getConnection()) {
            byte[] csv = DiagnosticDump.csv(c, sql, rows);
            if (redactFrom != null) { // the parameters: a secret-looking name hides its value
                StringBuilder b = new StringBuilder();
                for (String line : new String(csv, StandardCharsets.UTF_8).split("\n", -1)) {
                    String name = line.contains(",") ? line.substring(0, line.indexOf(',')) : line;
                    b.append(DiagnosticDump.secret(name) ? name + "," + DiagnosticDump.REDACTED : line).append('\n');
                }
                csv = b.toString().strip().concat("\n").getBytes(StandardCharsets.UTF_8);
            }
            return csv;
        }
    }

    private byte[] ash(String database, Instant from, Instant to) {
        AshComponent a = ash;
        if (a == null) {
            throw new IllegalStateException("ASH is not running (see the log for the configuration problem)");
        }
        long seconds = Math.max(1, java.time.Duration.between(from, Instant.now()).toSeconds());
        StringBuilder b = new StringBuilder("sample_id,sample_time,sid,username,session_state,event,wait_class,"
                + "sql_id,plan_hash,sql_text,txn_id,blocking_session,module\n");
        for (AshSample s : a.window(seconds, database)) {
            if (s.sampleTime().isBefore(from) || s.sampleTime().isAfter(to)) {
                continue;
            }
            b.append(s.sampleId());
            DiagnosticDump.cell(b, true, s.sampleTime().toString());
            b.append(',').append(s.sessionId());
            DiagnosticDump.cell(b, true, s.user());
            DiagnosticDump.cell(b, true, s.sessionState());
            DiagnosticDump.cell(b, true, s.event());
            DiagnosticDump.cell(b, true, s.waitClass());
            DiagnosticDump.cell(b, true, s.sqlId());
            DiagnosticDump.cell(b, true, s.planHash());
            DiagnosticDump.cell(b, true, s.sqlText());
            b.append(',').append(s.txnId());
            b.append(',').append(s.blockingSession());
            DiagnosticDump.cell(b, true, s.module());
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String jvm() {
        Runtime rt = Runtime.getRuntime();
        return "java.version=" + System.getProperty("java.version") + "\njava.vendor=" + System.getProperty("java.vendor")
                + "\nos=" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "\nprocessors=" + rt.availableProcessors() + "\nheap_max_bytes="
                + rt.maxMemory() + "\nheap_used_bytes=" + (rt.totalMemory() - rt.freeMemory()) + "\nuptime_ms="
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + "\n";
    }
}
