package io.cairn.monitoring.internal.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.rsrc.ResourceGroup;
import io.cairn.monitoring.internal.rsrc.ResourceGroupAdmin;
import io.cairn.monitoring.internal.rsrc.ResourceManager;
import io.cairn.monitoring.internal.rsrc.ResourceManagerComponent;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * The resource group routes under {@code /api/v1/rsrc/groups}: list and read the active groups
 * with their statistics (viewer), create or replace and delete groups (admin). Writes go to
 * Config Admin (factory PID {@code io.cairn.rsrc.group}) after the same checks as the .cfg file.
 */
public final class RsrcGroupRoutes {

    private RsrcGroupRoutes() {
    }

    /** A route over the resource manager: bad groups as 400 naming the keys, Config Admin failures as 503. */
    abstract static class GroupRoute extends Route {
        final ResourceManager manager;
        final ResourceGroupAdmin admin;

        GroupRoute(ResourceManager manager, ResourceGroupAdmin admin, String method, String path, Role role, String summary) {
            super(method, path, role, summary);
            this.manager = manager;
            this.admin = admin;
        }

        @Override
        public RestResponse handle(RestRequest request) throws RestException {
            try {
                return answer(request);
            } catch (ResourceGroup.InvalidGroupException e) {
                throw new RestException(400, "invalid_value", e.getMessage(),
                        Map.of("key", e.keys().isEmpty() ? "" : e.keys().get(0), "keys", e.keys()));
            } catch (IOException e) {
                throw new RestException(503, "unavailable", "Config Admin failed: " + e.getMessage());
            }
        }

        abstract RestResponse answer(RestRequest request) throws RestException, IOException;

        /** An active group with its figures (and each user's storage when it has a storage quota), as JSON. */
        Map<String, Object> json(ResourceManager.GroupStats s) {
            ResourceGroup g = s.group();
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("sessions", s.sessions());
            stats.put("active_statements", s.activeStatements());
            stats.put("queued_statements", s.queuedStatements());
            stats.put("admitted", s.admitted());
            stats.put("queued_total", s.queuedTotal());
            stats.put("rejected", s.rejected());
            stats.put("terminated", s.terminated());
            stats.put("throttled", s.throttled());
            stats.put("over_limit", s.overLimit());
            stats.put("statements_ended", s.ended());
            stats.put("cpu_time_ms", g.cpuPerStatementMillis() > 0 ? s.cpuNanos() / 1_000_000 : null);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", g.name());
            out.put("active", true);
            out.put("limits", g.limits());
            out.put("configuration", g.properties());
            out.put("statistics", stats);
            if (g.userStorageMb() > 0) {
                List<Map<String, Object>> storage = new ArrayList<>();
                for (ResourceManager.UserStorage u : manager.userStorage(null)) {
                    if (u.group().name().equals(g.name())) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("user", u.user());
                        m.put("database", u.database());
                        m.put("used_bytes", u.usedBytes());
                        m.put("quota_bytes", u.quotaBytes());
                        m.put("over_quota", u.overQuota());
                        m.put("rejected", u.rejected());
                        storage.add(m);
                    }
                }
                out.put("storage", storage);
            }
            return out;
        }

        ResourceManager.GroupStats active(String name) {
            return manager.stats().stream().filter(s -> s.group().name().equals(name)).findFirst().orElse(null);
        }
    }

    @Component(service = RestResource.class)
    public static final class ListGroups extends GroupRoute {
        @Activate
        public ListGroups(@Reference ResourceManagerComponent manager, @Reference ResourceGroupAdmin admin) {
            this(manager.manager(), admin);
        }

        ListGroups(ResourceManager manager, ResourceGroupAdmin admin) {
            super(manager, admin, "GET", "/rsrc/groups", Role.VIEWER, "Active resource groups with their limits and statistics");
        }

        @Override
        RestResponse answer(RestRequest request) {
            return RestResponse.ok(Map.of("groups", manager.stats().stream().map(this::json).toList()));
        }
    }

    @Component(service = RestResource.class)
    public static final class GetGroup extends GroupRoute {
        @Activate
        public GetGroup(@Reference ResourceManagerComponent manager, @Reference ResourceGroupAdmin admin) {
            this(manager.manager(), admin);
        }

        GetGroup(ResourceManager manager, ResourceGroupAdmin admin) {
            super(manager, admin, "GET", "/rsrc/groups/{name}", Role.VIEWER,
                    "One resource group: its limits and statistics, or why its configuration is not active");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, IOException {
            String name = request.pathParameter("name");
            ResourceManager.GroupStats s = active(name);
            if (s != null) {
                return RestResponse.ok(json(s));
            }
            Map<String, Object> stored = admin == null ? null : admin.configured(name); // null: unit tests without Config Admin
            if (stored == null) {
                throw RestException.notFound("no resource group '" + name + "'");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("active", false);
            out.put("configuration", stored);
            try {
                ResourceGroup.parse(stored, name);
                out.put("problem", "the configuration is valid but not applied yet");
            } catch (ResourceGroup.InvalidGroupException e) {
                out.put("problem", e.getMessage());
            }
            return RestResponse.ok(out);
        }
    }

    @Component(service = RestResource.class)
    public static final class PutGroup extends GroupRoute {
        @Activate
        public PutGroup(@Reference ResourceManagerComponent manager, @Reference ResourceGroupAdmin admin) {
            this(manager.manager(), admin);
        }

        PutGroup(ResourceManager manager, ResourceGroupAdmin admin) {
            super(manager, admin, "PUT", "/rsrc/groups/{name}", Role.ADMIN,
                    "Create or replace a resource group (keys of etc/io.cairn.rsrc.group-<name>.cfg)");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, IOException {
            String name = request.pathParameter("name");
            Map<String, Object> body = request.body().asMap();
            for (Map.Entry<String, Object> e : body.entrySet()) {
                Object v = e.getValue();
                boolean scalar = v instanceof String || v instanceof Number || v instanceof Boolean;
                boolean list = v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String || x instanceof Number);
                if (!scalar && !list) {
                    throw new RestException(400, "wrong_type", "field '" + e.getKey()
                            + "' must be a string, number, boolean or list of strings", Map.of("key", e.getKey()));
                }
            }
            // checked before anything is stored: the same checks and messages as the .cfg file
            ResourceGroup group = ResourceGroup.parse(withName(body, name), name);
            boolean created = admin.put(name, body);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("created", created);
            out.put("limits", group.limits());
            out.put("configuration", group.properties());
            return new RestResponse(created ? 201 : 200, out);
        }

        private static Map<String, Object> withName(Map<String, Object> body, String name) {
            Map<String, Object> m = new LinkedHashMap<>();
            body.forEach((k, v) -> m.put(k, ResourceGroupAdmin.text(v)));
            m.putIfAbsent("name", name);
            return m;
        }
    }

    @Component(service = RestResource.class)
    public static final class DeleteGroup extends GroupRoute {
        @Activate
        public DeleteGroup(@Reference ResourceManagerComponent manager, @Reference ResourceGroupAdmin admin) {
            this(manager.manager(), admin);
        }

        DeleteGroup(ResourceManager manager, ResourceGroupAdmin admin) {
            super(manager, admin, "DELETE", "/rsrc/groups/{name}", Role.ADMIN, "Delete a resource group");
        }

        @Override
        RestResponse answer(RestRequest request) throws RestException, IOException {
            String name = request.pathParameter("name");
            if (!admin.remove(name)) {
                throw RestException.notFound("no resource group '" + name + "' is configured");
            }
            return RestResponse.ok(Map.of("deleted", name));
        }
    }
}
