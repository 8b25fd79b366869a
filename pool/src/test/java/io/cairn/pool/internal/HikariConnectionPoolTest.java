package io.cairn.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.pool.PoolStats;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.sql.internal.jdbc.ContainerDatabases;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * A pool over a real database lent by the "container" (as DatabaseComponent does in Karaf) and
 * reached through the driver's DataSourceFactory, exactly as the pool component wires it.
 */
class HikariConnectionPoolTest {

    @TempDir
    Path dir;

    private TransactionManager manager;
    private ContainerDatabases.Lease lease;

    @BeforeEach
    void openDatabase() {
        manager = TransactionManager.open(dir.resolve("sales"), StorageOptions.defaults(), TransactionOptions.defaults());
        lease = ContainerDatabases.lend("sales", dir.resolve("sales"), manager, new SqlEngine(manager));
    }

    @AfterEach
    void closeDatabase() {
        lease.close();
        manager.close();
    }

    private HikariConnectionPool pool(String... kv) throws SQLException {
        PoolSettings s = PoolSettings.from(Configs.pool(kv));
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, s.database());
        p.setProperty(DataSourceFactory.JDBC_USER, s.user());
        p.setProperty("isolation", s.isolation());
        p.setProperty("readOnly", Boolean.toString(s.readOnly()));
        return new HikariConnectionPool(s, new CairnDataSourceFactory().createDataSource(p));
    }

    @Test
    void statsFollowConnectionsLentReturnedCreatedAndDestroyed() throws Exception {
        HikariConnectionPool pool = pool("name", "orders", "database", "sales", "maximumPoolSize", "3",
                "minimumIdle", "1");
        try {
            assertEquals("orders", pool.name());
            assertEquals("sales", pool.database());
            DataSource ds = pool.dataSource();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE orders (id INT PRIMARY KEY)");
                s.executeUpdate("INSERT INTO orders VALUES (1), (2)");
                PoolStats during = pool.stats();
                assertEquals(1, during.active());
                assertEquals(1, during.acquired());
                assertEquals(3, during.maxSize());
                assertEquals(1, during.minIdle());
            }
            Connection a = ds.getConnection();
            Connection b = ds.getConnection();
            Connection c = ds.getConnection();
            PoolStats full = pool.stats();
            assertEquals(3, full.active());
            assertEquals(0, full.idle());
            assertEquals(3, full.total());
            assertEquals(4, full.acquired());
            assertEquals(3, full.created(), "three physical connections: one per concurrent borrower");
            assertEquals(3, manager.sessionRegistry().sessions().size(), "one kernel session per physical connection");

            // a fourth borrower waits, and is counted while it waits
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicReference<Connection> fourth = new AtomicReference<>();
            Thread t = new Thread(() -> {
                waiting.countDown();
                try {
                    fourth.set(ds.getConnection());
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            waiting.await();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (pool.stats().waiting() == 0) {
                assertTrue(System.nanoTime() < deadline, "the waiting thread shows in stats");
                Thread.sleep(10);
            }
            a.close();
            t.join(10_000);
            assertFalse(t.isAlive());
            assertEquals(0, pool.stats().waiting());
            try (ResultSet rs = fourth.get().createStatement().executeQuery("SELECT COUNT(*) FROM orders")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1), "the pooled connection sees committed rows");
            }
            fourth.get().close();
            b.close();
            c.close();
            PoolStats returned = pool.stats();
            assertEquals(0, returned.active());
            assertEquals(3, returned.idle());
            assertEquals(5, returned.acquired());
            assertEquals(0, returned.destroyed());
        } finally {
            pool.close();
        }
        PoolStats closed = pool.stats();
        assertEquals(closed.created(), closed.destroyed(), "closing the pool closed every physical connection");
        assertEquals(0, manager.sessionRegistry().sessions().size(), "and every kernel session");
    }

    @Test
    void anExhaustedPoolTimesOutWithASqlException() throws Exception {
        try (HikariConnectionPool pool = pool("name", "tiny", "database", "sales", "maximumPoolSize", "1",
                "minimumIdle", "1", "connectionTimeout", "300ms");
                Connection held = pool.dataSource().getConnection()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(java.sql.SQLTransientConnectionException.class,
                    () -> pool.dataSource().getConnection());
            assertTrue(System.nanoTime() - start >= 250_000_000L, "it waited for the connection timeout");
            assertTrue(e.getMessage().contains("cairn-pool-tiny"), e.getMessage());
            assertEquals(1, pool.timeouts());
            assertTrue(held.isValid(1));
        }
    }

    @Test
    void thePoolsSettingsReachItsConnections() throws Exception {
        try (HikariConnectionPool pool = pool("name", "ro", "database", "sales", "readOnly", "true",
                "isolation", "SNAPSHOT", "autoCommit", "false", "user", "reporter");
                Connection c = pool.dataSource().getConnection()) {
            assertTrue(c.isReadOnly());
            assertFalse(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
            assertEquals("reporter", c.getMetaData().getUserName());
            assertEquals("25006", assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)")).getSQLState());
        }
    }

    @Test
    void aPoolOnADatabaseThatIsNotOpenFailsToStartWithAClearError() {
        SQLException e = assertThrows(SQLException.class, () -> pool("name", "lost", "database", "nowhere",
                "connectionTimeout", "250ms"));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("pool 'lost'") && e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void whenTheDatabaseClosesThePoolDropsItsDeadConnections() throws Exception {
        try (HikariConnectionPool pool = pool("name", "survivor", "database", "sales", "maximumPoolSize", "2",
                "minimumIdle", "0", "connectionTimeout", "500ms")) {
            try (Connection c = pool.dataSource().getConnection()) {
                assertTrue(c.isValid(1));
            }
            lease.close(); // the container closes the database under the pool
            // HikariCP validates an idle connection before lending it (after 500 ms unused): a dead one is
            // replaced, and while the database is gone no replacement can be made
            Thread.sleep(600);
            assertThrows(SQLException.class, () -> pool.dataSource().getConnection());
            assertTrue(pool.stats().destroyed() >= 1, "the dead connection was closed: " + pool.stats());
        }
    }
}
