package io.cairn.monitoring.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.Components;
import io.cairn.monitoring.internal.MetricsComponent;
import io.cairn.monitoring.internal.TestDatabase;
import io.cairn.monitoring.internal.Workload;
import io.cairn.monitoring.internal.console.AshPage;
import io.cairn.monitoring.internal.metrics.Scrape;
import io.cairn.txn.Session;
import io.cairn.txn.WaitClass;
import io.cairn.web.RestException;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** The routes and the console page this plugin mounts through admin.web's contract, over real sessions. */
class AshResourceTest {

    @TempDir
    Path dir;

    @Test
    void ashRouteRanksSqlByDigestAndShowsActivityOverTime() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir);
                Session a = db.transactions().openSession("ann", "app");
                Session b = db.transactions().openSession("bob", "app");
                Session c = db.transactions().openSession("cid", "app")) {
            AshComponent ash = Components.unstartedAsh(db);
            // a and b run the same statement shape with different constants: one digest
            a.beginStatement("SELECT * FROM orders WHERE id = 1");
            a.setStatementIdentity(0x1234L, 0xabcdL);
            b.beginStatement("SELECT * FROM orders WHERE id = 2");
            b.setStatementIdentity(0x1234L, 0xabcdL);
            c.beginStatement("UPDATE stock SET n = n - 1");
            c.setStatementIdentity(0x9999L, 0);
            c.setClientInfo("shop", null, null, "checkout");
            c.beginWait("data file read", WaitClass.USER_IO);
            for (int i = 0; i < 3; i++) {
                assertEquals(3, Components.sample(ash));
            }
            AshResource route = new AshResource(ash);
            assertEquals("/monitoring/ash", route.path());
            assertEquals(Role.VIEWER, route.requiredRole());
            RestResponse response = route.handle(new Get("/monitoring/ash", Map.of("database", "sales", "top", "5")));
            assertEquals(200, response.status());
            Map<?, ?> body = (Map<?, ?>) response.body();
            assertEquals(9, body.get("samples"));
            List<?> sql = (List<?>) body.get("top_sql");
            assertEquals(2, sql.size());
            Map<?, ?> first = (Map<?, ?>) sql.get(0);
            assertEquals("0000000000001234", first.get("sql_id"));
            assertEquals(6, first.get("samples"));
            assertEquals(66.7, first.get("percent"));
            assertTrue(((String) first.get("sql_text")).startsWith("SELECT * FROM orders WHERE id = "));
            Map<?, ?> event = (Map<?, ?>) ((List<?>) body.get("top_wait_events")).get(0);
            assertEquals("ON CPU", event.get("event"));
            assertEquals(6, event.get("samples"));
            assertEquals("data file read", ((Map<?, ?>) ((List<?>) body.get("top_wait_events")).get(1)).get("event"));
            assertEquals(3, ((List<?>) body.get("top_sessions")).size());
            List<?> activity = (List<?>) body.get("activity");
            assertEquals(AshResource.BUCKETS, activity.size(), "5 minutes in 5 s buckets");
            assertEquals(5L, body.get("bucket_seconds"));
            int cpu = 0;
            int waiting = 0;
            for (Object o : activity) {
                cpu += (Integer) ((Map<?, ?>) o).get("on_cpu");
                waiting += (Integer) ((Map<?, ?>) o).get("waiting");
            }
            assertEquals(6, cpu);
            assertEquals(3, waiting);
            var update = ash.window(60, "sales").stream().filter(s -> s.sessionId() == c.id()).findFirst().orElseThrow();
            assertEquals("checkout", update.module());
            assertEquals("0000000000009999", update.sqlId());
            assertEquals(null, update.planHash(), "no plan yet");

            String page = new AshPage(ash).render(new Get("/console/page/ash", Map.of("database", "sales")));
            assertTrue(page.contains("<td>0000000000001234</td>"), page);
            assertTrue(page.contains("data file read"), page);
            assertTrue(page.contains("9 active session samples"), page);
        }
    }

    @Test
    void badParametersAndUnknownDatabasesAreClientErrors() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            AshResource route = new AshResource(Components.unstartedAsh(db));
            RestException e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash",
                    Map.of("database", "sales", "minutes", "0"))));
            assertEquals(400, e.status());
            assertEquals("out_of_range", e.code());
            assertEquals("minutes must be between 1 and 1440, was 0", e.getMessage());
            e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash", Map.of("top", "ten"))));
            assertEquals("invalid_value", e.code());
            e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash", Map.of("database", "hr"))));
            assertEquals(404, e.status());
            Map<?, ?> empty = (Map<?, ?>) route.handle(new Get("/monitoring/ash", Map.of("database", "sales"))).body();
            assertEquals(0, empty.get("samples"));
            assertTrue(((List<?>) empty.get("top_sql")).isEmpty());
            assertThrows(RestException.class, () -> new AshPage(Components.unstartedAsh(db))
                    .render(new Get("/console/page/ash", Map.of("database", "sales", "minutes", "x"))));
        }
    }

    @Test
    void metricsRouteServesThePrometheusTextToViewers() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            MetricsComponent metrics = new MetricsComponent();
            Components.bind(metrics, db);
            Workload.run(db, 7, 0);
            MetricsResource route = new MetricsResource(metrics);
            assertEquals("/metrics", route.path());
            assertEquals(Role.VIEWER, route.requiredRole());
            RestResponse response = route.handle(new Get("/metrics", Map.of()));
            RestResponse.Text text = (RestResponse.Text) response.body();
            assertEquals("text/plain; version=0.0.4; charset=utf-8", text.mediaType());
            Scrape scrape = new Scrape(text.content());
            assertTrue(scrape.value("cairn_transactions_committed_total", Map.of("database", "sales")) >= 7);
            assertFalse(text.content().isEmpty());
        }
    }
}
