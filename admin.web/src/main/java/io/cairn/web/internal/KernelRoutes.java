package io.cairn.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.sql.Database;
import io.cairn.sql.SqlException;
import io.cairn.sql.admin.DatabaseParameter;
import io.cairn.sql.admin.DatabaseParameters;
import io.cairn.sql.admin.MaintenanceJob;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.sql.admin.MaintenanceOperation;
import io.cairn.sql.admin.StatementOutcome;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;
import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.FragmentationStats;
import io.cairn.storage.StorageStats;
import io.cairn.txn.SessionSnapshot;
import io.cairn.web.JsonObject;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** The routes admin.web itself mounts, over the kernel's services. */
final class KernelRoutes {

    private final AdminWeb web;
    private final Kernel kernel;

    KernelRoutes(AdminWeb web) {
        this.web = web;
        this.kernel = web.kernel;
    }

    List<RestResource> all() {
        List<RestResource> r = new ArrayList<>();
        r.add(Routes.of("GET", "/status", Role.VIEWER, "Bundles and open databases (as cairn:status)", this::status));
        r.add(Routes.of("GET", "/databases", Role.VIEWER, "The open databases", this::databases));
        r.add(Routes.of("GET", "/databases/{name}", Role.VIEWER, "One open database", this::database));
        r.add(Routes.of("GET", "/databases/{name}/storage", Role.VIEWER,
                "Buffer pool, WAL, checkpoint and data file figures of a database", this::storage));
        r.add(Routes.of("GET", "/admin/health", Role.VIEWER,
                "Overall health aggregated from every HealthContributor", this::health));
        r.add(Routes.of("GET", "/health/readiness", Role.VIEWER,
                "200 when a database is open and no check is unhealthy, else 503", this::readiness));
        r.add(Routes.of("GET", "/health/startup", Role.VIEWER,
                "200 once the default database has opened, else 503", this::startup));
        r.add(Routes.of("GET", "/admin/config", Role.VIEWER,
                "The parameters ALTER SYSTEM SET can change, with their values in effect", this::config));
        r.add(Routes.of("PUT", "/admin/config", Role.ADMIN,
                "Sets parameters as ALTER SYSTEM SET does (validated first; the database restarts)", this::setConfig));
        r.add(Routes.of("POST", "/sql", Role.ADMIN, "Runs SQL statements in one session with a row limit", this::sql));
        r.add(Routes.of("GET", "/stats/performance", Role.VIEWER,
                "CPU, memory, disk I/O, cache hit ratio, TPS over a window, locks and deadlocks", this::performance));
        r.add(Routes.of("GET", "/stats/sessions", Role.VIEWER, "Every open session of a database", this::sessions));
        r.add(Routes.of("POST", "/admin/maintenance", Role.ADMIN,
                "Queues VACUUM, ANALYZE, REINDEX or CHECKPOINT as a job; 202 with its id", this::submit));
        r.add(Routes.of("GET", "/admin/maintenance", Role.VIEWER, "The maintenance job history, newest first", this::jobs));
        r.add(Routes.of("GET", "/admin/maintenance/{id}", Role.VIEWER, "One maintenance job", this::job));
        r.add(Routes.of("GET", "/openapi.json", Role.VIEWER, "This description, of the routes mounted now",
                req -> RestResponse.ok(OpenApi.describe(web))));
        return r;
    }

    private RestResponse status(RestRequest req) throws RestException {
        if (kernel.status == null) {
            throw new RestException(503, "unavailable", "container status is only available inside Karaf");
        }
        return RestResponse.ok(kernel.status.get());
    }

    private RestResponse databases(RestRequest req) {
        return RestResponse.ok(Map.of("databases", kernel.databases.values().stream().map(KernelRoutes::describe).toList()));
    }

    private RestResponse database(RestRequest req) throws RestException {
        return RestResponse.ok(describe(kernel.database(req.pathParameter("name"))));
    }

    private static Map<String, Object> describe(Database db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", db.name());
        m.put("directory", db.directory().toString());
        return m;
    }

    private RestResponse storage(RestRequest req) throws RestException {
        Database db = kernel.database(req.pathParameter("name"));
        StorageStats s = db.storage().stats();
        BufferPoolStats bp = s.bufferPool();
        FragmentationStats f = db.storage().fragmentation();
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("capacityFrames", bp.capacityFrames());
        pool.put("usedFrames", bp.usedFrames());
        pool.put("pinnedFrames", bp.pinnedFrames());
        pool.put("dirtyPages", bp.dirtyPages());
        pool.put("hits", bp.hits());
        pool.put("misses", bp.misses());
        pool.put("reads", bp.reads());
        pool.put("writes", bp.writes());
        pool.put("evictions", bp.evictions());
        pool.put("hitRatio", bp.hitRatio());
        Map<String, Object> wal = new LinkedHashMap<>();
        wal.put("firstLsn", s.walFirstLsn());
        wal.put("endLsn", s.walEndLsn());
        wal.put("durableLsn", s.walDurableLsn());
        wal.put("bytes", s.walBytes());
        wal.put("bytesWritten", s.walBytesWritten());
        wal.put("fsyncs", s.walFsyncs());
        wal.put("fsyncNanos", s.walFsyncNanos());
        wal.put("commitsPerFsync", s.commitsPerFsync());
        wal.put("logPoints", s.logPoints());
        wal.put("pagesLogged", s.pagesLogged());
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("bytes", s.dataFileBytes());
        file.put("pages", s.pageCount());
        file.put("freePages", f.freePages());
        file.put("reclaimableBytes", f.reclaimableBytes());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", db.name());
        m.put("bufferPool", pool);
        m.put("wal", wal);
        m.put("checkpoint", Map.of("redoLsn", s.checkpointRedoLsn(), "count", s.checkpoints()));
        m.put("dataFile", file);
        return RestResponse.ok(m);
    }

