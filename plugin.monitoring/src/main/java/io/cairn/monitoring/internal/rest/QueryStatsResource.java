package io.cairn.monitoring.internal.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.SqlStatsComponent;
import io.cairn.monitoring.internal.sql.SqlStats;
import io.cairn.sql.instrument.StatementDigest;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * {@code GET /api/v1/stats/queries?database=&top=&order=}: the statement shapes of one database
 * (v$sql's figures) ranked by total elapsed time, executions, rows or pages read. admin.web
 * reserves no such route itself: the per-digest figures are this plugin's.
 */
@Component(service = RestResource.class)
public final class QueryStatsResource implements RestResource {

    /** What a caller may rank by, and how. */
    private static final Map<String, Comparator<SqlStats.Row>> ORDERS = Map.of(
            "elapsed", Comparator.comparingLong(SqlStats.Row::elapsedNanos),
            "executions", Comparator.comparingLong(SqlStats.Row::executions),
            "rows", Comparator.comparingLong(SqlStats.Row::rows),
            "pages_read", Comparator.comparingLong(SqlStats.Row::pagesRead));

    private final SqlStatsComponent stats;

    @Activate
    public QueryStatsResource(@Reference SqlStatsComponent stats) {
        this.stats = stats;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/stats/queries";
    }

    @Override
    public Role requiredRole() {
        return Role.VIEWER;
    }

    @Override
    public String summary() {
        return "Statement shapes (digests) of a database ranked by elapsed time, executions, rows or pages read";
    }

    @Override
    public RestResponse handle(RestRequest request) throws RestException {
        String database = request.query("database").orElse("default");
        int top = AshResource.intParameter(request, "top", 20, 1, 1000);
        String order = request.query("order").orElse("elapsed");
        return RestResponse.ok(report(stats, database, top, order));
    }

    /** The ranking the route answers (and the console's Top SQL page shows); 400 for an unknown order. */
    public static Map<String, Object> report(SqlStatsComponent stats, String database, int top, String order)
            throws RestException {
        Comparator<SqlStats.Row> by = ORDERS.get(order);
        if (by == null) {
            throw RestException.badRequest("invalid_value",
                    "order must be one of " + String.join(", ", ORDERS.keySet().stream().sorted().toList()) + ", not '" + order + "'");
        }
        List<SqlStats.Row> rows = new ArrayList<>(stats.sql(database));
        rows.sort(by.reversed());
        long executions = 0;
        long elapsed = 0;
        for (SqlStats.Row r : rows) {
            executions += r.executions();
            elapsed += r.elapsedNanos();
        }
        List<Map<String, Object>> queries = new ArrayList<>();
        for (SqlStats.Row r : rows.subList(0, Math.min(top, rows.size()))) {
            queries.add(describe(r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", database);
        out.put("order", order);
        out.put("shapes", rows.size());
        out.put("executions", executions);
        out.put("total_elapsed_ms", elapsed / 1e6);
        out.put("queries", queries);
        return out;
    }

    /** The orders a caller may rank by, sorted. */
    public static List<String> orders() {
        return ORDERS.keySet().stream().sorted().toList();
    }

    private static Map<String, Object> describe(SqlStats.Row r) {
        long n = Math.max(1, r.executions());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sql_id", StatementDigest.hex(r.digest()));
        m.put("plan_hash", r.planHash() == 0 ? null : StatementDigest.hex(r.planHash()));
        m.put("command", r.command());
        m.put("sql_text", r.digestText());
        m.put("sample_text", r.sampleText());
        m.put("executions", r.executions());
        m.put("errors", r.errors());
        m.put("total_elapsed_ms", r.elapsedNanos() / 1e6);
        m.put("avg_elapsed_ms", r.elapsedNanos() / 1e6 / n);
        m.put("max_elapsed_ms", r.maxElapsedNanos() / 1e6);
        m.put("total_cpu_ms", r.cpuMeasured() ? r.cpuNanos() / 1e6 : null);
        m.put("rows", r.rows());
        m.put("pages_read", r.pagesRead());
        m.put("pages_hit", r.pagesHit());
        m.put("wal_bytes", r.walBytes());
        m.put("temp_bytes", r.tempBytes());
        m.put("lock_wait_ms", r.lockWaitNanos() / 1e6);
        m.put("last_active", r.lastActive() == null ? null : r.lastActive().toString());
        return m;
    }
}
