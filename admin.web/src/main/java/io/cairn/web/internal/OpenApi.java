package io.cairn.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cairn.web.Role;

/** An OpenAPI 3.0 description of exactly the routes mounted at the moment it is asked for. */
final class OpenApi {

    private OpenApi() {
    }

    static Map<String, Object> describe(AdminWeb web) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Cairn admin API", "version", web.kernel.version,
                "description", "Routes of the kernel and of the plugins installed now. Authenticate with HTTP Basic "
                        + "(a Karaf JAAS user with the cairn-admin or cairn-viewer role) or the console's session cookie."));
        doc.put("servers", List.of(Map.of("url", "/api/v1")));
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put("basic", Map.of("type", "http", "scheme", "basic"));
        schemes.put("session", Map.of("type", "apiKey", "in", "cookie", "name", WebSessions.COOKIE));
        Map<String, Object> error = Map.of("type", "object", "properties", Map.of("error", Map.of("type", "object",
                "required", List.of("code", "message"), "properties", Map.of(
                        "code", Map.of("type", "string"), "message", Map.of("type", "string")))));
        doc.put("components", Map.of("securitySchemes", schemes, "schemas", Map.of("Error", error)));
        doc.put("security", List.of(Map.of("basic", List.of()), Map.of("session", List.of())));

        Map<String, Map<String, Object>> paths = new java.util.TreeMap<>();
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("summary", "Liveness probe: 200 while the server answers. No authentication.");
        live.put("security", List.of());
        live.put("responses", Map.of("200", Map.of("description", "alive")));
        paths.computeIfAbsent(ApiServlet.LIVENESS, k -> new LinkedHashMap<>()).put("get", live);

        for (RouteTable.Route r : web.routes.routes()) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("x-cairn-role", r.role() == Role.ADMIN ? "cairn-admin" : "cairn-viewer");
            op.put("x-cairn-source", r.source());
            List<Map<String, Object>> params = r.parameterNames().stream()
                    .map(n -> Map.<String, Object>of("name", n, "in", "path", "required", true,
                            "schema", Map.of("type", "string")))
                    .toList();
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            if (!r.method().equals("GET")) {
                op.put("requestBody", Map.of("required", true, "content",
                        Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put(r.method().equals("POST") && r.path().equals("/admin/maintenance") ? "202" : "200",
                    Map.of("description", "OK", "content", Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
            Map<String, Object> err = Map.of("description", "error", "content",
                    Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
            responses.put("400", err);
            responses.put("401", err);
            responses.put("403", err);
            responses.put("404", err);
            op.put("responses", responses);
            paths.computeIfAbsent(r.path(), k -> new LinkedHashMap<>()).put(r.method().toLowerCase(Locale.ROOT), op);
        }
        doc.put("paths", paths);
        return doc;
    }
}
