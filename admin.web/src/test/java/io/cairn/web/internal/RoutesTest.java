package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cairn.sql.internal.SystemParameterFile;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** Each route answers with the database's real state, changes it when asked, and turns bad input into 4xx JSON. */
class RoutesTest {

    @TempDir
    static Path tmp;
    static WebTestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = new WebTestServer(tmp, new WebSettings(16384, 5, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMinutes(5), false));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.uri() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static JsonNode get(String path) throws Exception {
        return ok(server.asAdmin("GET", path, null), 200);
    }

    static JsonNode sql(String text) throws Exception {
        return ok(server.asAdmin("POST", "/api/v1/sql", JSON.writeValueAsString(Map.of("sql", text))), 200);
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.uri() + ": " + r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals(code, e.get("code").asText(), r.body());
        assertFalse(r.body().contains("\tat ") || r.body().contains("Exception"), "no stack trace: " + r.body());
    }

    @Test
    void poolsListsNoneUntilConfiguredAndAnUnknownPoolIs404() throws Exception {
        // a real pool is configured and read back over REST in the Karaf itest (the pool bundle's DS component)
        JsonNode pools = get("/api/v1/pools");
        assertEquals(0, pools.get("pools").size(), pools.toString());
        HttpResponse<String> r = server.asAdmin("GET", "/api/v1/pools/orders/stats", null);
        assertError(r, 404, "not_found");
        assertTrue(r.body().contains("no pool named 'orders'") && r.body().contains("io.cairn.pool-<name>.cfg"), r.body());
    }

    @Test
    void healthAggregatesTheKernelChecksWithRealFigures() throws Exception {
        JsonNode h = get("/api/v1/admin/health");
        assertEquals("healthy", h.get("status").asText(), h.toString());
        assertEquals("0.1.0.test", h.get("version").asText());
        assertTrue(h.get("uptime_seconds").asLong() >= 0);
        JsonNode disk = h.get("checks").get("disk:default");
        assertTrue(disk.get("details").get("usable_bytes").asLong() > 0, disk.toString());
        assertEquals("healthy", h.get("checks").get("database:default").get("status").asText());
        assertTrue(h.get("checks").has("wal:default"));
        assertEquals("ready", get("/api/v1/health/readiness").get("status").asText());
        assertEquals("started", get("/api/v1/health/startup").get("status").asText());
    }

    @Test
    void theWorstContributedCheckDecidesTheStatusAndReadiness() throws Exception {
        io.cairn.sql.health.HealthContributor degraded = contributor("backup", io.cairn.sql.health.HealthStatus.DEGRADED);
        io.cairn.sql.health.HealthContributor broken = new io.cairn.sql.health.HealthContributor() {
            public String name() {
                return "broken";
            }

            public io.cairn.sql.health.HealthCheck check() {
                throw new IllegalStateException("probe crashed");
            }
        };
        server.web.kernel.health.add(degraded);
        try {
            assertEquals("degraded", get("/api/v1/admin/health").get("status").asText());
            assertEquals("ready", get("/api/v1/health/readiness").get("status").asText(), "degraded still serves");
            server.web.kernel.health.add(broken);
            JsonNode h = get("/api/v1/admin/health");
            assertEquals("unhealthy", h.get("status").asText());
            assertTrue(h.get("checks").get("broken").get("message").asText().contains("probe crashed"));
            JsonNode notReady = ok(server.asAdmin("GET", "/api/v1/health/readiness", null), 503);
            assertTrue(notReady.get("reasons").get(0).asText().startsWith("broken"), notReady.toString());
        } finally {
            server.web.kernel.health.remove(degraded);
            server.web.kernel.health.remove(broken);
        }
        assertEquals("healthy", get("/api/v1/admin/health").get("status").asText());
    }

    private static io.cairn.sql.health.HealthContributor contributor(String name, io.cairn.sql.health.HealthStatus status) {
        return new io.cairn.sql.health.HealthContributor() {
            public String name() {
                return name;
            }

            public io.cairn.sql.health.HealthCheck check() {
                return io.cairn.sql.health.HealthCheck.of(status, name + " is " + status.label(), Map.of());
            }
        };
    }

