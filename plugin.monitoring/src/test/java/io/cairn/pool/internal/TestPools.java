package io.cairn.pool.internal;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.osgi.service.jdbc.DataSourceFactory;

import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;

/**
 * A real HikariCP-backed {@code ConnectionPool} as the pool bundle builds it (same settings,
 * same DataSourceFactory wiring), for tests of bundles that read the io.cairn.pool API.
 */
public final class TestPools {

    private TestPools() {
    }

    /** A pool over the container database {@code database} (lent with ContainerDatabases), e.g. "name", "orders". */
    public static Opened open(String... kv) throws SQLException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            values.put(kv[i], kv[i + 1]);
        }
        PoolConfig config = (PoolConfig) Proxy.newProxyInstance(PoolConfig.class.getClassLoader(),
                new Class<?>[] {PoolConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
        PoolSettings s = PoolSettings.from(config);
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_DATABASE_NAME, s.database());
        p.setProperty(DataSourceFactory.JDBC_USER, s.user());
        p.setProperty("isolation", s.isolation());
        p.setProperty("readOnly", Boolean.toString(s.readOnly()));
        HikariConnectionPool pool = new HikariConnectionPool(s, new CairnDataSourceFactory().createDataSource(p));
        return new Opened(pool, pool.dataSource(), pool);
    }

    /** The pool (the service the pool bundle registers), its DataSource, and how to close it. */
    public record Opened(io.cairn.pool.ConnectionPool pool, javax.sql.DataSource dataSource, AutoCloseable closer)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }
}
