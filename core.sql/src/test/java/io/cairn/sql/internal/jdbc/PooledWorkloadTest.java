package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * The driver under a real pool (HikariCP): eight threads share four pooled connections to move
 * money between accounts in snapshot-isolated transactions, retrying serialization failures and
 * deadlocks. Afterwards the total is unchanged, no balance is negative, every transfer is in the
 * ledger exactly once, and the pool and the kernel hold no leaked connection or session.
 */
class PooledWorkloadTest {

    private static final int ACCOUNTS = 20;
    private static final long INITIAL = 1_000;
    private static final int THREADS = 8;
    private static final int TRANSFERS_PER_THREAD = Integer.getInteger("cairn.test.transfers", 150);

    @TempDir
    Path dir;

    @Test
    void concurrentTransfersThroughAPoolKeepTheInvariantAndLeakNothing() throws Exception {
        String url = "jdbc:cairn:file:" + dir.resolve("bank").toAbsolutePath();
        CairnDataSource cairn = new CairnDataSource();
        cairn.setUrl(url);
        cairn.setIsolation("SNAPSHOT");
        HikariConfig config = new HikariConfig();
        config.setDataSource(cairn);
        config.setPoolName("bank");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        config.setConnectionTimeout(30_000);
        config.setLeakDetectionThreshold(0);
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
                s.executeUpdate("CREATE TABLE ledger (thread INT, n INT, from_id INT, to_id INT, amount BIGINT, "
                        + "PRIMARY KEY (thread, n))");
                try (PreparedStatement p = c.prepareStatement("INSERT INTO account VALUES (?, ?)")) {
                    for (int i = 0; i < ACCOUNTS; i++) {
                        p.setInt(1, i);
                        p.setLong(2, INITIAL);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                c.commit();
            }

            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    Random random = new Random(42 + thread); // fixed seeds: the same transfers every run
                    try {
                        for (int n = 0; n < TRANSFERS_PER_THREAD; n++) {
                            int from = random.nextInt(ACCOUNTS);
                            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                            long amount = 1 + random.nextInt(300);
                            if (!transfer(pool, thread, n, from, to, amount, retries)) {
                                refused.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "transfer-" + t);
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(120_000);
                assertFalse(th.isAlive(), th.getName() + " finished");
            }
            assertNull(failure.get(), () -> "a transfer failed: " + failure.get());

            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT SUM(balance), MIN(balance), COUNT(*) FROM account")) {
                    assertTrue(rs.next());
                    assertEquals(ACCOUNTS * INITIAL, rs.getLong(1), "money was neither made nor lost");
                    assertTrue(rs.getLong(2) >= 0, "no balance went negative");
                    assertEquals(ACCOUNTS, rs.getInt(3));
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledger")) {
                    assertTrue(rs.next());
                    assertEquals(THREADS * TRANSFERS_PER_THREAD - refused.get(), rs.getInt(1),
                            "each committed transfer is in the ledger once");
                }
                // replaying the ledger from the initial balances gives the balances the table holds
                long[] expected = new long[ACCOUNTS];
                java.util.Arrays.fill(expected, INITIAL);
                try (ResultSet rs = s.executeQuery("SELECT from_id, to_id, amount FROM ledger")) {
                    while (rs.next()) {
                        expected[rs.getInt(1)] -= rs.getLong(3);
                        expected[rs.getInt(2)] += rs.getLong(3);
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT id, balance FROM account ORDER BY id")) {
                    for (int i = 0; i < ACCOUNTS; i++) {
                        assertTrue(rs.next());
                        assertEquals(expected[i], rs.getLong(2), "balance of account " + i);
                    }
                }
                c.commit();
            }

            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            assertEquals(0, mx.getActiveConnections(), "every borrowed connection went back to the pool");
            assertEquals(0, mx.getThreadsAwaitingConnection());
            assertTrue(mx.getTotalConnections() <= 4, "the pool stayed within its maximum");
            // every kernel session belongs to a pooled connection: none was opened and forgotten
            try (Connection c = pool.getConnection()) {
                CairnConnection cairnConnection = c.unwrap(CairnConnection.class);
                int sessions = cairnConnection.db.manager.sessionRegistry().sessions().size();
                assertEquals(mx.getTotalConnections(), sessions, "kernel sessions = pooled connections");
                c.rollback();
            }
            System.out.printf("pooled workload: %d transfers, %d retried, %d refused for lack of funds%n",
                    THREADS * TRANSFERS_PER_THREAD, retries.get(), refused.get());
        }
        // closing the pool closed every physical connection, and the last one closed the database
        assertFalse(EmbeddedDatabase.isOpen("file:" + dir.resolve("bank").toRealPath()));
    }

    /** One transfer in its own transaction, retried on 40001/40P01; false if the payer lacks funds. */
    private static boolean transfer(HikariDataSource pool, int thread, int n, int from, int to, long amount,
            AtomicInteger retries) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    long balance;
                    try (PreparedStatement p = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
                        p.setInt(1, from);
                        try (ResultSet rs = p.executeQuery()) {
                            rs.next();
                            balance = rs.getLong(1);
                        }
                    }
                    if (balance < amount) {
                        c.rollback();
                        return false;
                    }
                    try (PreparedStatement p = c.prepareStatement(
                            "UPDATE account SET balance = balance + ? WHERE id = ?")) {
                        p.setLong(1, -amount);
                        p.setInt(2, from);
                        p.addBatch();
                        p.setLong(1, amount);
                        p.setInt(2, to);
                        p.addBatch();
                        p.executeBatch();
                    }
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger VALUES (?, ?, ?, ?, ?)")) {
                        p.setInt(1, thread);
                        p.setInt(2, n);
                        p.setInt(3, from);
                        p.setInt(4, to);
                        p.setLong(5, amount);
                        p.executeUpdate();
                    }
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    String state = e instanceof java.sql.BatchUpdateException b && b.getCause() instanceof SQLException s
                            ? s.getSQLState() : e.getSQLState();
                    if (!"40001".equals(state) && !"40P01".equals(state) || attempt >= 50) {
                        throw e;
                    }
                    retries.incrementAndGet();
                }
            }
        }
    }
}
