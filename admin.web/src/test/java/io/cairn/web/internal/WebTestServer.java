package io.cairn.web.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import io.cairn.sql.internal.DatabaseComponent;
import io.cairn.web.RestResource;

/**
 * admin.web's servlets in an embedded Jetty 9.4 (the version Pax Web 8 runs), over a real
 * database opened outside OSGi, signing in through JAAS with Karaf's own properties login
 * module reading a users file like the distribution's.
 */
final class WebTestServer implements AutoCloseable {

    static final String ADMIN_PASSWORD = "admin-secret";
    static final String VIEWER_PASSWORD = "viewer-secret";

    final DatabaseComponent db;
    final AdminWeb web;
    final Server jetty;
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebTestServer(Path dir, WebSettings settings) throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, String.join("\n",
                "alice = " + ADMIN_PASSWORD + ",_g_:admingroup",
                "victor = " + VIEWER_PASSWORD + ",_g_:cairnviewers",
                "nobody = nobody-secret,_g_:othergroup",
                "_g_\\:admingroup = group,admin,cairn-admin,ssh",
                "_g_\\:cairnviewers = group,cairn-viewer",
                "_g_\\:othergroup = group,viewer", ""));
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return !name.equals("karaf") ? null : new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))};
            }
        };
        db = DatabaseComponent.openStandalone("default", dir.resolve("db"));
        Kernel kernel = new Kernel("0.1.0.test");
        kernel.databases.put("default", db);
        kernel.consoles.put("default", db.sqlConsole());
        kernel.parameters.put("default", db.databaseParameters());
        kernel.maintenance.put("default", db.maintenanceJobs());
        kernel.health.addAll(db.healthContributors());
        web = new AdminWeb(kernel, new JaasAuthenticator("karaf", jaas), settings);
        for (RestResource r : new KernelRoutes(web).all()) {
            web.routes.add(r, "io.cairn.admin.web");
        }
        web.pages.addAll(new KernelPages(web).all());

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new ApiServlet(web)), "/api/*");
        context.addServlet(new ServletHolder(new ConsoleServlet(web)), "/console/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String auth) throws Exception {
        HttpRequest.Builder b = request(path).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return send(b);
    }

    HttpResponse<String> write(String method, String path, String auth, String json) throws Exception {
        HttpRequest.Builder b = request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return send(b);
    }

    HttpResponse<String> asAdmin(String method, String path, String json) throws Exception {
        return method.equals("GET") ? get(path, basic("alice", ADMIN_PASSWORD))
                : write(method, path, basic("alice", ADMIN_PASSWORD), json);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        db.close();
    }
}
