package io.cairn.pool.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.pool.ConnectionPool;
import io.cairn.sql.Database;

/**
 * A named pool from each {@code etc/io.cairn.pool-<name>.cfg} factory configuration. An invalid
 * configuration logs what is wrong and leaves the component inactive. A valid one waits for its
 * database: while the {@link Database} service named in the configuration is registered, a HikariCP
 * pool runs over the driver's {@link DataSourceFactory} and is published as a {@link DataSource}
 * and a {@link ConnectionPool} service (properties {@code pool.name}, {@code cairn.database}); when
 * the database closes (or reopens after a configuration change) the pool closes with it.
 */
@Component(service = {}, configurationPid = "io.cairn.pool", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = PoolConfig.class, factory = true)
public final class ConnectionPoolComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPoolComponent.class);
    /** Pool names in use in this container: a second configuration with a taken name is refused. */
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private final PoolSettings settings;
    private final BundleContext context;
    private final DataSourceFactory driver;
    private final ServiceTracker<Database, Database> databases;
    private HikariConnectionPool running;
    private ServiceReference<Database> runningOn;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public ConnectionPoolComponent(PoolConfig config, BundleContext context,
            @Reference(target = "(osgi.jdbc.driver.name=cairn)") DataSourceFactory driver) throws InvalidSyntaxException {
        try {
            this.settings = PoolSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Cairn connection pool not started, its configuration is invalid: {}", e.getMessage());
            throw e;
        }
        if (!NAMES.add(settings.name())) {
            String message = "Cairn connection pool '" + settings.name()
                    + "' not started: another io.cairn.pool configuration already uses that name";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
        this.context = context;
        this.driver = driver;
        this.databases = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + Database.class.getName()
                + ")(" + Database.NAME_PROPERTY + "=" + settings.database() + "))"), new Customizer());
        databases.open();
        synchronized (this) {
            if (running == null) {
                LOG.info("Cairn connection pool '{}' waits for database '{}'", settings.name(), settings.database());
            }
        }
    }

    private final class Customizer implements ServiceTrackerCustomizer<Database, Database> {
        @Override
        public Database addingService(ServiceReference<Database> ref) {
            Database db = context.getService(ref);
            start(ref);
            return db;
        }

        @Override
        public void modifiedService(ServiceReference<Database> ref, Database db) {
        }

        @Override
        public void removedService(ServiceReference<Database> ref, Database db) {
            stop(ref);
            context.ungetService(ref);
        }
    }

    private synchronized void start(ServiceReference<Database> ref) {
        if (running != null) {
            return; // already pooling another registration of the same name
        }
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, settings.database());
        p.setProperty(DataSourceFactory.JDBC_USER, settings.user());
        p.setProperty("isolation", settings.isolation());
        p.setProperty("readOnly", Boolean.toString(settings.readOnly()));
        HikariConnectionPool pool;
        try {
            pool = new HikariConnectionPool(settings, driver.createDataSource(p));
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cairn connection pool '{}' cannot start on database '{}': {}", settings.name(),
                    settings.database(), e.getMessage());
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConnectionPool.POOL_NAME, settings.name());
        props.put(ConnectionPool.DATABASE, settings.database());
        props.put(DataSourceFactory.JDBC_DATASOURCE_NAME, settings.name()); // how Pax JDBC names data sources
        registrations.add(context.registerService(DataSource.class, pool.dataSource(), props));
        registrations.add(context.registerService(ConnectionPool.class, pool, props));
        running = pool;
        runningOn = ref;
        LOG.info("Cairn connection pool '{}' started on database '{}' (max {}, min idle {})", settings.name(),
                settings.database(), settings.maximumPoolSize(), settings.minimumIdle());
    }

    private synchronized void stop(ServiceReference<Database> ref) {
        if (running == null || (ref != null && !ref.equals(runningOn))) {
            return;
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
        running.close();
        running = null;
        runningOn = null;
        LOG.info("Cairn connection pool '{}' closed (database '{}' went away or the pool was removed)",
                settings.name(), settings.database());
    }

    @Deactivate
    public void close() {
        try {
            databases.close(); // stops the pool through removedService
            stop(null);
        } finally {
            NAMES.remove(settings.name());
        }
    }
}
