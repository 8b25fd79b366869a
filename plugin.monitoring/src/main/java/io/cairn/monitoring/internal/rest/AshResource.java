package io.cairn.monitoring.internal.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.monitoring.internal.ash.AshTop;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * {@code GET /api/v1/monitoring/ash?database=&minutes=&top=}: the ASH window of one database as
 * top SQL (by digest), top wait events, top sessions and active sessions over time.
 */
@Component(service = RestResource.class)
public final class AshResource implements RestResource {

    /** Activity over time is cut into this many buckets, whatever the window. */
    static final int BUCKETS = 60;

    private final AshComponent ash;

    @Activate
    public AshResource(@Reference AshComponent ash) {
        this.ash = ash;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/monitoring/ash";
    }

    @Override
    public Role requiredRole() {
        return Role.VIEWER;
    }

    @Override
    public String summary() {
        return "Active Session History of one database: top SQL, wait events, sessions and activity over a window";
    }

    @Override
    public RestResponse handle(RestRequest request) throws RestException {
        String database = request.query("database").orElse("default");
        int minutes = intParameter(request, "minutes", 5, 1, 1440);
        int top = intParameter(request, "top", 10, 1, 1000);
        if (!ash.sampling(database)) {
            throw RestException.notFound("no open database '" + database + "'");
        }
        return RestResponse.ok(report(ash, database, minutes, top));
    }

    /** The report as JSON-writable maps; the console page renders the same figures. */
    public static Map<String, Object> report(AshComponent ash, String database, int minutes, int top) {
        Instant to = Instant.now();
        Instant from = to.minusSeconds(minutes * 60L);
        List<AshSample> window = ash.window(minutes * 60L, database);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", database);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("interval_ms", ash.intervalMillis());
        out.put("samples", window.size());
        AshTop report = window.isEmpty() ? new AshTop(0, List.of(), List.of(), List.of()) : AshTop.of(window, top);
        List<Map<String, Object>> sql = new ArrayList<>();
        for (AshTop.Entry e : report.topSql()) {
            sql.add(entry("sql_id", e.detail(), "sql_text", e.key(), e));
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (AshTop.Entry e : report.topEvents()) {
            events.add(entry("event", e.key(), "wait_class", e.detail(), e));
        }
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (AshTop.Entry e : report.topSessions()) {
            sessions.add(entry("sid", Long.parseLong(e.key()), "detail", e.detail(), e));
        }
        out.put("top_sql", sql);
        out.put("top_wait_events", events);
        out.put("top_sessions", sessions);
        long bucketSeconds = Math.max(1, minutes * 60L / BUCKETS);
        List<Map<String, Object>> activity = new ArrayList<>();
        for (AshTop.Bucket b : AshTop.activity(window, from, to, bucketSeconds)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", b.start().toString());
            m.put("samples", b.samples());
            m.put("on_cpu", b.onCpu());
            m.put("waiting", b.waiting());
            activity.add(m);
        }
        out.put("bucket_seconds", bucketSeconds);
        out.put("activity", activity);
        return out;
    }

    private static Map<String, Object> entry(String k1, Object v1, String k2, Object v2, AshTop.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        m.put("samples", e.samples());
        m.put("percent", Math.round(e.percent() * 10) / 10.0);
        return m;
    }

    static int intParameter(RestRequest request, String name, int dflt, int min, int max) throws RestException {
        String raw = request.query(name).orElse(null);
        if (raw == null) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw RestException.badRequest("invalid_value", name + " must be a whole number, was '" + raw + "'");
        }
        if (v < min || v > max) {
            throw RestException.badRequest("out_of_range", name + " must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }
}
