package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The bench's TPC-B shape through the driver at its default isolation (READ COMMITTED): four
 * connections incrementing one row keep every increment, in autocommit and in explicit
 * transactions of several updates.
 */
class ReadCommittedJdbcTest {

    private static final int CONNECTIONS = 4;
    private static final int INCREMENTS = 100;

    @Test
    void concurrentIncrementsOfOneRowAreAllKept() throws Exception {
        String url = "jdbc:cairn:mem:rc-increments";
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement()) {
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, admin.getTransactionIsolation());
            s.executeUpdate("CREATE TABLE c (id INT PRIMARY KEY, v BIGINT NOT NULL)");
            s.executeUpdate("INSERT INTO c VALUES (1, 0), (2, 0)");
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < CONNECTIONS; t++) {
                futures.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url);
                            PreparedStatement inc = c.prepareStatement("UPDATE c SET v = v + 1 WHERE id = ?")) {
                        for (int i = 0; i < INCREMENTS; i++) {
                            inc.setInt(1, 1);
                            assertEquals(1, inc.executeUpdate());
                        }
                        c.setAutoCommit(false);
                        for (int i = 0; i < INCREMENTS / 4; i++) {
                            inc.setInt(1, 1);
                            assertEquals(1, inc.executeUpdate());
                            inc.setInt(1, 2);
                            assertEquals(1, inc.executeUpdate());
                            inc.setInt(1, 1);
                            assertEquals(1, inc.executeUpdate());
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            try (ResultSet rs = s.executeQuery("SELECT v FROM c ORDER BY id")) {
                rs.next();
                assertEquals(CONNECTIONS * (INCREMENTS + 2L * (INCREMENTS / 4)), rs.getLong(1));
                rs.next();
                assertEquals(CONNECTIONS * (long) (INCREMENTS / 4), rs.getLong(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
