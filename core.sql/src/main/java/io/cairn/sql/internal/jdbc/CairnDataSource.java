package io.cairn.sql.internal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A {@link DataSource} over the embedded driver, for pools and frameworks that want one: set the
 * URL, or the name of a database the container opened ({@code databaseName}, the same as the URL
 * {@code jdbc:cairn:db:<name>}), and optionally user, isolation, read-only; then call
 * {@link #getConnection()}. Each call opens a new connection; pooling is the pool's business.
 */
public final class CairnDataSource implements DataSource {

    private final CairnDriver driver = new CairnDriver();
    private volatile String url;
    private volatile String databaseName;
    private volatile String description;
    private volatile String user;
    private volatile String isolation;
    private volatile boolean readOnly;
    private volatile int loginTimeout;
    private volatile PrintWriter logWriter;

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /** A database the container opened, by name; exclusive with {@link #setUrl}. */
    public void setDatabaseName(String databaseName) {
        this.databaseName = databaseName;
    }

    public String getDatabaseName() {
        return databaseName;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getDescription() {
        return description;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getUser() {
        return user;
    }

    /** READ_COMMITTED, SNAPSHOT or REPEATABLE_READ; null for the default (READ_COMMITTED). */
    public void setIsolation(String isolation) {
        this.isolation = isolation;
    }

    public String getIsolation() {
        return isolation;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, null);
    }

    /** The password is accepted and ignored, as by the driver. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        String u = url;
        String name = databaseName;
        if (u != null && name != null) {
            throw new SQLException("the data source has both a URL (" + u + ") and a databaseName (" + name
                    + "); set one of them", "08001");
        }
        if (name != null) {
            if (name.isEmpty() || name.contains(";")) {
                throw new SQLException("bad databaseName '" + name + "'", "08001");
            }
            u = CairnDriver.PREFIX + "db:" + name;
        }
        if (u == null || !driver.acceptsURL(u)) {
            throw new SQLException("the data source needs a jdbc:cairn: URL or a databaseName, not " + u, "08001");
        }
        Properties p = new Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (isolation != null) {
            p.setProperty("isolation", isolation);
        }
        p.setProperty("readOnly", Boolean.toString(readOnly));
        return driver.connect(u, p);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out; // kept for the contract; the driver writes nothing to it
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds; // opening is local: there is nothing to time out
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the Cairn driver does not log through java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
