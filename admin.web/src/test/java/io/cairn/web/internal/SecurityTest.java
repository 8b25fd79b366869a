package io.cairn.web.internal;

import static io.cairn.web.internal.WebTestServer.ADMIN_PASSWORD;
import static io.cairn.web.internal.WebTestServer.VIEWER_PASSWORD;
import static io.cairn.web.internal.WebTestServer.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Who may call what: the authorization matrix over every mounted route, sign-in, CSRF and headers. */
class SecurityTest {

    @TempDir
    static Path tmp;
    static WebTestServer server;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = new WebTestServer(tmp, WebSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A concrete path for a route template: {name} and {id} get values that exist or parse. */
    private static String concrete(RouteTable.Route r) {
        return "/api/v1" + r.path().replace("{name}", "default").replace("{id}", "1");
    }

    private static void assertSecurityHeaders(HttpResponse<?> r) {
        var h = r.headers();
        assertTrue(h.firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"), r.uri().toString());
        assertEquals("nosniff", h.firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", h.firstValue("X-Frame-Options").orElse(null));
        assertEquals("no-referrer", h.firstValue("Referrer-Policy").orElse(null));
        assertEquals("no-store", h.firstValue("Cache-Control").orElse(null));
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.uri() + ": " + r.body());
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertNotNull(error, r.body());
        assertEquals(code, error.get("code").asText(), r.body());
        assertFalse(error.get("message").asText().isEmpty());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertSecurityHeaders(r);
    }

    @Test
    void livenessNeedsNoAuthenticationButEveryOtherRouteDoes() throws Exception {
        HttpResponse<String> live = server.get("/api/v1/health/liveness", null);
        assertEquals(200, live.statusCode());
        assertEquals("alive", JSON.readTree(live.body()).get("status").asText());
        assertSecurityHeaders(live);

        List<RouteTable.Route> routes = server.web.routes.routes();
        assertTrue(routes.size() >= 15, "the kernel's routes are mounted: " + routes.size());
        for (RouteTable.Route r : routes) {
            HttpResponse<String> anon = r.method().equals("GET") ? server.get(concrete(r), null)
                    : server.write(r.method(), concrete(r), null, "{}");
            assertError(anon, 401, "unauthenticated");
            assertTrue(anon.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"cairn\""));
        }
    }

    @Test
    void viewersReadButCannotWriteAndAdminsDoBoth() throws Exception {
        String viewer = basic("victor", VIEWER_PASSWORD);
        String admin = basic("alice", ADMIN_PASSWORD);
        for (RouteTable.Route r : server.web.routes.routes()) {
            if (r.method().equals("GET")) {
                int v = server.get(concrete(r), viewer).statusCode();
                assertTrue(v != 401 && v != 403 && v != 500, "viewer GET " + r.path() + " -> " + v);
                int a = server.get(concrete(r), admin).statusCode();
                assertTrue(a != 401 && a != 403 && a != 500, "admin GET " + r.path() + " -> " + a);
            } else {
                assertError(server.write(r.method(), concrete(r), viewer, "{}"), 403, "forbidden");
                // {} passes authorization and fails validation: the admin got past the role check
                HttpResponse<String> a = server.write(r.method(), concrete(r), admin, "{}");
                assertError(a, 400, "missing_field");
            }
        }
    }

    @Test
    void wrongPasswordsAre401AndCountedUsersWithoutACairnRoleAre403() throws Exception {
        long failed = server.web.logins.failedLoginsTotal();
        assertError(server.get("/api/v1/admin/health", basic("alice", "wrong")), 401, "unauthenticated");
        assertError(server.get("/api/v1/admin/health", basic("mallory", "x")), 401, "unauthenticated");
        assertError(server.get("/api/v1/admin/health", "Basic !!!"), 401, "unauthenticated");
        assertError(server.get("/api/v1/admin/health", "Bearer abc"), 401, "unauthenticated");
        assertEquals(failed + 2, server.web.logins.failedLoginsTotal(), "two password logins failed");
        assertError(server.get("/api/v1/admin/health", basic("nobody", "nobody-secret")), 403, "forbidden");
    }

    @Test
    void theConsoleSignInSetsAStrictCookieAndCookieWritesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> form = server.get("/console/login", null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"password\""));
        assertTrue(form.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));

        long failed = server.web.logins.failedLoginsTotal();
        assertEquals(401, login("alice", "nope").statusCode());
        assertEquals(failed + 1, server.web.logins.failedLoginsTotal());

        HttpResponse<String> ok = login("alice", ADMIN_PASSWORD);
        assertEquals(303, ok.statusCode());
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> health = server.send(server.request("/api/v1/admin/health").header("Cookie", cookie).GET());
        assertEquals(200, health.statusCode(), health.body());

        HttpResponse<String> page = server.send(server.request("/console/page/overview").header("Cookie", cookie).GET());
        assertEquals(200, page.statusCode());
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        String csrf = m.group(1);

        String sql = "{\"sql\":\"SELECT 1 AS one\"}";
        assertError(server.send(server.request("/api/v1/sql").header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(sql))), 403, "csrf");
        assertError(server.send(server.request("/api/v1/sql").header("Cookie", cookie).header("X-CSRF-Token", "forged")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(sql))), 403, "csrf");
        HttpResponse<String> withToken = server.send(server.request("/api/v1/sql").header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sql)));
        assertEquals(200, withToken.statusCode(), withToken.body());
        assertError(server.send(server.request("/api/v1/sql").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sql))), 403, "cross_origin");

        // sign out: the form needs the token too, and the cookie stops working
        assertEquals(403, server.send(server.request("/console/logout").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=forged"))).statusCode());
        assertEquals(303, server.send(server.request("/console/logout").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf))).statusCode());
        assertError(server.send(server.request("/api/v1/admin/health").header("Cookie", cookie).GET()), 401, "unauthenticated");
        assertEquals(303, server.send(server.request("/console/page/overview").header("Cookie", cookie).GET()).statusCode());
    }

    @Test
    void aViewerSignedInSeesNoWorksheet() throws Exception {
        HttpResponse<String> ok = login("victor", VIEWER_PASSWORD);
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page = server.send(server.request("/console/page/overview").header("Cookie", cookie).GET());
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("/console/page/sql"), "the worksheet is not in a viewer's navigation");
        assertEquals(403, server.send(server.request("/console/page/sql").header("Cookie", cookie).GET()).statusCode());
    }

    @Test
    void securityHeadersAreOnErrorsToo() throws Exception {
        HttpResponse<String> notFound = server.get("/api/v1/nope", basic("alice", ADMIN_PASSWORD));
        assertError(notFound, 404, "not_found");
        assertSecurityHeaders(server.get("/api/other", null));
        assertNotEquals(500, server.get("/api", null).statusCode());
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        String form = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return server.send(server.request("/console/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }
}
