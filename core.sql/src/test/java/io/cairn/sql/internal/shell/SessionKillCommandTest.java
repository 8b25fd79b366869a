package io.cairn.sql.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.Session;
import io.cairn.txn.SessionRegistry;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/** cairn:session-kill against a real engine: messages, a long scan stopped from another thread, --close. */
class SessionKillCommandTest {

    @TempDir
    Path dir;
    private TransactionManager manager;
    private SqlEngine engine;
    private SessionRegistry registry;
    private Session victim;

    @BeforeEach
    void open() throws Exception {
        manager = TransactionManager.open(dir, StorageOptions.defaults().withBufferPoolBytes(8L << 20),
                TransactionOptions.defaults());
        engine = new SqlEngine(manager);
        registry = manager.sessionRegistry();
        victim = engine.openSession("app", "test");
        engine.execute(victim, "CREATE TABLE big (id INT PRIMARY KEY, g INT)");
        engine.execute(victim, "INSERT INTO big VALUES (1, 1)");
        for (int i = 0; i < 9; i++) {
            engine.execute(victim, "INSERT INTO big SELECT id + (SELECT max(id) FROM big), id % 7 FROM big");
        }
    }

    @AfterEach
    void close() {
        engine.forget(victim);
        victim.close();
        manager.close();
    }

    private String kill(long sid, boolean close) {
        return SessionKillCommand.kill("default", engine, registry, sid, close, "cairn:session-kill");
    }

    @Test
    void unknownAndInternalSessionsAreClearErrors() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> kill(424242, false));
        assertEquals("no session 424242 in database 'default' (cairn:sessions lists them)", unknown.getMessage());
        try (Session internal = manager.openSession("sys", "internal")) {
            IllegalArgumentException notSql = assertThrows(IllegalArgumentException.class, () -> kill(internal.id(), true));
            assertTrue(notSql.getMessage().contains("is not a SQL session"), notSql.getMessage());
        }
        assertEquals("session " + victim.id() + " is not running a statement; nothing cancelled (use --close to close it)",
                kill(victim.id(), false));
    }

    @Test
    void aLongScanIsStoppedFromAnotherThread() throws Exception {
        CompletableFuture<SqlException> scan = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(victim, "SELECT count(*) FROM big a, big b, big c WHERE a.g + b.g = c.g + 100")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            SessionSnapshot s = registry.session(victim.id());
            if (s.statementText() != null && s.statementText().contains("big a")) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the scan did not start");
            Thread.sleep(5);
        }
        assertEquals("cancelled the running statement of session " + victim.id(), kill(victim.id(), false));
        SqlException e = scan.get(10, TimeUnit.SECONDS);
        assertEquals("57014", e.getSQLState());
        assertEquals("canceling statement due to cairn:session-kill", e.getMessage());
        assertEquals(512L, ((Number) engine.execute(victim, "SELECT count(*) FROM big").rows().get(0)[0]).longValue());
    }

    @Test
    void closeRollsBackTheOpenTransaction() throws Exception {
        engine.execute(victim, "BEGIN");
        engine.execute(victim, "DELETE FROM big");
        assertEquals("closed session " + victim.id() + "; its open transaction is rolled back", kill(victim.id(), true));
        assertNull(registry.session(victim.id()));
        assertEquals("57P01", assertThrows(SqlException.class, () -> engine.execute(victim, "SELECT 1")).getSQLState());
        Session other = engine.openSession("dba", "test");
        try {
            assertEquals(512L, ((Number) engine.execute(other, "SELECT count(*) FROM big").rows().get(0)[0]).longValue());
        } finally {
            engine.forget(other);
            other.close();
        }
    }
}
