package io.cairn.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.pool.ConnectionPool;
import io.cairn.pool.PoolStats;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** {@code /pools}: the named connection pools (io.cairn.pool services) as they come and go. */
final class PoolRoutes {

    private final Kernel kernel;

    PoolRoutes(Kernel kernel) {
        this.kernel = kernel;
    }

    List<RestResource> all() {
        return List.of(
                Routes.of("GET", "/pools", Role.VIEWER, "The named JDBC connection pools with their figures", this::pools),
                Routes.of("GET", "/pools/{id}/stats", Role.VIEWER,
                        "One pool's active, idle, total, waiting, acquired, created and destroyed connections",
                        this::stats));
    }

    private RestResponse pools(RestRequest req) {
        return RestResponse.ok(Map.of("pools", kernel.pools.values().stream().map(PoolRoutes::describe).toList()));
    }

    private RestResponse stats(RestRequest req) throws RestException {
        String id = req.pathParameter("id");
        ConnectionPool pool = kernel.pools.get(id);
        if (pool == null) {
            throw RestException.notFound("no pool named '" + id + "'"
                    + (kernel.pools.isEmpty() ? " (none is configured: etc/io.cairn.pool-<name>.cfg)"
                            : "; pools: " + String.join(", ", kernel.pools.keySet())));
        }
        return RestResponse.ok(describe(pool));
    }

    static Map<String, Object> describe(ConnectionPool pool) {
        PoolStats s = pool.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", pool.name());
        m.put("database", pool.database());
        m.put("active", s.active());
        m.put("idle", s.idle());
        m.put("total", s.total());
        m.put("waiting", s.waiting());
        m.put("acquired", s.acquired());
        m.put("created", s.created());
        m.put("destroyed", s.destroyed());
        m.put("max_size", s.maxSize());
        m.put("min_idle", s.minIdle());
        return m;
    }
}
