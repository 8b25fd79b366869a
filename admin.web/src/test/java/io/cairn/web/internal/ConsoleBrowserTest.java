package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real headless Chromium: sign in through the form, run a query in the SQL
 * worksheet (the page's script posts it with the CSRF token), see the rows, open the overview
 * with the health checks. Screenshots go to target/screenshots/. Skipped (not passed) when no
 * Chromium is installed; .ci/run installs Debian's.
 */
class ConsoleBrowserTest {

    @TempDir
    static Path tmp;
    static WebTestServer server;
    static HeadlessChromium browser;
    static final Path SHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void start() throws Exception {
        String binary = HeadlessChromium.binary();
        Assumptions.assumeTrue(binary != null, "no chromium installed (apt-get install chromium)");
        server = new WebTestServer(tmp, WebSettings.defaults());
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

    @Test
    void signsInRunsAQueryInTheWorksheetAndSeesHealth() throws Exception {
        server.db.sqlConsole().execute("alice", "CREATE TABLE city (id INT PRIMARY KEY, name VARCHAR(20)); "
                + "INSERT INTO city VALUES (1, 'Oslo'), (2, 'Lima'), (3, 'Pune')", 10, Duration.ofSeconds(10));

        browser.navigate(server.base + "/console/");
        assertEquals("/console/login", browser.eval("location.pathname"), "signed-out users land on the sign-in form");
        browser.screenshot(SHOTS.resolve("1-login.png"));
        browser.eval("document.querySelector('input[name=user]').value = 'alice';"
                + "document.querySelector('input[name=password]').value = '" + WebTestServer.ADMIN_PASSWORD + "';"
                + "document.querySelector('form').submit(); true");
        browser.waitFor("location.pathname === '/console/page/overview' && document.readyState === 'complete'",
                Duration.ofSeconds(20));
        String overview = browser.eval("document.body.textContent");
        assertTrue(overview.contains("Transactions/s") && overview.contains("Cache hit ratio"), overview);
        assertTrue(overview.contains("disk:default") && overview.contains("healthy"), overview);
        browser.screenshot(SHOTS.resolve("2-overview-health.png"));

        browser.navigate(server.base + "/console/page/sql");
        browser.eval("document.querySelector('textarea[name=sql]').value = "
                + "'SELECT id, name FROM city WHERE id >= 2 ORDER BY name'; true");
        browser.eval("document.querySelector('#worksheet button[type=submit]').click(); true");
        browser.waitFor("document.querySelector('#worksheet-result table') !== null", Duration.ofSeconds(20));
        String result = browser.eval("document.querySelector('#worksheet-result').innerText");
        assertTrue(result.contains("Lima") && result.contains("Pune") && !result.contains("Oslo"), result);
        assertTrue(result.indexOf("Lima") < result.indexOf("Pune"), result);
        assertTrue(result.contains("2 row(s)"), result);
        browser.screenshot(SHOTS.resolve("3-worksheet.png"));

        browser.eval("document.querySelector('textarea[name=sql]').value = 'SELECT * FROM nowhere'; true");
        browser.eval("document.querySelector('#worksheet button[type=submit]').click(); true");
        browser.waitFor("document.querySelector('#worksheet-result .error') !== null", Duration.ofSeconds(20));
        assertTrue(browser.eval("document.querySelector('#worksheet-result').innerText").contains("42P01"));

        browser.navigate(server.base + "/console/page/maintenance");
        browser.eval("document.querySelector('#maintenance select[name=operation]').value = 'analyze';"
                + "document.querySelector('#maintenance input[name=tables]').value = 'city';"
                + "document.querySelector('#maintenance button[type=submit]').click(); true");
        browser.waitFor("document.body.innerText.includes('ANALYZE city')", Duration.ofSeconds(20));
        browser.screenshot(SHOTS.resolve("4-maintenance.png"));
    }
}
