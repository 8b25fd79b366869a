package io.cairn.monitoring.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.rsrc.ResourceGroup;
import io.cairn.monitoring.internal.rsrc.ResourceManager;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.web.JsonObject;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * {@code /api/v1/rsrc/groups}: the JSON of active groups with statistics from real statements,
 * and bad input answered with 400 naming the key before anything reaches Config Admin. (Writes
 * through Config Admin are covered in Karaf by itest's CairnDistributionIT.)
 */
class RsrcGroupRoutesTest {

    @TempDir
    Path dir;

    record Request(String method, String name, Map<String, Object> json) implements RestRequest {
        @Override
        public String path() {
            return "/rsrc/groups/" + name;
        }

        @Override
        public String pathParameter(String p) {
            return p.equals("name") ? name : null;
        }

        @Override
        public Optional<String> query(String q) {
            return Optional.empty();
        }

        @Override
        public JsonObject body() throws RestException {
            if (json == null) {
                throw RestException.badRequest("missing_body", "no body");
            }
            return new JsonObject(json);
        }

        @Override
        public String user() {
            return "admin";
        }

        @Override
        public Role role() {
            return Role.ADMIN;
        }

        @Override
        public Map<String, String> queryParameters() {
            return Map.of();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void listAndGetShowActiveGroupsWithFiguresOfRealStatements() throws Exception {
        try (ResourceManager manager = new ResourceManager(10)) {
            manager.putGroup(ResourceGroup.parse(Map.of("name", "batch", "users", "etl", "io.pages.per.second", "100000",
                    "memory.per.statement.mb", "64", "max.concurrent.statements", "2"), null));
            Properties p = new Properties();
            p.setProperty("user", "etl");
            try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath(), p)) {
                SqlEngine engine = c.unwrap(SqlEngine.class);
                engine.addAdmissionController(manager.controllerFor("db"));
                try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                    rs.next();
                }
                engine.removeAdmissionController(manager.controllerFor("db"));
            }
            RestResponse list = new RsrcGroupRoutes.ListGroups(manager, null).handle(new Request("GET", "", null));
            List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) list.body()).get("groups");
            assertEquals(1, groups.size());
            Map<String, Object> g = groups.get(0);
            assertEquals("batch", g.get("name"));
            assertEquals("statements 2 (queue 10000 ms), memory 64 MB (terminate), io 100000 pages/s (throttle)", g.get("limits"));
            Map<String, Object> config = (Map<String, Object>) g.get("configuration");
            assertEquals(100_000L, config.get("io.pages.per.second"));
            assertEquals("throttle", config.get("io.policy"));
            assertEquals(List.of("etl"), config.get("users"));
            Map<String, Object> stats = (Map<String, Object>) g.get("statistics");
            assertEquals(1L, stats.get("admitted"));
            assertEquals(1L, stats.get("statements_ended"));
            assertEquals(0, stats.get("active_statements"));
            assertNull(stats.get("cpu_time_ms"), "no CPU limit: not measured");

            RestResponse one = new RsrcGroupRoutes.GetGroup(manager, null).handle(new Request("GET", "batch", null));
            assertEquals(200, one.status());
            assertEquals(g, one.body());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupWithAStorageQuotaListsEachUsersTablesAgainstIt() throws Exception {
        try (ResourceManager manager = new ResourceManager(10)) {
            manager.putGroup(ResourceGroup.parse(Map.of("name", "tenants", "users", "ann,bob", "user.storage.mb", "2"), null));
            Properties p = new Properties();
            p.setProperty("user", "ann");
            try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath(), p)) {
                SqlEngine engine = c.unwrap(SqlEngine.class);
                manager.setStorageSource("db", engine::tableStorage);
                c.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY)");
                c.createStatement().execute("CREATE INDEX t_id ON t (id)");
                RestResponse list = new RsrcGroupRoutes.ListGroups(manager, null).handle(new Request("GET", "", null));
                Map<String, Object> g = ((List<Map<String, Object>>) ((Map<String, Object>) list.body()).get("groups")).get(0);
                assertEquals(2L, ((Map<String, Object>) g.get("configuration")).get("user.storage.mb"));
                List<Map<String, Object>> storage = (List<Map<String, Object>>) g.get("storage");
                assertEquals(2, storage.size(), storage.toString());
                assertEquals(Map.of("user", "ann", "database", "db", "used_bytes", 2L * 8192, "quota_bytes", 2L << 20,
                        "over_quota", false, "rejected", 0L), storage.get(0));
                assertEquals("bob", storage.get(1).get("user"));
                assertEquals(0L, storage.get(1).get("used_bytes"));
            }
        }
    }

    @Test
    void anUnknownGroupIs404() {
        try (ResourceManager manager = new ResourceManager(10)) {
            RestException e = assertThrows(RestException.class,
                    () -> new RsrcGroupRoutes.GetGroup(manager, null).handle(new Request("GET", "nosuch", null)));
            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("no resource group 'nosuch'"), e.getMessage());
        }
    }

    @Test
    void badBodiesAre400NamingTheKeyAndStoreNothing() {
        try (ResourceManager manager = new ResourceManager(10)) {
            // a null Config Admin wrapper: reaching it would fail the test, so every case stops at validation
            RsrcGroupRoutes.PutGroup put = new RsrcGroupRoutes.PutGroup(manager, null);
            RestException e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "batch",
                    Map.of("users", List.of("etl"), "io.pages.per.second", "fast"))));
            assertEquals(400, e.status());
            assertEquals("invalid_value", e.code());
            assertEquals("io.pages.per.second", e.details().get("key"));
            assertTrue(e.getMessage().contains("'io.pages.per.second' must be a whole number, was 'fast'"), e.getMessage());

            e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "batch",
                    Map.of("users", "etl", "memory.policy", "throttle", "max.concurent.statements", 2))));
            assertEquals(List.of("max.concurent.statements", "memory.policy"), e.details().get("keys"));
            assertTrue(e.getMessage().contains("unknown key 'max.concurent.statements'"), e.getMessage());

            e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "batch",
                    Map.of("users", Map.of("nested", "object")))));
            assertEquals("wrong_type", e.code());
            assertEquals("users", e.details().get("key"));

            e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "1bad", Map.of("users", "etl"))));
            assertEquals("name", e.details().get("key"));

            e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "batch", Map.of("cpu.per.statement.ms", 5))));
            assertEquals("users", e.details().get("key"), "a group that governs nobody");

            e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "tenants",
                    Map.of("users", List.of("ann"), "user.storage.mb", -10))));
            assertEquals("invalid_value", e.code());
            assertEquals("user.storage.mb", e.details().get("key"));
            assertTrue(e.getMessage().contains("'user.storage.mb' must be between 0 and 1073741824, was -10"), e.getMessage());

            e = assertThrows(RestException.class, () -> put.handle(new Request("PUT", "batch", null)));
            assertEquals("missing_body", e.code());
            assertTrue(manager.stats().isEmpty(), "nothing became active");
        }
    }
}
