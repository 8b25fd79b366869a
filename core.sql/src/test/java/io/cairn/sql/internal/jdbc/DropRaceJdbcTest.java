package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * Through the driver: connections running index scans, index-only scans and joins (autocommit,
 * READ COMMITTED and REPEATABLE READ transactions) while another connection creates and drops
 * indexes and a table never fail with 42P01/XX000 for an object their snapshot has, and get
 * the right answers (the tree reclamation itself is checked in DropRaceTest).
 */
class DropRaceJdbcTest {

    private static final String[][] CHECKS = {
        {"SELECT count(*) FROM t WHERE k = 3", "20"},
        {"SELECT count(k) FROM t WHERE k < 2", "40"},
        {"SELECT count(*) FROM t JOIN u ON t.k = u.id WHERE u.name = 'four'", "20"},
    };

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void readersKeepWorkingWhileIndexesAndATableAreCreatedAndDropped() throws Exception {
        String url = "jdbc:cairn:mem:drop-race";
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicBoolean stop = new AtomicBoolean();
        try (Connection admin = DriverManager.getConnection(url); Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, k INT, v INT)");
            s.executeUpdate("CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(20))");
            for (int i = 1; i <= 200; i++) {
                s.executeUpdate("INSERT INTO t VALUES (" + i + ", " + (i % 10) + ", " + i + ")");
            }
            s.executeUpdate("INSERT INTO u VALUES (3, 'three'), (4, 'four')");
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int kind = r;
                readers.add(pool.submit(() -> {
                    int rounds = 0;
                    try (Connection c = DriverManager.getConnection(url); Statement q = c.createStatement()) {
                        if (kind > 0) {
                            c.setTransactionIsolation(kind == 1 ? Connection.TRANSACTION_REPEATABLE_READ
                                    : Connection.TRANSACTION_READ_COMMITTED);
                            c.setAutoCommit(false);
                        }
                        while (!stop.get()) {
                            for (int n = 0; n < (kind > 0 ? 5 : 1); n++) {
                                for (String[] check : CHECKS) {
                                    assertEquals(check[1], one(q, check[0]), check[0]);
                                }
                            }
                            if (kind > 0) {
                                c.commit();
                            }
                            rounds++;
                        }
                    }
                    return rounds;
                }));
            }
            try {
                for (int i = 0; i < 30; i++) {
                    s.executeUpdate("CREATE INDEX t_k ON t (k)");
                    s.executeUpdate("CREATE INDEX t_kv ON t (k, v)");
                    s.executeUpdate("CREATE TABLE x (a INT PRIMARY KEY, b INT)");
                    s.executeUpdate("CREATE INDEX x_b ON x (b)");
                    s.executeUpdate("DROP INDEX t_k");
                    s.executeUpdate("DROP TABLE x");
                    s.executeUpdate("DROP INDEX t_kv");
                }
            } finally {
                stop.set(true);
            }
            for (Future<Integer> f : readers) {
                assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
