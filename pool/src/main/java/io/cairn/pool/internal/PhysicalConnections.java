package io.cairn.pool.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The data source the pool opens its physical connections from: the Cairn data source, counting
 * the connections it opened and those the pool closed. HikariCP's metrics SPI has no "closed"
 * callback, and its "created" callback also fires for failed attempts, so both are counted here.
 */
final class PhysicalConnections implements DataSource {

    private final DataSource cairn;
    final LongAdder created = new LongAdder();
    final LongAdder destroyed = new LongAdder();

    PhysicalConnections(DataSource cairn) {
        this.cairn = cairn;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(cairn.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(cairn.getConnection(username, password));
    }

    private Connection counted(Connection c) {
        created.increment();
        AtomicBoolean closed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(PhysicalConnections.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (method.getParameterCount() == 0 && closed.compareAndSet(false, true)) {
                                destroyed.increment();
                            }
                        }
                        case "equals" -> { // the proxy is its own identity, as the pool expects
                            return method.getParameterCount() == 1 && proxy == args[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        default -> {
                        }
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return cairn.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        cairn.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        cairn.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return cairn.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return cairn.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : cairn.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || cairn.isWrapperFor(iface);
    }
}
