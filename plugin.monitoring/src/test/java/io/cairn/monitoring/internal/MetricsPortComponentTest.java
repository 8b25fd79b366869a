package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.metrics.Scrape;

/** The separate, unauthenticated metrics port: a real listener scraped by a real HTTP client. */
class MetricsPortComponentTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePrometheusTextAndReleasesThePortOnStop() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            MetricsComponent metrics = new MetricsComponent();
            Components.bind(metrics, db);
            Workload.run(db, 5, 0);
            int port = freePort();
            MetricsPortComponent listener = new MetricsPortComponent(true, "127.0.0.1", port, metrics.exposition());
            assertEquals(port, listener.port());
            HttpResponse<String> r = get(port, "/metrics");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
            Scrape scrape = new Scrape(r.body());
            assertTrue(scrape.value("cairn_transactions_committed_total", Map.of("database", "sales")) >= 5);
            assertEquals(1, scrape.value("cairn_databases", Map.of()));
            assertEquals(404, get(port, "/").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            listener.stop();
            assertThrows(ConnectException.class, () -> get(port, "/metrics"));
            // released: another listener (the component after a bundle update) binds the same port at once
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
            MetricsPortComponent restarted = new MetricsPortComponent(true, "127.0.0.1", port, metrics.exposition());
            assertEquals(200, get(port, "/metrics").statusCode());
            restarted.stop();
        }
    }

    @Test
    void aTakenPortOrAForeignAddressIsLoggedAndTheComponentStillStarts() throws Exception {
        MetricsComponent metrics = new MetricsComponent();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MetricsPortComponent listener = new MetricsPortComponent(true, "127.0.0.1", taken.getLocalPort(),
                    metrics.exposition());
            assertEquals(-1, listener.port(), "no listener, no exception: the rest of the plugin keeps working");
            listener.stop();
        }
        // an address that is not this host's (a documentation address: nothing is sent anywhere)
        MetricsPortComponent elsewhere = new MetricsPortComponent(true, "192.0.2.1", freePort(), metrics.exposition());
        assertEquals(-1, elsewhere.port());
        elsewhere.stop();
    }

    @Test
    void offByDefaultAndBadSettingsNameTheirKey() {
        MetricsComponent metrics = new MetricsComponent();
        MetricsPortComponent off = new MetricsPortComponent(false, "127.0.0.1", 9100, metrics.exposition());
        assertEquals(-1, off.port());
        off.stop();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetricsPortComponent(true, "127.0.0.1", 70000, metrics.exposition()));
        assertEquals("io.cairn.monitoring: metricsPort must be between 1 and 65535, was 70000", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MetricsPortComponent(true, " ", 9100, metrics.exposition()));
        assertTrue(e.getMessage().contains("metricsBind"), e.getMessage());
    }
}