    @Test
    void sqlRunsStatementsWithARowLimitAndReportsSqlStates() throws Exception {
        JsonNode r = sql("CREATE TABLE city (id INT PRIMARY KEY, name VARCHAR(20)); "
                + "INSERT INTO city VALUES (1,'Oslo'),(2,'Lima'),(3,'Pune'),(4,'Kiev'),(5,'Bern'),(6,'Rome'),(7,'Oulu'); "
                + "SELECT id, name FROM city ORDER BY id");
        JsonNode select = r.get("results").get(2);
        assertEquals(7, r.get("results").get(1).get("update_count").asInt());
        assertEquals("[\"id\",\"name\"]", select.get("columns").toString());
        assertEquals(5, select.get("rows").size(), "the configured ceiling of 5 rows");
        assertEquals(7, select.get("row_count").asInt());
        assertTrue(select.get("truncated").asBoolean());
        assertEquals("[1,\"Oslo\"]", select.get("rows").get(0).toString());

        JsonNode two = ok(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELECT id FROM city\",\"maxRows\":2}"), 200);
        assertEquals(2, two.get("results").get(0).get("rows").size());

        HttpResponse<String> missing = server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELECT * FROM nowhere\"}");
        assertError(missing, 400, "sql_error");
        assertEquals("42P01", JSON.readTree(missing.body()).get("error").get("sqlstate").asText());
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELEC 1\"}"), 400, "sql_error");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"INSERT INTO city VALUES (1,'x')\"}"), 400, "sql_error");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELECT 1\",\"maxRows\":6}"), 400, "out_of_range");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELECT 1\",\"maxRows\":\"6\"}"), 400, "wrong_type");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELECT 1\",\"database\":\"nope\"}"), 404, "not_found");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"  \"}"), 400, "missing_field");
    }

    @Test
    void transactionsPerSecondRiseAfterAWorkloadAndTheCountersMove() throws Exception {
        sql("CREATE TABLE tps (id INT PRIMARY KEY)");
        server.web.kernel.sampler.sample();
        Thread.sleep(300);
        JsonNode idle = get("/api/v1/stats/performance");
        assertEquals(0.0, idle.get("transactions_per_second").asDouble(), idle.toString());
        long committed = idle.get("committed_transactions").asLong();
        long wal = idle.get("disk_io").get("wal_written_bytes").asLong();

        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            script.append("INSERT INTO tps VALUES (").append(i).append(");");
        }
        sql(script.toString()); // 200 autocommitted transactions
        JsonNode busy = get("/api/v1/stats/performance");
        assertEquals(committed + 200, busy.get("committed_transactions").asLong());
        double tps = busy.get("transactions_per_second").asDouble();
        double window = busy.get("window_seconds").asDouble();
        assertTrue(tps > 0, busy.toString());
        assertEquals(200 / window, tps, 200 / window * 0.05 + 1, "200 commits over the measured window");
        assertTrue(busy.get("disk_io").get("wal_written_bytes").asLong() > wal);
        assertTrue(busy.get("cache").get("hits").asLong() > idle.get("cache").get("hits").asLong());
        assertTrue(busy.get("memory").get("heap_used_bytes").asLong() > 0);
        assertEquals(8192, busy.get("disk_io").get("page_size").asLong(), "the kernel's page size");
        assertEquals(8L << 20, busy.get("memory").get("buffer_pool_bytes").asLong());
        assertTrue(busy.get("cpu").get("process_cpu_seconds").asDouble() > 0);
        assertEquals(0, busy.get("locks").get("held").asLong());
        assertTrue(busy.get("locks").has("deadlocks_total"));
    }

    @Test
    void locksHeldAndDeadlocksAreTheKernelsCounters() throws Exception {
        sql("CREATE TABLE acct (id INT PRIMARY KEY, v INT); INSERT INTO acct VALUES (1, 0), (2, 0)");
        var engine = server.db.sqlEngine();
        var a = server.db.transactions().openSession("a", "deadlock test");
        var b = server.db.transactions().openSession("b", "deadlock test");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            long deadlocksBefore = get("/api/v1/stats/performance").get("locks").get("deadlocks_total").asLong();
            engine.execute(a, "BEGIN");
            engine.execute(a, "UPDATE acct SET v = 1 WHERE id = 1");
            engine.execute(b, "BEGIN");
            engine.execute(b, "UPDATE acct SET v = 2 WHERE id = 2");
            JsonNode locked = get("/api/v1/stats/performance").get("locks");
            assertTrue(locked.get("held").asLong() >= 2, locked.toString());

            // each now wants the other's row: the kernel breaks the cycle by failing one with 40P01
            var fa = pool.submit(() -> engine.execute(a, "UPDATE acct SET v = 1 WHERE id = 2"));
            var fb = pool.submit(() -> engine.execute(b, "UPDATE acct SET v = 2 WHERE id = 1"));
            int failed = 0;
            for (var f : java.util.List.of(fa, fb)) {
                try {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    assertEquals("40P01", ((java.sql.SQLException) e.getCause()).getSQLState());
                }
            }
            assertEquals(1, failed, "one victim");
            JsonNode after = get("/api/v1/stats/performance").get("locks");
            assertEquals(deadlocksBefore + 1, after.get("deadlocks_total").asLong(), after.toString());
            assertTrue(after.get("waits_total").asLong() >= 1);
        } finally {
            pool.shutdownNow();
            engine.forget(a);
            engine.forget(b);
            a.close();
            b.close();
        }
        assertEquals(0, get("/api/v1/stats/performance").get("locks").get("held").asLong(), "closing released the locks");
    }

    @Test
    void sessionsListsTheOpenSessions() throws Exception {
        var session = server.db.transactions().openSession("bob", "payroll batch");
        try {
            JsonNode s = get("/api/v1/stats/sessions");
            boolean seen = false;
            for (JsonNode one : s.get("sessions")) {
                seen |= one.get("user").asText().equals("bob") && one.get("client_info").asText().equals("payroll batch");
            }
            assertTrue(seen, s.toString());
        } finally {
            session.close();
        }
        assertError(server.asAdmin("GET", "/api/v1/stats/sessions?database=nope", null), 404, "not_found");
    }

    @Test
    void configShowsTheAlterSystemParametersAndPutStoresThemTheSameWay() throws Exception {
        JsonNode c = get("/api/v1/admin/config");
        assertEquals(5, c.get("parameters").size(), c.toString());
        assertEquals("buffer_pool_size", c.get("parameters").get(0).get("name").asText());
        assertEquals(8L << 20, c.get("parameters").get(0).get("value").asLong());
        JsonNode rows = c.get("parameters").get(3);
        assertEquals("max_memory_rows", rows.get("name").asText());
        assertEquals("rows", rows.get("unit").asText());
        assertEquals(1_000_000, rows.get("value").asLong());
        ok(server.asAdmin("PUT", "/api/v1/admin/config", "{\"parameters\":{\"max_memory_rows\":500000}}"), 200);
        assertTrue(Files.readString(server.db.directory().resolve(SystemParameterFile.FILE)).contains("maxMemoryRows=500000"));

        JsonNode put = ok(server.asAdmin("PUT", "/api/v1/admin/config",
                "{\"parameters\":{\"lock_timeout\":\"7s\",\"checkpoint_wal_size\":\"128m\"}}"), 200);
        assertTrue(put.get("restart").asBoolean());
        String saved = Files.readString(server.db.directory().resolve(SystemParameterFile.FILE));
        assertTrue(saved.contains("lockTimeout=7s") && saved.contains("checkpointWalSize=128m"), saved);

        HttpResponse<String> bad = server.asAdmin("PUT", "/api/v1/admin/config",
                "{\"parameters\":{\"lock_timeout\":\"9s\",\"buffer_pool_size\":\"lots\"}}");
        assertError(bad, 400, "invalid_value");
        assertEquals("22023", JSON.readTree(bad.body()).get("error").get("sqlstate").asText());
        assertFalse(Files.readString(server.db.directory().resolve(SystemParameterFile.FILE)).contains("9s"),
                "nothing is stored when one value is bad");
        assertError(server.asAdmin("PUT", "/api/v1/admin/config", "{\"parameters\":{\"fsync\":\"off\"}}"), 400,
                "unknown_parameter");
        assertError(server.asAdmin("PUT", "/api/v1/admin/config", "{\"parameters\":{\"lock_timeout\":true}}"), 400,
                "wrong_type");
        assertError(server.asAdmin("PUT", "/api/v1/admin/config", "{\"parameters\":{}}"), 400, "missing_field");
        assertError(server.asAdmin("PUT", "/api/v1/admin/config", "{\"params\":{}}"), 400, "unknown_field");
        assertError(server.asAdmin("PUT", "/api/v1/admin/config", "{\"parameters\":[]}"), 400, "wrong_type");
    }

    @Test
    void maintenanceJobsRunAndTheirEffectIsVisible() throws Exception {
        sql("CREATE TABLE orders (id INT PRIMARY KEY, v INT); INSERT INTO orders VALUES (1, 1), (2, 2); "
                + "UPDATE orders SET v = 3; DELETE FROM orders WHERE id = 1");
        assertEquals("false", sql("SELECT analyzed FROM v$table_statistics WHERE table_name = 'orders'")
                .get("results").get(0).get("rows").get(0).get(0).asText());
        JsonNode accepted = ok(server.asAdmin("POST", "/api/v1/admin/maintenance",
                "{\"operation\":\"analyze\",\"tables\":[\"orders\"]}"), 202);
        assertEquals("/api/v1/admin/maintenance/" + accepted.get("id").asLong(), accepted.get("href").asText());
        JsonNode done = await(accepted.get("id").asLong());
        assertEquals("succeeded", done.get("status").asText(), done.toString());
        assertEquals("alice", done.get("requested_by").asText());
        assertEquals("true", sql("SELECT analyzed FROM v$table_statistics WHERE table_name = 'orders'")
                .get("results").get(0).get("rows").get(0).get(0).asText());

        long dead = server.db.transactions().versionStats().deadVersions();
        assertTrue(dead > 0);
        JsonNode vacuum = await(ok(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":\"VACUUM\"}"), 202)
                .get("id").asLong());
        assertEquals("succeeded", vacuum.get("status").asText());
        assertTrue(server.db.transactions().versionStats().deadVersions() < dead, "vacuum removed dead versions");
        assertTrue(get("/api/v1/admin/maintenance").get("jobs").size() >= 2);

        assertError(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":\"defrag\"}"), 400, "unknown_operation");
        assertError(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":\"analyze\",\"tables\":[\"ghost\"]}"),
                400, "unknown_table");
        assertError(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":\"analyze\",\"tables\":\"orders\"}"),
                400, "wrong_type");
        assertError(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":\"vacuum\",\"tables\":[\"orders\"]}"),
                400, "invalid_job");
        assertError(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":\"analyze\",\"when\":\"now\"}"),
                400, "unknown_field");
        assertError(server.asAdmin("POST", "/api/v1/admin/maintenance", "{\"operation\":42}"), 400, "wrong_type");
        assertError(server.asAdmin("GET", "/api/v1/admin/maintenance/999999", null), 404, "not_found");
        assertError(server.asAdmin("GET", "/api/v1/admin/maintenance/abc", null), 400, "invalid_id");
    }

    private static JsonNode await(long id) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode j = get("/api/v1/admin/maintenance/" + id);
            if (j.get("status").asText().equals("succeeded") || j.get("status").asText().equals("failed")) {
                return j;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void badRequestsAre4xxJsonNever500() throws Exception {
        String admin = WebTestServer.basic("alice", WebTestServer.ADMIN_PASSWORD);
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\": "), 400, "malformed_json");
        assertError(server.asAdmin("POST", "/api/v1/sql", "[1,2]"), 400, "malformed_json");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"a\",\"sql\":\"b\"}"), 400, "malformed_json");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"SELECT 1\"} trailing"), 400, "malformed_json");
        assertError(server.asAdmin("POST", "/api/v1/sql", null), 400, "missing_body");
        assertError(server.asAdmin("POST", "/api/v1/sql", "{\"sql\":\"" + "x".repeat(20000) + "\"}"), 413, "body_too_large");
        assertError(server.send(server.request("/api/v1/sql").header("Authorization", admin)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))), 415,
                "unsupported_media_type");
        assertError(server.send(server.request("/api/v1/sql").header("Authorization", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"sql\":\"" + "y".repeat(30000) + "\"}").getBytes())))), 413, "body_too_large");
        assertError(server.asAdmin("GET", "/api/v1/no/such/route", null), 404, "not_found");
        HttpResponse<String> wrongMethod = server.asAdmin("DELETE", "/api/v1/admin/health", null);
        assertError(wrongMethod, 405, "method_not_allowed");
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertError(server.asAdmin("GET", "/api/v1/databases/nope", null), 404, "not_found");
        assertError(server.asAdmin("GET", "/api/v1/databases/default/nope", null), 404, "not_found");
        assertError(server.asAdmin("GET", "/api/v2/status", null), 404, "not_found");
    }

    @Test
    void contributedRoutesAndPagesComeAndGoAndTheOpenApiFollows() throws Exception {
        JsonNode before = get("/api/v1/openapi.json");
        assertEquals("3.0.3", before.get("openapi").asText());
        for (RouteTable.Route r : server.web.routes.routes()) {
            assertTrue(before.get("paths").has(r.path()), r.path());
        }
        assertTrue(before.get("paths").get("/health/liveness").get("get").get("security").isEmpty());
        assertFalse(before.get("paths").has("/backups/{id}/status"));

        RestResource pools = Routes.of("GET", "/backups/{id}/status", Role.VIEWER, "Backup status",
                req -> RestResponse.ok(Map.of("backup", req.pathParameter("id"), "active", 3)));
        server.web.routes.add(pools, "io.cairn.plugin.backup");
        JsonNode stats = get("/api/v1/backups/orders/status");
        assertEquals("orders", stats.get("backup").asText());
        JsonNode during = get("/api/v1/openapi.json");
        assertEquals("io.cairn.plugin.backup", during.get("paths").get("/backups/{id}/status").get("get").get("x-cairn-source").asText());
        assertEquals("id", during.get("paths").get("/backups/{id}/status").get("get").get("parameters").get(0).get("name").asText());

        ConsolePage page = new ConsolePage() {
            public String id() {
                return "pools";
            }

            public String title() {
                return "Pools <&>";
            }

            public int navOrder() {
                return 100;
            }

            public String render(io.cairn.web.ConsoleContext c) {
                return "<p>" + io.cairn.web.ConsoleContext.escape(c.user()) + "'s pools</p>";
            }
        };
        server.web.pages.add(page);
        String cookie = login();
        HttpResponse<String> shown = server.send(server.request("/console/page/pools").header("Cookie", cookie).GET());
        assertEquals(200, shown.statusCode());
        assertTrue(shown.body().contains("alice's pools") && shown.body().contains("Pools &lt;&amp;&gt;"), shown.body());

        // a non-JSON body (RestResponse.text), as the monitoring plugin's Prometheus exposition uses
        RestResource text = Routes.of("GET", "/itest/metrics", Role.VIEWER, "Text",
                req -> RestResponse.text("text/plain; version=0.0.4; charset=utf-8", "cairn_up 1\n"));
        server.web.routes.add(text, "io.cairn.plugin.monitoring");
        HttpResponse<String> plain = server.asAdmin("GET", "/api/v1/itest/metrics", null);
        assertEquals(200, plain.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.headers().firstValue("Content-Type").orElse(""));
        assertEquals("cairn_up 1\n", plain.body());
        assertEquals("nosniff", plain.headers().firstValue("X-Content-Type-Options").orElse(""));
        server.web.routes.remove(text);

        // a binary download (RestResponse.binary), as the monitoring plugin's diagnostic zip uses
        byte[] zipBytes = {0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        RestResource binary = Routes.of("GET", "/itest/dump", Role.ADMIN, "Binary",
                req -> RestResponse.binary("application/zip", zipBytes, "dump-1.zip"));
        server.web.routes.add(binary, "io.cairn.plugin.monitoring");
        HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(server.request("/api/v1/itest/dump")
                .header("Authorization", WebTestServer.basic("alice", WebTestServer.ADMIN_PASSWORD)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals("application/zip", download.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"dump-1.zip\"",
                download.headers().firstValue("Content-Disposition").orElse(""));
        assertArrayEquals(zipBytes, download.body());
        server.web.routes.remove(binary);
        assertThrows(IllegalArgumentException.class, () -> RestResponse.binary("application/zip", zipBytes,
                "../x\".zip"), "a file name cannot break out of the header");

        server.web.routes.remove(pools);
        server.web.pages.remove(page);
        assertError(server.asAdmin("GET", "/api/v1/backups/orders/status", null), 404, "not_found");
        assertFalse(get("/api/v1/openapi.json").get("paths").has("/backups/{id}/status"));
        HttpResponse<String> gone = server.send(server.request("/console/page/overview").header("Cookie", cookie).GET());
        assertFalse(gone.body().contains("/console/page/pools"), "the navigation lists only the pages present");
        assertEquals(404, server.send(server.request("/console/page/pools").header("Cookie", cookie).GET()).statusCode());

        assertThrows(IllegalArgumentException.class, () -> server.web.routes.add(
                Routes.of("POST", "/backups", Role.VIEWER, "open write", req -> null), "x"), "writes must need ADMIN");
        assertThrows(IllegalArgumentException.class, () -> server.web.routes.add(
                Routes.of("GET", "/admin/health", Role.VIEWER, "clash", req -> null), "x"), "a clash is refused");
        assertThrows(IllegalArgumentException.class, () -> server.web.routes.add(
                Routes.of("GET", "../etc", Role.VIEWER, "bad", req -> null), "x"));
    }

    @Test
    void consolePagesRenderTheDatabaseState() throws Exception {
        String cookie = login();
        HttpResponse<String> root = server.send(server.request("/console/").header("Cookie", cookie).GET());
        assertEquals(303, root.statusCode());
        assertEquals("/console/page/overview", root.headers().firstValue("Location").orElse(""));
        for (String id : new String[] {"overview", "sessions", "sql", "maintenance", "configuration"}) {
            HttpResponse<String> p = server.send(server.request("/console/page/" + id).header("Cookie", cookie).GET());
            assertEquals(200, p.statusCode(), id + ": " + p.body());
            assertTrue(p.body().contains("href=\"/console/page/configuration\""), id);
        }
        String overview = server.send(server.request("/console/page/overview").header("Cookie", cookie).GET()).body();
        assertTrue(overview.contains("Transactions/s") && overview.contains("disk:default"), overview);
        String config = server.send(server.request("/console/page/configuration").header("Cookie", cookie).GET()).body();
        assertTrue(config.contains("lock_timeout"), config);
        assertEquals(200, server.get("/console/static/console.css", null).statusCode());
        assertEquals(404, server.get("/console/static/missing.js", null).statusCode());
    }

    private static String login() throws Exception {
        HttpResponse<String> r = server.send(server.request("/console/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=alice&password=" + WebTestServer.ADMIN_PASSWORD)));
        assertEquals(303, r.statusCode());
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }
}
