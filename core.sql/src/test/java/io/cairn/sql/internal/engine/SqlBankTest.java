package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;

/**
 * Concurrent transfers through SQL in SNAPSHOT transactions keep the total balance, with conflicts
 * (40001, 40P01, 55P03) retried; a concurrent reader always sees a consistent total.
 * Fixed seeds; -Dcairn.test.long=true runs longer.
 */
class SqlBankTest {

    private static final Set<String> RETRY = Set.of("40001", "40P01", "55P03");

    @Test
    void transfersKeepTheTotal() throws Exception {
        int accounts = 10;
        int transfers = Boolean.getBoolean("cairn.test.long") ? 2000 : 150;
        try (DatabaseEngine db = new DatabaseEngine()) {
            SqlEngine engine = db.engine;
            db.execute("CREATE TABLE acct (id INT PRIMARY KEY, balance BIGINT NOT NULL CHECK (balance >= 0))");
            db.execute("CREATE TABLE log (amount INT)");
            for (int i = 0; i < accounts; i++) {
                db.execute("INSERT INTO acct VALUES (" + i + ", 1000)");
            }
            ExecutorService pool = Executors.newFixedThreadPool(5);
            AtomicLong committed = new AtomicLong();
            AtomicLong badTotals = new AtomicLong();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int seed = w;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    try (Session s = db.manager.openSession("w" + seed, "bank")) {
                        engine.execute(s, "SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
                        for (int i = 0; i < transfers; i++) {
                            int from = random.nextInt(accounts);
                            int to = random.nextInt(accounts);
                            int amount = 1 + random.nextInt(50);
                            while (true) {
                                try {
                                    engine.execute(s, "BEGIN");
                                    engine.execute(s, "UPDATE acct SET balance = balance - ? WHERE id = ?", amount, from);
                                    engine.execute(s, "UPDATE acct SET balance = balance + ? WHERE id = ?", amount, to);
                                    engine.execute(s, "INSERT INTO log VALUES (?)", amount);
                                    engine.execute(s, "COMMIT");
                                    committed.incrementAndGet();
                                    break;
                                } catch (SqlException e) {
                                    engine.execute(s, "ROLLBACK");
                                    if (e.getSQLState().equals("23514")) {
                                        break; // not enough money
                                    }
                                    if (!RETRY.contains(e.getSQLState())) {
                                        throw e;
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                try (Session s = db.manager.openSession("reader", "bank")) {
                    for (int i = 0; i < transfers / 5; i++) {
                        long total = ((Number) engine.execute(s, "SELECT sum(balance) FROM acct").rows().get(0)[0]).longValue();
                        if (total != 1000L * accounts) {
                            badTotals.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(0, badTotals.get());
            assertEquals(1000L * accounts, ((Number) db.query("SELECT sum(balance) FROM acct").get(0)[0]).longValue());
            assertEquals(committed.get(), ((Number) db.query("SELECT count(*) FROM log").get(0)[0]).longValue());
            assertTrue(committed.get() > 0);
        }
    }
}
