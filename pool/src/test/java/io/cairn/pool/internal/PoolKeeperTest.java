package io.cairn.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.CairnDataSourceFactory;
import io.cairn.sql.internal.jdbc.ContainerDatabases;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * The pool component's lifecycle outside OSGi: the pool runs and is published exactly while its
 * database is open, through close and reopen, and a database that is not there yields no pool.
 */
class PoolKeeperTest {

    @TempDir
    Path dir;

    /** What the component would register: the pools published now, and everything that happened. */
    private final List<HikariConnectionPool> published = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private PoolKeeper keeper(String... kv) {
        return new PoolKeeper(PoolSettings.from(Configs.pool(kv)), new CairnDataSourceFactory(), pool -> {
            published.add(pool);
            events.add("publish " + pool.name());
            return () -> {
                assertTrue(!pool.isClosed(), "services are withdrawn before the pool closes");
                published.remove(pool);
                events.add("withdraw " + pool.name());
            };
        });
    }

    private static int count(HikariConnectionPool pool) throws Exception {
        try (Connection c = pool.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void thePoolRunsWhileItsDatabaseIsOpenAndFollowsItThroughAReopen() throws Exception {
        PoolKeeper keeper = keeper("name", "app", "database", "shop", "maximumPoolSize", "2", "minimumIdle", "1");
        Path data = dir.resolve("shop");
        for (int round = 1; round <= 2; round++) {
            TransactionManager tm = TransactionManager.open(data, StorageOptions.defaults(), TransactionOptions.defaults());
            ContainerDatabases.Lease lease = ContainerDatabases.lend("shop", data, tm, new SqlEngine(tm));
            try {
                keeper.databaseOpened();
                keeper.databaseOpened(); // a second event for the same database changes nothing
                assertEquals(1, published.size());
                HikariConnectionPool pool = keeper.running();
                assertNotNull(pool);
                try (Connection c = pool.dataSource().getConnection()) {
                    if (round == 1) {
                        c.createStatement().executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
                    }
                    c.createStatement().executeUpdate("INSERT INTO t VALUES (" + round + ")");
                }
                assertEquals(round, count(pool));
                keeper.databaseClosing(); // the Database service goes: the pool first, then the database
                assertTrue(pool.isClosed());
                assertEquals(pool.stats().created(), pool.stats().destroyed());
                assertEquals(0, tm.sessionRegistry().sessions().size(), "the pool left no session behind");
            } finally {
                lease.close();
                tm.close();
            }
            assertNull(keeper.running());
            assertEquals(List.of(), published);
        }
        assertEquals(List.of("publish app", "withdraw app", "publish app", "withdraw app"), events);
        keeper.databaseClosing(); // closing twice is harmless
    }

    @Test
    void whenTheDatabaseCannotBeReachedNothingIsPublishedAndTheErrorIsKept() {
        PoolKeeper keeper = keeper("name", "orphan", "database", "gone", "connectionTimeout", "250ms");
        keeper.databaseOpened(); // e.g. the service was seen but the database closed meanwhile
        assertNull(keeper.running());
        assertEquals(List.of(), events);
        assertTrue(keeper.lastError().contains("gone"), keeper.lastError());
    }
}
