package io.cairn.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import io.cairn.web.RestResource;
import io.cairn.web.Role;

/**
 * The routes mounted under {@code /api/v1}: the kernel's and those plugins register, matched by
 * method and path template ({@code {name}} matches one segment; a literal segment beats a placeholder).
 */
final class RouteTable {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
    private static final Pattern SEGMENT = Pattern.compile("\\{[a-zA-Z][a-zA-Z0-9_]*}|[a-zA-Z0-9._~-]+");

    record Route(String method, String path, List<String> segments, Role role, String summary,
            RestResource resource, String source) {

        /** Literal segments count more: {@code /a/history} wins over {@code /a/{id}}. */
        int specificity() {
            int s = 0;
            for (String seg : segments) {
                s = s * 2 + (seg.startsWith("{") ? 0 : 1);
            }
            return s;
        }

        List<String> parameterNames() {
            return segments.stream().filter(s -> s.startsWith("{")).map(s -> s.substring(1, s.length() - 1)).toList();
        }
    }

    /** A match, or the methods the path allows (empty: no such path). */
    record Match(Route route, Map<String, String> parameters, Set<String> allowed) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /**
     * Mounts a resource.
     *
     * @throws IllegalArgumentException when the resource breaks the contract (bad path or method,
     *         a write open to viewers, a clash with a mounted route)
     */
    synchronized Route add(RestResource resource, String source) {
        String method = resource.method() == null ? "" : resource.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + new TreeSet<>(METHODS) + ", not " + resource.method());
        }
        Role role = resource.requiredRole();
        if (role == null || (!method.equals("GET") && role != Role.ADMIN)) {
            throw new IllegalArgumentException(method + " routes must require the ADMIN role");
        }
        List<String> segments = segments(resource.path());
        String normalized = "/" + String.join("/", segments);
        for (Route r : routes) {
            if (r.method().equals(method) && shape(r.segments()).equals(shape(segments))) {
                throw new IllegalArgumentException(method + " " + normalized + " clashes with " + r.method() + " "
                        + r.path() + " from " + r.source());
            }
        }
        Route route = new Route(method, normalized, segments, role,
                resource.summary() == null ? "" : resource.summary(), resource, source);
        routes.add(route);
        return route;
    }

    synchronized boolean remove(RestResource resource) {
        return routes.removeIf(r -> r.resource() == resource);
    }

    List<Route> routes() {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return sorted;
    }

    Match match(String method, String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/", -1);
        Route best = null;
        Map<String, String> bestParams = null;
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = matches(r, parts);
            if (params == null) {
                continue;
            }
            allowed.add(r.method());
            if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) {
                if (best == null || r.specificity() > best.specificity()) {
                    best = r;
                    bestParams = params;
                }
            }
        }
        return new Match(best, bestParams == null ? Map.of() : bestParams, allowed);
    }

    private static Map<String, String> matches(Route r, String[] parts) {
        if (r.segments().size() != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String seg = r.segments().get(i);
            if (seg.startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(seg.substring(1, seg.length() - 1), java.net.URLDecoder.decode(parts[i],
                        java.nio.charset.StandardCharsets.UTF_8));
            } else if (!seg.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String path) {
        if (path == null || !path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("path must start with / and name a resource: " + path);
        }
        List<String> segments = List.of(path.substring(1).replaceAll("/+$", "").split("/", -1));
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                throw new IllegalArgumentException("bad path segment '" + s + "' in " + path);
            }
        }
        return segments;
    }

    private static String shape(List<String> segments) {
        return String.join("/", segments.stream().map(s -> s.startsWith("{") ? "{}" : s).toList());
    }
}
