package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * The {@code data-api-post} buttons plugin pages use for their actions (the monitoring plugin's
 * acknowledge and close), in a real headless Chromium: an administrator's click posts through
 * console.js with the CSRF token and the page reloads with the new state; a route error is shown
 * as text (markup in it stays text); a viewer's page has the button disabled and the route
 * refuses a viewer's post anyway. The page and route here are registered as a plugin's would be.
 */
class ConsoleActionBrowserTest {

    @TempDir
    static Path tmp;
    static WebTestServer server;
    static HeadlessChromium browser;
    static final Path SHOTS = Path.of("target", "screenshots");

    /** What the route has done: the number of acknowledgements and who made the last. */
    static final AtomicInteger ACKS = new AtomicInteger();
    static final AtomicReference<String> BY = new AtomicReference<>("");

    @BeforeAll
    static void start() throws Exception {
        String binary = HeadlessChromium.binary();
        Assumptions.assumeTrue(binary != null, "no chromium installed (apt-get install chromium)");
        server = new WebTestServer(tmp, WebSettings.defaults());
        server.web.routes.add(new RestResource() {
            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String path() {
                return "/things/{id}/ack";
            }

            @Override
            public Role requiredRole() {
                return Role.ADMIN;
            }

            @Override
            public String summary() {
                return "Acknowledge a thing";
            }

            @Override
            public RestResponse handle(RestRequest request) throws RestException {
                if (!request.pathParameter("id").equals("1")) {
                    throw RestException.notFound("no thing <b>" + request.pathParameter("id") + "</b>");
                }
                ACKS.incrementAndGet();
                BY.set(request.user());
                return RestResponse.ok(Map.of("acknowledged", true));
            }
        }, "io.cairn.test.plugin");
        server.web.pages.add(new ConsolePage() {
            @Override
            public String id() {
                return "things";
            }

            @Override
            public String title() {
                return "Things";
            }

            @Override
            public int navOrder() {
                return 100;
            }

            @Override
            public String render(ConsoleContext context) {
                String live = "<button type=\"button\" data-api-post=\"/things/%s/ack\">Acknowledge %s</button>"
                        + "<span class=\"action-result\"></span>";
                return "<p id=\"acks\">" + ACKS.get() + " by " + ConsoleContext.escape(BY.get()) + "</p>"
                        + (context.role() == Role.ADMIN ? "<p>" + live.formatted("1", "1") + "</p><p id=\"bad\">"
                                + live.formatted("9", "9") + "</p>"
                                : "<button type=\"button\" disabled title=\"administrators only\">Acknowledge 1</button>");
            }
        });
        browser = new HeadlessChromium(binary);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void signIn(String user, String password) throws Exception {
        browser.navigate(server.base + "/console/login");
        browser.eval("document.querySelector('input[name=user]').value = '" + user + "';"
                + "document.querySelector('input[name=password]').value = '" + password + "';"
                + "document.querySelector('form').submit(); true");
        browser.waitFor("location.pathname === '/console/page/overview' && document.readyState === 'complete'",
                Duration.ofSeconds(20));
    }

    @Test
    void adminsActThroughTheButtonsAndViewersCannot() throws Exception {
        signIn("alice", WebTestServer.ADMIN_PASSWORD);
        browser.navigate(server.base + "/console/page/things");
        assertEquals("0 by ", browser.eval("document.getElementById('acks').textContent"));
        browser.eval("document.querySelector('button[data-api-post=\"/things/1/ack\"]').click(); true");
        browser.waitFor("document.readyState === 'complete' && document.getElementById('acks') !== null"
                + " && document.getElementById('acks').textContent === '1 by alice'", Duration.ofSeconds(20));
        assertEquals(1, ACKS.get(), "one post, with the CSRF token (the API refuses a cookie write without it)");
        browser.screenshot(SHOTS.resolve("5-action-done.png"));

        browser.eval("document.querySelector('#bad button').click(); true");
        browser.waitFor("document.querySelector('#bad .action-result').textContent !== ''", Duration.ofSeconds(20));
        assertEquals("no thing <b>9</b>", browser.eval("document.querySelector('#bad .action-result').textContent"),
                "the route's error shown as text");
        assertEquals("0", browser.eval("String(document.querySelectorAll('#bad b').length)"), "no markup from the error");
        assertEquals(1, ACKS.get());
        browser.eval("document.querySelector('form.logout').submit(); true");
        browser.waitFor("location.pathname === '/console/login'", Duration.ofSeconds(20));

        signIn("victor", WebTestServer.VIEWER_PASSWORD);
        browser.navigate(server.base + "/console/page/things");
        assertEquals("true", browser.eval("String(document.querySelector('button[title=\"administrators only\"]').disabled)"));
        assertEquals("0", browser.eval("String(document.querySelectorAll('button[data-api-post]').length)"));
        // a viewer forging the post from the page (with the CSRF token) is refused by the route's role
        browser.eval("window.__status = null; fetch('/api/v1/things/1/ack', {method: 'POST', credentials: 'same-origin',"
                + " headers: {'Content-Type': 'application/json', 'X-CSRF-Token':"
                + " document.querySelector('meta[name=\"csrf-token\"]').getAttribute('content')}, body: '{}'})"
                + ".then(function (r) { window.__status = r.status; }); true");
        browser.waitFor("window.__status !== null", Duration.ofSeconds(20));
        assertEquals("403", browser.eval("String(window.__status)"));
        assertEquals(1, ACKS.get());
        assertTrue(browser.eval("document.body.textContent").contains("1 by alice"));
    }
}
