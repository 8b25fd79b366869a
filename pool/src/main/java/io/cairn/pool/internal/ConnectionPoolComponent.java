package io.cairn.pool.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
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
 * database: while the {@link Database} service named in the configuration is registered, a
 * {@link PoolKeeper} runs a HikariCP pool over the driver's {@link DataSourceFactory}, published as a
 * {@link DataSource} and a {@link ConnectionPool} service (properties {@code pool.name},
 * {@code cairn.database}); when the database closes (or reopens) the pool closes with it.
 */
@Component(service = {}, configurationPid = "io.cairn.pool", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = PoolConfig.class, factory = true)
public final class ConnectionPoolComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPoolComponent.class);
    /** Pool names in use in this container: a second configuration with a taken name is refused. */
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private final PoolSettings settings;
    private final ServiceTracker<Database, ServiceReference<Database>> databases;

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
        PoolKeeper keeper = new PoolKeeper(settings, driver, pool -> publish(context, pool));
        this.databases = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + Database.class.getName()
                + ")(" + Database.NAME_PROPERTY + "=" + settings.database() + "))"),
                new ServiceTrackerCustomizer<Database, ServiceReference<Database>>() {
                    @Override
                    public ServiceReference<Database> addingService(ServiceReference<Database> ref) {
                        keeper.databaseOpened();
                        return ref;
                    }

                    @Override
                    public void modifiedService(ServiceReference<Database> ref, ServiceReference<Database> same) {
                    }

                    @Override
                    public void removedService(ServiceReference<Database> ref, ServiceReference<Database> same) {
                        keeper.databaseClosing(); // (the kernel refuses two open databases of one name)
                    }
                });
        LOG.info("Cairn connection pool '{}' configured for database '{}'", settings.name(), settings.database());
        databases.open();
    }

    /** Registers the pool's DataSource and ConnectionPool services; the handle unregisters both. */
    private AutoCloseable publish(BundleContext context, HikariConnectionPool pool) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConnectionPool.POOL_NAME, settings.name());
        props.put(ConnectionPool.DATABASE, settings.database());
        props.put(DataSourceFactory.JDBC_DATASOURCE_NAME, settings.name()); // how Pax JDBC names data sources
        List<ServiceRegistration<?>> registrations = new ArrayList<>();
        registrations.add(context.registerService(DataSource.class, pool.dataSource(), props));
        registrations.add(context.registerService(ConnectionPool.class, pool, props));
        return () -> {
            for (ServiceRegistration<?> r : registrations) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters a stopping bundle's services itself
                }
            }
        };
    }

    @Deactivate
    public void close() {
        try {
            databases.close(); // removedService closes the pool
        } finally {
            NAMES.remove(settings.name());
        }
    }
}
