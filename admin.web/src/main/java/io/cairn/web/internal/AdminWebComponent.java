package io.cairn.web.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.sql.ContainerStatus;
import io.cairn.sql.Database;
import io.cairn.sql.admin.DatabaseParameters;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.sql.admin.SqlConsole;
import io.cairn.sql.health.HealthContributor;
import io.cairn.web.ConsolePage;
import io.cairn.web.LoginStats;
import io.cairn.web.RestResource;

/**
 * The admin web server inside Karaf: registers the {@code /api/*} and {@code /console/*} servlets
 * with the HTTP whiteboard, mounts the kernel's routes and every {@link RestResource} and
 * {@link ConsolePage} plugins register (and unmounts them when they go), tracks the kernel's
 * services, applies {@code etc/io.cairn.web.cfg}, and creates the first administrator.
 */
@Component(service = {}, immediate = true, configurationPid = "io.cairn.web",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WebConfig.class)
public final class AdminWebComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AdminWebComponent.class);

    private final AdminWeb web;
    private final ConfigurationAdmin configAdmin;
    private final ScheduledExecutorService sampler;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public AdminWebComponent(WebConfig config, BundleContext context,
            @Reference ConfigurationAdmin configAdmin) {
        PaxWebListener.validate(config);
        this.configAdmin = configAdmin;
        Kernel kernel = new Kernel(context.getBundle().getVersion().toString());
        kernel.status = () -> status(context);
        this.web = new AdminWeb(kernel, new JaasAuthenticator(config.realm(), null), settings(config));
        for (RestResource r : new KernelRoutes(web).all()) {
            web.routes.add(r, context.getBundle().getSymbolicName());
        }
        web.pages.addAll(new KernelPages(web).all());
        firstAdmin(config);
        applyListener(config);

        registrations.add(context.registerService(Servlet.class, new ApiServlet(web), servlet("cairn-api", "/api/*")));
        registrations.add(context.registerService(Servlet.class, new ConsoleServlet(web),
                servlet("cairn-console", "/console/*")));
        registrations.add(context.registerService(LoginStats.class, web.logins, null));
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-web-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(kernel.sampler::sample, 0, 1, TimeUnit.SECONDS);
    }

    @Modified
    void modified(WebConfig config) {
        PaxWebListener.validate(config);
        web.settings = settings(config);
        applyListener(config);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // unregistered by the framework already
            }
        }
    }

    static WebSettings settings(WebConfig c) {
        return new WebSettings(c.maxBodyBytes(), c.sqlMaxRows(), Duration.ofSeconds(c.sqlTimeoutSeconds()),
                Duration.ofMinutes(c.sessionIdleMinutes()), c.tls_enabled());
    }

    private void applyListener(WebConfig config) {
        if (!config.managePaxWeb()) {
            return;
        }
        try {
            PaxWebListener.apply(configAdmin, config);
        } catch (IOException e) {
            LOG.error("cannot apply etc/io.cairn.web.cfg to Pax Web's configuration", e);
        }
    }

    private static void firstAdmin(WebConfig config) {
        String etc = System.getProperty("karaf.etc");
        if (!config.createFirstAdmin() || etc == null) {
            return;
        }
        try {
            Path written = FirstAdmin.createIfNoUser(Path.of(etc, "users.properties"));
            if (written != null) {
                FirstAdmin.describe(written).forEach(LOG::warn);
            }
        } catch (IOException e) {
            LOG.error("cannot create the first administrator in {}/users.properties", etc, e);
        }
    }

    private static Dictionary<String, Object> servlet(String name, String pattern) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("osgi.http.whiteboard.servlet.name", name);
        p.put("osgi.http.whiteboard.servlet.pattern", pattern);
        return p;
    }

    private static Object status(BundleContext context) {
        ContainerStatus status = ContainerStatus.capture(context);
        List<Map<String, Object>> bundles = status.bundles().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            m.put("symbolicName", b.symbolicName());
            m.put("version", b.version());
            m.put("state", b.state());
            return m;
        }).toList();
        List<Map<String, Object>> dbs = status.databases().stream()
                .map(d -> Map.<String, Object>of("name", d.name(), "directory", d.directory().toString())).toList();
        return Map.of("bundles", bundles, "databases", dbs);
    }

    private static String database(Map<String, Object> props) {
        Object name = props.get(Database.NAME_PROPERTY);
        return name == null ? null : name.toString();
    }

    // ---- kernel services, by database name

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDatabase(Database db) {
        web.kernel.databases.put(db.name(), db);
    }

    void removeDatabase(Database db) {
        web.kernel.databases.remove(db.name(), db);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSqlConsole(SqlConsole s, Map<String, Object> props) {
        web.kernel.consoles.put(database(props), s);
    }

    void removeSqlConsole(SqlConsole s, Map<String, Object> props) {
        web.kernel.consoles.remove(database(props), s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDatabaseParameters(DatabaseParameters s, Map<String, Object> props) {
        web.kernel.parameters.put(database(props), s);
    }

    void removeDatabaseParameters(DatabaseParameters s, Map<String, Object> props) {
        web.kernel.parameters.remove(database(props), s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMaintenanceJobs(MaintenanceJobs s, Map<String, Object> props) {
        web.kernel.maintenance.put(database(props), s);
    }

    void removeMaintenanceJobs(MaintenanceJobs s, Map<String, Object> props) {
        web.kernel.maintenance.remove(database(props), s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHealthContributor(HealthContributor c) {
        web.kernel.health.add(c);
    }

    void removeHealthContributor(HealthContributor c) {
        web.kernel.health.remove(c);
    }

    // ---- plugin contributions (whiteboard)

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRestResource(RestResource resource, ServiceReference<RestResource> ref) {
        String source = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        try {
            RouteTable.Route route = web.routes.add(resource, source);
            LOG.info("Mounted {} /api/v1{} from {}", route.method(), route.path(), source);
        } catch (RuntimeException e) {
            LOG.error("Not mounting the REST resource {} from {}: {}", resource, source, e.getMessage());
        }
    }

    void removeRestResource(RestResource resource) {
        if (web.routes.remove(resource)) {
            LOG.info("Unmounted {} /api/v1{}", resource.method(), resource.path());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConsolePage(ConsolePage page) {
        String id = page.id();
        if (id == null || !id.matches("[a-z0-9-]{1,64}") || web.pages.stream().anyMatch(p -> p.id().equals(id))) {
            LOG.error("Not adding console page {}: its id '{}' is malformed or taken", page, id);
            return;
        }
        web.pages.add(page);
    }

    void removeConsolePage(ConsolePage page) {
        web.pages.remove(page);
    }
}
