package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageWaitEvent;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.internal.TransactionManagerImpl;
import io.cairn.txn.internal.WalGate;

/**
 * core.txn publishes a commit and frees its row locks before the commit's fsync (early lock
 * release, core.txn/MVCC.md). Seen from SQL: another writer of the same row goes ahead at once,
 * but an autocommit SELECT answers only once the commit it reads is durable. The log is held
 * back by a {@link WalGate}, so the order is the engine's, not the clock's.
 */
class ReadAfterEarlyLockReleaseTest {

    @TempDir
    Path dir;

    private final WalGate gate = new WalGate();

    /** One thread per call: the common pool may have a single thread on a small machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sql-elr-test");
        t.setDaemon(true);
        return t;
    });

    /** Runs the statements one after another in the session, on another thread; the last one's result. */
    private static CompletableFuture<SqlResult> run(SqlEngine engine, Session s, String... sql) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                SqlResult last = null;
                for (String statement : sql) {
                    last = engine.execute(s, statement);
                }
                return last;
            } catch (SqlException e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
    }

    private static void awaitLogFileSync(TransactionManagerImpl tm, Session s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (;;) {
            for (SessionSnapshot snap : tm.sessionRegistry().sessions()) {
                if (snap.sessionId() == s.id() && StorageWaitEvent.LOG_FILE_SYNC.eventName().equals(snap.waitEvent())) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "session " + s.id() + " never waited for the log");
            Thread.sleep(1);
        }
    }

    @Test
    void anAutocommitSelectOfACommitStillInItsFsyncAnswersOnlyOnceItIsDurable() throws Exception {
        StorageOptions storage = StorageOptions.defaults().withBufferPoolBytes(8L << 20).withWalSegmentBytes(4L << 20)
                .withChannelFactory(gate);
        try (TransactionManagerImpl tm = TransactionManagerImpl.open(dir, storage,
                TransactionOptions.defaults().withLockTimeout(Duration.ofSeconds(10))); gate) {
            SqlEngine engine = new SqlEngine(tm);
            Session first = tm.openSession("first", null);
            Session second = tm.openSession("second", null);
            Session reader = tm.openSession("reader", null);
            engine.execute(first, "CREATE TABLE counter (id INT PRIMARY KEY, n INT)");
            engine.execute(first, "INSERT INTO counter VALUES (1, 0), (2, 0), (3, 0)");
            long scn = tm.currentScn();

            gate.hold();
            CompletableFuture<SqlResult> one = run(engine, first, "UPDATE counter SET n = n + 1 WHERE id = 1");
            gate.awaitHeld(1); // its commit leads a group commit and stalls in the log write
            // the row lock is free although the first commit is not durable: a transaction that
            // has written (W7's order: the hot row after the first write) updates the row, commits
            // and queues for the next fsync, ordered behind the first commit by the log
            CompletableFuture<SqlResult> two = run(engine, second, "BEGIN", "UPDATE counter SET n = n + 1 WHERE id = 3",
                    "UPDATE counter SET n = n + 1 WHERE id = 1", "COMMIT");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (tm.currentScn() < scn + 2) {
                assertTrue(System.nanoTime() < deadline, "the second update never committed");
                Thread.sleep(1);
            }
            assertEquals(0, ((Number) engine.execute(reader, "SELECT n FROM counter WHERE id = 2").rows().get(0)[0])
                    .intValue(), "a row no pending commit touched is read at once");
            CompletableFuture<SqlResult> select = run(engine, reader, "SELECT n FROM counter WHERE id = 1");
            awaitLogFileSync(tm, reader);
            assertFalse(select.isDone() || one.isDone() || two.isDone(),
                    "nothing is acknowledged or shown before the log is durable");

            gate.release();
            assertEquals(1, one.get(20, TimeUnit.SECONDS).updateCount());
            two.get(20, TimeUnit.SECONDS);
            assertEquals(2, ((Number) select.get(20, TimeUnit.SECONDS).rows().get(0)[0]).intValue());
        }
    }
}
