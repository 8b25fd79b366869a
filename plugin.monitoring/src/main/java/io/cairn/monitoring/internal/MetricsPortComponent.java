package io.cairn.monitoring.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cairn.monitoring.internal.metrics.PrometheusExposition;

/**
 * The optional metrics port (default 9100, off by default): the same Prometheus text as
 * {@code /api/v1/metrics}, at {@code /metrics}, without authentication, as node exporters do.
 * Served by the JDK's own HTTP server ({@code com.sun.net.httpserver}, reached through Karaf's
 * {@code com.sun.*} boot delegation), so it needs no bundle and leaves Pax Web's connectors alone;
 * the port is closed when the component stops (bundle stop, update, configuration change).
 * A port that is taken is logged as an error; the rest of the plugin keeps working.
 */
@Component(service = MetricsPortComponent.class, immediate = true, configurationPid = AshComponent.PID)
public final class MetricsPortComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPortComponent.class);

    private final HttpServer server;
    private final ExecutorService threads;

    @Activate
    public MetricsPortComponent(MonitoringConfig config, @Reference MetricsComponent metrics) {
        this(config.metricsPortEnabled(), config.metricsBind(), config.metricsPort(), metrics.exposition());
    }

    MetricsPortComponent(boolean enabled, String bind, int port, PrometheusExposition exposition) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(AshComponent.PID + ": metricsPort must be between 1 and 65535, was " + port);
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException(AshComponent.PID + ": metricsBind must be an address, was empty");
        }
        if (!enabled) {
            server = null;
            threads = null;
            return;
        }
        InetSocketAddress address = new InetSocketAddress(bind.trim(), port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(AshComponent.PID + ": metricsBind '" + bind + "' is not an address of this host");
        }
        HttpServer s;
        try {
            s = HttpServer.create(address, 16);
        } catch (BindException e) {
            String hint = String.valueOf(e.getMessage()).contains("in use") ? "another process has the port; set metricsPort"
                    : "is metricsBind an address of this host? set metricsBind";
            LOG.error("metrics port: cannot listen on {}:{} ({}): {} in etc/io.cairn.monitoring.cfg. /metrics is not "
                    + "served on a port of its own; /api/v1/metrics and the rest of the monitoring plugin keep working",
                    bind, port, e.getMessage(), hint);
            server = null;
            threads = null;
            return;
        } catch (IOException e) {
            LOG.error("metrics port: cannot listen on {}:{}: {}", bind, port, e.toString());
            server = null;
            threads = null;
            return;
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cairn-metrics-http");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(threads);
        s.createContext("/", exchange -> answer(exchange, exposition));
        s.start();
        server = s;
        LOG.info("metrics port: Prometheus text at http://{}:{}/metrics (no authentication)", bind, port);
    }

    private static void answer(HttpExchange exchange, PrometheusExposition exposition) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                plain(exchange, 404, "not found: this port serves /metrics only\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                plain(exchange, 405, "method not allowed: " + method + "\n");
                return;
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(16 * 1024);
            try (Writer w = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
                exposition.write(w);
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusExposition.CONTENT_TYPE);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics port: scrape failed", e);
            throw e;
        }
    }

    private static void plain(HttpExchange exchange, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }

    /** The port listened on, or -1 when off or the port could not be had. */
    int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Deactivate
    void stop() {
        if (server != null) {
            server.stop(0); // closes the listening socket now: the port is free for the next activation
            threads.shutdownNow();
            LOG.info("metrics port: closed");
        }
    }
}
