package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/** The DataSourceFactory contract and how its data sources share a database the container opened. */
class CairnDataSourceFactoryTest {

    @TempDir
    Path dir;

    private final DataSourceFactory factory = new CairnDataSourceFactory();

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void aDataSourceFromAUrlCarriesUserIsolationAndReadOnly() throws Exception {
        DataSource ds = factory.createDataSource(props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:dsf",
                DataSourceFactory.JDBC_USER, "app", DataSourceFactory.JDBC_PASSWORD, "ignored",
                "isolation", "snapshot", "readOnly", "true"));
        try (Connection c = ds.getConnection()) {
            assertEquals("app", c.getMetaData().getUserName());
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
            assertTrue(c.isReadOnly());
            assertEquals("25006", assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)")).getSQLState());
        }
    }

    @Test
    void propertiesThatCannotBeSetFailWith08001() {
        for (Properties bad : new Properties[] {
                props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:x", DataSourceFactory.JDBC_SERVER_NAME, "host"),
                props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:x", DataSourceFactory.JDBC_MAX_POOL_SIZE, "5"),
                props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:x", "colour", "blue"),
                props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:x", "isolation", "serializable"),
                props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:x", "readOnly", "maybe"),
                props(DataSourceFactory.JDBC_URL, "jdbc:h2:mem:x"),
                props(DataSourceFactory.JDBC_URL, "jdbc:cairn:mem:x", DataSourceFactory.JDBC_DATABASE_NAME, "default"),
                props(DataSourceFactory.JDBC_USER, "nobody")}) {
            SQLException e = assertThrows(SQLException.class, () -> factory.createDataSource(bad), bad.toString());
            assertEquals("08001", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void pooledAndXaDataSourcesAreNotSupportedAndTheDriverTakesNoProperties() throws Exception {
        assertThrows(SQLFeatureNotSupportedException.class, () -> factory.createConnectionPoolDataSource(new Properties()));
        assertThrows(SQLFeatureNotSupportedException.class, () -> factory.createXADataSource(new Properties()));
        assertEquals("08001", assertThrows(SQLException.class,
                () -> factory.createDriver(props("user", "x"))).getSQLState());
        try (Connection c = factory.createDriver(null).connect("jdbc:cairn:mem:drv", new Properties())) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void dataSourcesShareTheDatabaseTheContainerOpenedByNameAndByDirectory() throws Exception {
        Path data = dir.resolve("sales");
        TransactionManager tm = TransactionManager.open(data, StorageOptions.defaults(), TransactionOptions.defaults());
        SqlEngine engine = new SqlEngine(tm);
        ContainerDatabases.Lease lease = ContainerDatabases.lend("sales", data, tm, engine);
        try {
            DataSource byName = factory.createDataSource(props(DataSourceFactory.JDBC_DATABASE_NAME, "sales"));
            DataSource byDir = factory.createDataSource(props(DataSourceFactory.JDBC_URL,
                    "jdbc:cairn:file:" + data.toAbsolutePath()));
            try (Connection a = byName.getConnection(); Statement s = a.createStatement()) {
                s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
                s.executeUpdate("INSERT INTO t VALUES (1), (2)");
            }
            // the driver did not open the files again (the store's file lock would refuse), and closing
            // the last connection left the container's database open
            try (Connection b = byDir.getConnection(); Statement s = b.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
            try (io.cairn.txn.Session session = tm.openSession("check", "test")) {
                assertTrue(session.id() > 0, "the container's manager is still open");
            }

            Connection open = byName.getConnection();
            lease.close(); // the container closes the database
            assertFalse(open.isValid(1), "a pool must see the connection is dead");
            assertEquals("08003", assertThrows(SQLException.class,
                    () -> open.createStatement().executeQuery("SELECT 1")).getSQLState());
            open.close();
            assertEquals("08001", assertThrows(SQLException.class, byName::getConnection).getSQLState());
        } finally {
            lease.close();
            tm.close();
        }
        // closed by the container, the directory can be opened by the driver itself again
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + data.toAbsolutePath());
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void theContainerCannotOpenADirectoryTheDriverHoldsOpen() throws Exception {
        Path data = dir.resolve("busy");
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + data.toAbsolutePath())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ContainerDatabases.lend("busy", data, null, null));
            assertTrue(e.getMessage().contains("already open through the JDBC driver"), e.getMessage());
            assertTrue(c.isValid(1));
        }
    }
}
