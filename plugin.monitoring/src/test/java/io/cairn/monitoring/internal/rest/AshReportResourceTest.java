package io.cairn.monitoring.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.Components;
import io.cairn.monitoring.internal.TestDatabase;
import io.cairn.monitoring.internal.command.AshReportCommands;
import io.cairn.monitoring.internal.console.AshPage;
import io.cairn.txn.Session;
import io.cairn.txn.WaitClass;
import io.cairn.web.RestException;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** {@code GET /api/v1/monitoring/ash/report}, {@code cairn:ash-report} and the console link, over real sessions. */
class AshReportResourceTest {

    @TempDir
    Path dir;

    @Test
    void reportRouteAnswersTextOrHtmlAndRejectsBadInput() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir.resolve("db"));
                Session a = db.transactions().openSession("ann", "app")) {
            AshComponent ash = Components.unstartedAsh(db);
            a.beginStatement("SELECT * FROM orders WHERE note = '<b>bold</b>'");
            a.beginWait("data file read", WaitClass.USER_IO);
            for (int i = 0; i < 4; i++) {
                Components.sample(ash);
            }
            AshReportResource route = new AshReportResource(ash);
            assertEquals("/monitoring/ash/report", route.path());
            assertEquals(Role.VIEWER, route.requiredRole());

            RestResponse.Text text = (RestResponse.Text) route.handle(new Get("/monitoring/ash/report",
                    Map.of("database", "sales", "from", "-5m"))).body();
            assertEquals("text/plain; charset=utf-8", text.mediaType());
            assertTrue(text.content().contains("data file read"), text.content());
            assertTrue(text.content().contains("DB time (estimate):        4.0 s"), text.content());

            RestResponse.Text html = (RestResponse.Text) route.handle(new Get("/monitoring/ash/report",
                    Map.of("database", "sales", "format", "html", "to", "now"))).body();
            assertEquals("text/html; charset=utf-8", html.mediaType());
            assertTrue(html.content().startsWith("<!DOCTYPE html>"));
            assertTrue(html.content().contains("&lt;b&gt;bold&lt;/b&gt;"), html.content());
            assertTrue(!html.content().contains("<b>bold"), html.content());

            RestException e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash/report",
                    Map.of("from", "last tuesday"))));
            assertEquals(400, e.status());
            assertEquals("invalid_value", e.code());
            assertTrue(e.getMessage().startsWith("from must be an ISO-8601 instant"), e.getMessage());
            e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash/report",
                    Map.of("from", "-1m", "to", "-2m"))));
            assertEquals(400, e.status());
            e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash/report", Map.of("format", "pdf"))));
            assertEquals("format must be text or html, was 'pdf'", e.getMessage());
            e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash/report", Map.of("top", "0"))));
            assertEquals("out_of_range", e.code());
            e = assertThrows(RestException.class, () -> route.handle(new Get("/monitoring/ash/report", Map.of("database", "hr"))));
            assertEquals(404, e.status());

            String page = new AshPage(ash).render(new Get("/console/page/ash", Map.of("database", "sales", "minutes", "30")));
            assertTrue(page.contains("href=\"/api/v1/monitoring/ash/report?database=sales&amp;from=-30m&amp;format=html\""), page);

            // the shell command: to the console, to a new file, never over an existing file
            String out = AshReportCommands.run(ash, "sales", "-10m", null, false, 5, null);
            assertTrue(out.startsWith("ASH Report for database sales"), out);
            Path file = dir.resolve("ash.html");
            String said = AshReportCommands.run(ash, "sales", null, null, true, 10, file.toString());
            assertTrue(said.contains("written to " + file), said);
            assertTrue(Files.readString(file).contains("&lt;b&gt;bold&lt;/b&gt;"));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> AshReportCommands.run(ash, "sales", null, null, true, 10, file.toString()));
            assertTrue(bad.getMessage().contains("exists already"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> AshReportCommands.run(ash, "sales", "-1q", null, false, 10, null));
            assertTrue(bad.getMessage().startsWith("from must be"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> AshReportCommands.run(ash, "hr", null, null, false, 10, null));
            assertEquals("no open database 'hr'", bad.getMessage());
        }
    }
}