    // ---- health

    Map<String, Object> healthReport() {
        Map<String, Object> checks = new LinkedHashMap<>();
        HealthStatus overall = kernel.health.isEmpty() ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY;
        List<HealthContributor> sorted = new ArrayList<>(kernel.health);
        sorted.sort(Comparator.comparing(HealthContributor::name));
        for (HealthContributor c : sorted) {
            HealthCheck h;
            try {
                h = c.check();
            } catch (RuntimeException e) {
                h = HealthCheck.of(HealthStatus.UNHEALTHY, "check failed: " + e, Map.of());
            }
            overall = overall.worst(h.status());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", h.status().label());
            one.put("message", h.message());
            one.put("details", h.details());
            checks.put(c.name(), one);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", overall.label());
        m.put("version", kernel.version);
        m.put("uptime_seconds", Duration.between(kernel.started, Instant.now()).toSeconds());
        m.put("checks", checks);
        return m;
    }

    private RestResponse health(RestRequest req) {
        return RestResponse.ok(healthReport());
    }

    private RestResponse readiness(RestRequest req) {
        Map<String, Object> report = healthReport();
        List<String> reasons = new ArrayList<>();
        if (kernel.databases.isEmpty()) {
            reasons.add("no database is open");
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> checks = (Map<String, Map<String, Object>>) report.get("checks");
        checks.forEach((name, c) -> {
            if ("unhealthy".equals(c.get("status"))) {
                reasons.add(name + ": " + c.get("message"));
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", reasons.isEmpty() ? "ready" : "not_ready");
        m.put("reasons", reasons);
        return new RestResponse(reasons.isEmpty() ? 200 : 503, m);
    }

    private RestResponse startup(RestRequest req) {
        boolean started = kernel.databases.containsKey("default") || !kernel.databases.isEmpty();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", started ? "started" : "starting");
        m.put("databases", List.copyOf(kernel.databases.keySet()));
        return new RestResponse(started ? 200 : 503, m);
    }

    // ---- configuration

    private RestResponse config(RestRequest req) throws RestException {
        String name = req.query("database").orElse("default");
        DatabaseParameters p = Kernel.service(kernel.parameters, name, "parameters");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", name);
        List<Map<String, Object>> list = new ArrayList<>();
        for (DatabaseParameter d : p.parameters()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", d.name());
            one.put("value", d.value());
            one.put("unit", d.unit());
            one.put("kind", d.kind());
            list.add(one);
        }
        m.put("parameters", list);
        return RestResponse.ok(m);
    }

    private RestResponse setConfig(RestRequest req) throws RestException {
        JsonObject body = req.body().allowOnly("database", "parameters");
        String name = body.string("database", "default");
        DatabaseParameters p = Kernel.service(kernel.parameters, name, "parameters");
        Map<String, String> values = body.scalars("parameters");
        if (values.isEmpty()) {
            throw RestException.badRequest("missing_field", "'parameters' names no parameter to set");
        }
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                p.validate(e.getKey(), e.getValue());
            }
            List<String> applied = new ArrayList<>();
            for (Map.Entry<String, String> e : values.entrySet()) {
                applied.add(p.set(e.getKey(), e.getValue()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", name);
            m.put("applied", applied);
            m.put("restart", true);
            return RestResponse.ok(m);
        } catch (SqlException e) {
            throw sqlError(e, switch (String.valueOf(e.getSQLState())) {
                case "42704" -> "unknown_parameter";
                case "22023" -> "invalid_value";
                default -> "config_not_saved";
            });
        }
    }

    // ---- SQL worksheet

    private RestResponse sql(RestRequest req) throws RestException {
        JsonObject body = req.body().allowOnly("sql", "database", "maxRows");
        String text = body.string("sql");
        if (text.isBlank()) {
            throw RestException.badRequest("missing_field", "field 'sql' is empty");
        }
        String name = body.string("database", "default");
        int ceiling = web.settings.sqlMaxRows();
        int maxRows = (int) body.integer("maxRows", ceiling, 0, ceiling);
        var console = Kernel.service(kernel.consoles, name, "SQL console");
        List<StatementOutcome> outcomes;
        try {
            outcomes = console.execute(req.user(), text, maxRows, web.settings.sqlTimeout());
        } catch (SqlException e) {
            throw sqlError(e, "sql_error");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (StatementOutcome o : outcomes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("statement", o.statement());
            if (o.query()) {
                r.put("columns", o.columns());
                r.put("rows", o.rows());
                r.put("row_count", o.rowCount());
                r.put("truncated", o.truncated());
            } else {
                r.put("update_count", o.updateCount());
            }
            r.put("elapsed_ms", o.elapsedMillis());
            results.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", name);
        m.put("max_rows", maxRows);
        m.put("results", results);
        return RestResponse.ok(m);
    }

    /** A SQL failure as 4xx (the statement or value was wrong, or conflicted) or 5xx (the system failed). */
    static RestException sqlError(SqlException e, String code) {
        String state = String.valueOf(e.getSQLState());
        int status = state.startsWith("40") || state.equals("55P03") ? 409
                : state.startsWith("57") ? 503
                : state.startsWith("58") || state.startsWith("XX") || state.startsWith("55") ? 500 : 400;
        return new RestException(status, code, "ERROR " + state + ": " + e.getMessage(), Map.of("sqlstate", state));
    }

    // ---- statistics

    private RestResponse performance(RestRequest req) throws RestException {
        return RestResponse.ok(kernel.sampler.report(kernel.database(req.query("database").orElse(null))));
    }

    private RestResponse sessions(RestRequest req) throws RestException {
        Database db = kernel.database(req.query("database").orElse(null));
        List<Map<String, Object>> list = new ArrayList<>();
        for (SessionSnapshot s : db.transactions().sessionRegistry().sessions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sid", s.sessionId());
            m.put("user", s.user());
            m.put("client_info", s.clientInfo());
            m.put("state", s.state() == null ? null : s.state().name());
            m.put("sql_text", s.statementText());
            m.put("sql_start", s.statementStart());
            m.put("wait_event", s.waitEvent());
            m.put("wait_class", s.waitClass() == null ? null : s.waitClass().name());
            m.put("txn_id", s.txnId());
            m.put("transaction_start", s.transactionStart());
            m.put("blocking_sid", s.blockingSessionId());
            list.add(m);
        }
        list.sort(Comparator.comparingLong(m -> (Long) m.get("sid")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", db.name());
        m.put("sessions", list);
        return RestResponse.ok(m);
    }

    // ---- maintenance

    private RestResponse submit(RestRequest req) throws RestException {
        JsonObject body = req.body().allowOnly("operation", "tables", "database");
        String opName = body.string("operation");
        MaintenanceOperation op = MaintenanceOperation.parse(opName);
        if (op == null) {
            throw RestException.badRequest("unknown_operation", "unknown maintenance operation '" + opName
                    + "': use vacuum, analyze, reindex or checkpoint");
        }
        List<String> tables = body.strings("tables");
        String name = body.string("database", "default");
        MaintenanceJobs jobs = Kernel.service(kernel.maintenance, name, "maintenance jobs");
        try {
            return RestResponse.accepted(job(jobs.submit(op, tables, req.user())));
        } catch (SqlException e) {
            throw sqlError(e, switch (String.valueOf(e.getSQLState())) {
                case "42P01" -> "unknown_table";
                case "42601" -> "invalid_table_name";
                default -> "invalid_job";
            });
        }
    }

    private RestResponse jobs(RestRequest req) {
        List<MaintenanceJob> all = new ArrayList<>();
        kernel.maintenance.values().forEach(j -> all.addAll(j.jobs()));
        all.sort(Comparator.comparingLong(MaintenanceJob::id).reversed());
        return RestResponse.ok(Map.of("jobs", all.stream().map(KernelRoutes::job).toList()));
    }

    private RestResponse job(RestRequest req) throws RestException {
        String text = req.pathParameter("id");
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw RestException.badRequest("invalid_id", "a job id is a number, not '" + text + "'");
        }
        for (MaintenanceJobs jobs : kernel.maintenance.values()) {
            var j = jobs.job(id);
            if (j.isPresent()) {
                return RestResponse.ok(job(j.get()));
            }
        }
        throw RestException.notFound("no maintenance job " + id + " (the history keeps the last "
                + MaintenanceJobs.HISTORY + " per database)");
    }

    static Map<String, Object> job(MaintenanceJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("database", j.database());
        m.put("operation", j.operation().label());
        m.put("tables", j.tables());
        m.put("status", j.state().label());
        m.put("requested_by", j.requestedBy());
        m.put("submitted", j.submitted());
        m.put("started", j.started());
        m.put("finished", j.finished());
        m.put("result", j.result());
        if (j.error() != null) {
            m.put("error", Map.of("sqlstate", j.sqlState(), "message", j.error()));
        }
        m.put("href", "/api/v1/admin/maintenance/" + j.id());
        return m;
    }
}
