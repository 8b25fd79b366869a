package io.cairn.sql.internal.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The embedded JDBC driver. URLs: {@code jdbc:cairn:file:/absolute/path/db} (a database directory,
 * opened by the first connection and shared by later ones in this JVM) and
 * {@code jdbc:cairn:mem:name} (a database in a private temporary directory, deleted when its last
 * connection closes), and {@code jdbc:cairn:db:name} (a database the OSGi container opened from its
 * {@code io.cairn.database} configuration; a file: URL to its directory reaches the same instance). Properties: {@code user}, {@code password} (accepted, not checked),
 * {@code isolation} (READ_COMMITTED, SNAPSHOT or REPEATABLE_READ) and {@code readOnly}.
 */
public final class CairnDriver implements Driver {

    public static final String PREFIX = "jdbc:cairn:";
    static final int MAJOR = 0;
    static final int MINOR = 1;

    static {
        try {
            DriverManager.registerDriver(new CairnDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // the JDBC contract: another driver's URL
        }
        Properties props = new Properties();
        if (info != null) {
            props.putAll(info);
        }
        String rest = url.substring(PREFIX.length());
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            for (String kv : rest.substring(semi + 1).split(";")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    props.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                } else if (!kv.isBlank()) {
                    throw new SQLException("bad URL property '" + kv + "' in " + url + " (expected name=value)", "08001");
                }
            }
            rest = rest.substring(0, semi);
        }
        String isolation = props.getProperty("isolation");
        int level = Connection.TRANSACTION_READ_COMMITTED;
        if (isolation != null) {
            switch (isolation.trim().toUpperCase(Locale.ROOT)) {
                case "READ_COMMITTED" -> level = Connection.TRANSACTION_READ_COMMITTED;
                case "SNAPSHOT", "REPEATABLE_READ" -> level = Connection.TRANSACTION_REPEATABLE_READ;
                default -> throw new SQLException("bad isolation '" + isolation
                        + "': expected READ_COMMITTED, SNAPSHOT or REPEATABLE_READ", "08001");
            }
        }
        String ro = props.getProperty("readOnly", "false").trim();
        if (!ro.equalsIgnoreCase("true") && !ro.equalsIgnoreCase("false")) {
            throw new SQLException("bad readOnly '" + ro + "': expected true or false", "08001");
        }
        boolean readOnly = Boolean.parseBoolean(ro);
        EmbeddedDatabase db;
        if (rest.startsWith("file:")) {
            String p = rest.substring("file:".length());
            if (p.isEmpty() || !Path.of(p).isAbsolute()) {
                throw new SQLException("bad Cairn URL " + url + ": the file: path must be absolute, as in "
                        + "jdbc:cairn:file:/path/to/db", "08001");
            }
            db = EmbeddedDatabase.acquireFile(Path.of(p));
        } else if (rest.startsWith("mem:")) {
            String name = rest.substring("mem:".length());
            if (name.isEmpty()) {
                throw new SQLException("bad Cairn URL " + url + ": a mem: database needs a name, as in "
                        + "jdbc:cairn:mem:test", "08001");
            }
            db = EmbeddedDatabase.acquireMem(name);
        } else if (rest.startsWith("db:")) {
            db = EmbeddedDatabase.acquireNamed(rest.substring("db:".length()));
        } else {
            throw new SQLException("bad Cairn URL " + url + ": expected jdbc:cairn:file:/absolute/path, "
                    + "jdbc:cairn:mem:name or jdbc:cairn:db:name", "08001");
        }
        try {
            String user = props.getProperty("user", "cairn");
            return new CairnConnection(this, db, url, user, level, readOnly);
        } catch (SQLException | RuntimeException e) {
            db.release();
            throw e;
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
        user.description = "the session's user name (not authenticated)";
        DriverPropertyInfo password = new DriverPropertyInfo("password", null);
        password.description = "accepted and ignored: the embedded database does not check passwords";
        DriverPropertyInfo isolation = new DriverPropertyInfo("isolation",
                info == null ? null : info.getProperty("isolation"));
        isolation.choices = new String[] {"READ_COMMITTED", "SNAPSHOT", "REPEATABLE_READ"};
        isolation.description = "the default transaction isolation (READ_COMMITTED if absent)";
        DriverPropertyInfo readOnly = new DriverPropertyInfo("readOnly",
                info == null ? null : info.getProperty("readOnly"));
        readOnly.choices = new String[] {"true", "false"};
        readOnly.description = "reject statements that change data or schema";
        return new DriverPropertyInfo[] {user, password, isolation, readOnly};
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the Cairn driver does not log through java.util.logging");
    }
}
