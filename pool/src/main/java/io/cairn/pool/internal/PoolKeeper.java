package io.cairn.pool.internal;

import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one configured pool running exactly while its database is open: starts it (through the
 * driver's DataSourceFactory) and publishes it when the database opens, withdraws and closes it when
 * the database closes. Plain Java; the OSGi component feeds it database events and publishes
 * services.
 */
final class PoolKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(PoolKeeper.class);

    /** Makes a running pool visible (in OSGi: registers its services); closing the handle withdraws it. */
    interface Publisher {
        AutoCloseable publish(HikariConnectionPool pool);
    }

    private final PoolSettings settings;
    private final DataSourceFactory driver;
    private final Publisher publisher;
    private HikariConnectionPool running;
    private AutoCloseable published;
    /** What happened last when the pool tried to start: null if it is running or never tried. */
    private String lastError;

    PoolKeeper(PoolSettings settings, DataSourceFactory driver, Publisher publisher) {
        this.settings = settings;
        this.driver = driver;
        this.publisher = publisher;
    }

    /** The database opened: start and publish the pool (once); a failure is logged and kept. */
    synchronized void databaseOpened() {
        if (running != null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, settings.database());
        p.setProperty(DataSourceFactory.JDBC_USER, settings.user());
        p.setProperty("isolation", settings.isolation());
        p.setProperty("readOnly", Boolean.toString(settings.readOnly()));
        HikariConnectionPool pool;
        try {
            DataSource cairn = driver.createDataSource(p);
            pool = new HikariConnectionPool(settings, cairn);
        } catch (SQLException | RuntimeException e) {
            lastError = e.getMessage();
            LOG.error("Cairn connection pool '{}' cannot start on database '{}': {}", settings.name(),
                    settings.database(), e.getMessage());
            return;
        }
        try {
            published = publisher.publish(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        running = pool;
        lastError = null;
        LOG.info("Cairn connection pool '{}' started on database '{}' (max {}, min idle {})", settings.name(),
                settings.database(), settings.maximumPoolSize(), settings.minimumIdle());
    }

    /** The database is closing (or the pool is removed): withdraw the pool, then close its connections. */
    synchronized void databaseClosing() {
        if (running == null) {
            return;
        }
        try {
            published.close();
        } catch (Exception e) {
            LOG.warn("Cairn connection pool '{}': withdrawing its services failed: {}", settings.name(), e.toString());
        }
        running.close();
        running = null;
        published = null;
        LOG.info("Cairn connection pool '{}' closed", settings.name());
    }

    /** The running pool, or null. */
    synchronized HikariConnectionPool running() {
        return running;
    }

    synchronized String lastError() {
        return lastError;
    }
}
