package io.cairn.sql.internal.jdbc;

import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Properties;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.XADataSource;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The driver as an OSGi {@link DataSourceFactory} (the Pax JDBC convention: find it by
 * {@code osgi.jdbc.driver.name=cairn} or {@code osgi.jdbc.driver.class}). Data sources reach the
 * container's databases by {@code databaseName} or by URL; see core.sql/JDBC.md. Only plain
 * data sources and drivers: Cairn has no pooled-connection or XA implementation.
 */
@Component(service = DataSourceFactory.class, property = {
    DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=io.cairn.sql.internal.jdbc.CairnDriver",
    DataSourceFactory.OSGI_JDBC_DRIVER_NAME + "=" + CairnDataSourceFactory.DRIVER_NAME,
    DataSourceFactory.OSGI_JDBC_DRIVER_VERSION + "=" + CairnDriver.MAJOR + "." + CairnDriver.MINOR,
    DataSourceFactory.OSGI_JDBC_CAPABILITY + "=" + DataSourceFactory.OSGI_JDBC_CAPABILITY_DRIVER,
    DataSourceFactory.OSGI_JDBC_CAPABILITY + "=" + DataSourceFactory.OSGI_JDBC_CAPABILITY_DATASOURCE
})
public final class CairnDataSourceFactory implements DataSourceFactory {

    /** The value of {@code osgi.jdbc.driver.name}. */
    public static final String DRIVER_NAME = "cairn";

    /**
     * A data source configured from the standard properties {@code url} or {@code databaseName},
     * {@code user}, {@code password} (ignored), {@code description}, {@code dataSourceName}, and
     * Cairn's {@code isolation} and {@code readOnly}. Network and pool properties do not apply to an
     * embedded database and, like unknown names, fail with SQLSTATE 08001 (the spec asks for an
     * SQLException when a property cannot be set).
     */
    @Override
    public DataSource createDataSource(Properties props) throws SQLException {
        CairnDataSource ds = new CairnDataSource();
        if (props != null) {
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key);
                switch (key) {
                    case JDBC_URL -> ds.setUrl(value);
                    case JDBC_DATABASE_NAME -> ds.setDatabaseName(value);
                    case JDBC_USER -> ds.setUser(value);
                    case JDBC_PASSWORD, JDBC_DATASOURCE_NAME -> {
                        // the password is not checked (see JDBC.md); the name only labels the source
                    }
                    case JDBC_DESCRIPTION -> ds.setDescription(value);
                    case "isolation" -> ds.setIsolation(isolation(value));
                    case "readOnly" -> ds.setReadOnly(bool(key, value));
                    case JDBC_SERVER_NAME, JDBC_PORT_NUMBER, JDBC_NETWORK_PROTOCOL, JDBC_ROLE_NAME ->
                        throw new SQLException("property " + key + " does not apply: Cairn's driver is embedded, "
                                + "there is no server to reach", "08001");
                    case JDBC_INITIAL_POOL_SIZE, JDBC_MAX_IDLE_TIME, JDBC_MAX_POOL_SIZE, JDBC_MAX_STATEMENTS,
                            JDBC_MIN_POOL_SIZE, JDBC_PROPERTY_CYCLE ->
                        throw new SQLException("property " + key + " is a pool setting: a plain DataSource does not "
                                + "pool (use a named pool, io.cairn.pool)", "08001");
                    default -> throw new SQLException("unknown property " + key + " for a Cairn DataSource "
                            + "(url, databaseName, user, password, description, dataSourceName, isolation, readOnly)",
                            "08001");
                }
            }
            for (Object key : props.keySet()) {
                if (!(key instanceof String) || !(props.get(key) instanceof String)) {
                    throw new SQLException("property " + key + " must be a string", "08001");
                }
            }
        }
        if (ds.getUrl() == null && ds.getDatabaseName() == null) {
            throw new SQLException("a Cairn DataSource needs a url (jdbc:cairn:...) or a databaseName", "08001");
        }
        if (ds.getUrl() != null && ds.getDatabaseName() != null) {
            throw new SQLException("give url or databaseName, not both", "08001");
        }
        if (ds.getUrl() != null && !ds.getUrl().startsWith(CairnDriver.PREFIX)) {
            throw new SQLException("not a Cairn URL: " + ds.getUrl(), "08001");
        }
        return ds;
    }

    private static String isolation(String value) throws SQLException {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!v.equals("READ_COMMITTED") && !v.equals("SNAPSHOT") && !v.equals("REPEATABLE_READ")) {
            throw new SQLException("bad isolation '" + value + "': expected READ_COMMITTED, SNAPSHOT or REPEATABLE_READ",
                    "08001");
        }
        return v;
    }

    private static boolean bool(String key, String value) throws SQLException {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new SQLException("bad " + key + " '" + value + "': expected true or false", "08001");
        }
        return Boolean.parseBoolean(value);
    }

    @Override
    public ConnectionPoolDataSource createConnectionPoolDataSource(Properties props) throws SQLException {
        throw new SQLFeatureNotSupportedException("Cairn has no ConnectionPoolDataSource: pool a plain DataSource "
                + "(createDataSource) or configure a named pool (io.cairn.pool)");
    }

    @Override
    public XADataSource createXADataSource(Properties props) throws SQLException {
        throw new SQLFeatureNotSupportedException("Cairn does not support XA (two-phase commit) transactions");
    }

    /** The driver; it takes its settings from each URL, so any property here fails with 08001. */
    @Override
    public Driver createDriver(Properties props) throws SQLException {
        if (props != null && !props.isEmpty()) {
            throw new SQLException("the Cairn driver takes no properties here (give them per connection): "
                    + props.keySet(), "08001");
        }
        return new CairnDriver();
    }
}
