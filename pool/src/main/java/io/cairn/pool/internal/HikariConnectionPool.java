package io.cairn.pool.internal;

import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;

import io.cairn.pool.ConnectionPool;
import io.cairn.pool.PoolStats;

/**
 * One running pool: HikariCP over a Cairn data source. Usable without OSGi; the
 * {@link ConnectionPoolComponent} starts one when its database opens and closes it when it goes.
 */
final class HikariConnectionPool implements ConnectionPool, AutoCloseable {

    private final PoolSettings settings;
    private final PhysicalConnections physical;
    private final LongAdder acquired = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final HikariDataSource hikari;

    /** Starts the pool and opens its first connection; fails (SQLException) if that is impossible. */
    HikariConnectionPool(PoolSettings settings, DataSource cairn) throws SQLException {
        this.settings = settings;
        this.physical = new PhysicalConnections(cairn);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("cairn-pool-" + settings.name());
        hc.setDataSource(physical);
        hc.setMaximumPoolSize(settings.maximumPoolSize());
        hc.setMinimumIdle(settings.minimumIdle());
        hc.setConnectionTimeout(settings.connectionTimeoutMs());
        hc.setIdleTimeout(settings.idleTimeoutMs());
        hc.setMaxLifetime(settings.maxLifetimeMs());
        hc.setAutoCommit(settings.autoCommit());
        hc.setReadOnly(settings.readOnly());
        hc.setTransactionIsolation(settings.isolation().equals("READ_COMMITTED")
                ? "TRANSACTION_READ_COMMITTED" : "TRANSACTION_REPEATABLE_READ");
        hc.setRegisterMbeans(false); // figures go through ConnectionPool.stats(), not JMX
        hc.setMetricsTrackerFactory(new Tracker());
        try {
            this.hikari = new HikariDataSource(hc);
        } catch (RuntimeException e) { // HikariCP wraps the driver's failure in PoolInitializationException
            Throwable cause = e.getCause() instanceof SQLException ? e.getCause() : e;
            throw new SQLException("pool '" + settings.name() + "' cannot open a connection to database '"
                    + settings.database() + "': " + cause.getMessage(), "08001", cause);
        }
    }

    /** The pooled data source applications use. */
    DataSource dataSource() {
        return hikari;
    }

    PoolSettings settings() {
        return settings;
    }

    /** getConnection() calls that gave up after connectionTimeout. */
    long timeouts() {
        return timeouts.sum();
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String database() {
        return settings.database();
    }

    @Override
    public PoolStats stats() {
        HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
        int active = mx == null ? 0 : mx.getActiveConnections();
        int idle = mx == null ? 0 : mx.getIdleConnections();
        int total = mx == null ? 0 : mx.getTotalConnections();
        int waiting = mx == null ? 0 : mx.getThreadsAwaitingConnection();
        return new PoolStats(active, idle, total, waiting, acquired.sum(), physical.created.sum(),
                physical.destroyed.sum(), settings.maximumPoolSize(), settings.minimumIdle());
    }

    /** Closes every connection (waiting briefly for lent ones, then aborting them). */
    @Override
    public void close() {
        hikari.close();
    }

    boolean isClosed() {
        return hikari.isClosed();
    }

    /** HikariCP's metrics SPI: counts connections lent and getConnection() timeouts. */
    private final class Tracker implements MetricsTrackerFactory, IMetricsTracker {
        @Override
        public IMetricsTracker create(String poolName, com.zaxxer.hikari.metrics.PoolStats poolStats) {
            return this;
        }

        @Override
        public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
            acquired.increment();
        }

        @Override
        public void recordConnectionTimeout() {
            timeouts.increment();
        }
    }
}
