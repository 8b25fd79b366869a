package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/** The engine through its Java entry point: restart, sessions, parameters, cancellation, memory bound. */
class SqlEngineTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Session s2;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-sql-engine");
        start();
    }

    private void start() {
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        s1 = manager.openSession("one", "test");
        s2 = manager.openSession("two", "test");
    }

    private void stop() {
        s1.close();
        s2.close();
        manager.close();
    }

    @AfterEach
    void close() throws Exception {
        stop();
        DatabaseEngine.deleteTree(dir);
    }

    private long count(Session s, String sql) throws SqlException {
        return ((Number) engine.execute(s, sql).rows().get(0)[0]).longValue();
    }

    /** n rows 1..n in table big(id, g) built by doubling. */
    private void bigTable(int doublings) throws SqlException {
        DatabaseEngine.bigTable(engine, s1, doublings);
    }

    @Test
    void catalogAndRowsSurviveARestart() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(5) UNIQUE, n INT)");
        engine.execute(s1, "CREATE INDEX t_n ON t (n) INVISIBLE");
        engine.execute(s1, "INSERT INTO t VALUES (1, 'a', 5), (2, 'b', 6)");
        engine.execute(s1, "CREATE TABLE bag (v INT)");
        engine.execute(s1, "INSERT INTO bag VALUES (1), (2)");
        manager.createTable("sql.t999"); // as if a crash came between a DROP's commit and its clean-up
        stop();
        start();
        assertTrue(!manager.tables().contains("sql.t999"), "orphan tree dropped on open");
        assertEquals(2, count(s1, "SELECT count(*) FROM t WHERE s IN ('a', 'b')"));
        assertThrows(SqlException.class, () -> engine.execute(s1, "INSERT INTO t VALUES (3, 'a', 7)"));
        engine.execute(s1, "INSERT INTO bag VALUES (3)");
        assertEquals(3, count(s1, "SELECT count(DISTINCT v) FROM bag"));
        engine.execute(s1, "ALTER INDEX t_n VISIBLE");
        assertTrue(plan("SELECT id FROM t WHERE n = 6").contains("t_n"));
        assertEquals(2L, ((Number) engine.execute(s1, "SELECT id FROM t WHERE n = 6").rows().get(0)[0]).longValue());
    }

    private String plan(String sql) throws SqlException {
        StringBuilder sb = new StringBuilder();
        for (Object[] r : engine.execute(s1, "EXPLAIN " + sql).rows()) {
            sb.append(r[0]).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aSnapshotTransactionDoesNotSeeLaterCommitsOfAnotherSession() throws Exception {
        engine.execute(s1, "CREATE TABLE acct (id INT PRIMARY KEY, balance INT)");
        engine.execute(s1, "INSERT INTO acct VALUES (1, 100), (2, 100)");
        engine.execute(s1, "SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
        engine.execute(s1, "BEGIN");
        assertEquals(200, count(s1, "SELECT sum(balance) FROM acct"));
        engine.execute(s2, "UPDATE acct SET balance = balance + 50 WHERE id = 2");
        engine.execute(s2, "INSERT INTO acct VALUES (3, 1)");
        assertEquals(200, count(s1, "SELECT sum(balance) FROM acct"));
        assertEquals(251, count(s2, "SELECT sum(balance) FROM acct"));
        // first committer wins: s1 may not overwrite the row s2 changed after s1's snapshot
        SqlException conflict = assertThrows(SqlException.class,
                () -> engine.execute(s1, "UPDATE acct SET balance = 0 WHERE id = 2"));
        assertEquals("40001", conflict.getSQLState());
        SqlException aborted = assertThrows(SqlException.class, () -> engine.execute(s1, "SELECT 1"));
        assertEquals("25P02", aborted.getSQLState());
        engine.execute(s1, "ROLLBACK");
        assertEquals(251, count(s1, "SELECT sum(balance) FROM acct"));
    }

    @Test
    void readCommittedSeesEachStatementsLatestCommits() throws Exception {
        engine.execute(s1, "CREATE TABLE c (id INT PRIMARY KEY)");
        engine.execute(s1, "BEGIN");
        assertEquals(0, count(s1, "SELECT count(*) FROM c"));
        engine.execute(s2, "INSERT INTO c VALUES (1)");
        assertEquals(1, count(s1, "SELECT count(*) FROM c"));
        engine.execute(s1, "COMMIT");
    }

    @Test
    void uncommittedDdlAndRowsAreInvisibleToOtherSessions() throws Exception {
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "CREATE TABLE private (a INT)");
        engine.execute(s1, "INSERT INTO private VALUES (1)");
        assertEquals("42P01", assertThrows(SqlException.class,
                () -> engine.execute(s2, "SELECT * FROM private")).getSQLState());
        engine.execute(s1, "COMMIT");
        assertEquals(1, count(s2, "SELECT count(*) FROM private"));
    }

    @Test
    void twoTransactionsCannotBothCommitOneUniqueValue() throws Exception {
        engine.execute(s1, "CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(20) UNIQUE)");
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "INSERT INTO u VALUES (1, 'x@y')");
        CompletableFuture<SqlException> other = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(s2, "INSERT INTO u VALUES (2, 'x@y')")));
        Thread.sleep(200);
        engine.execute(s1, "COMMIT");
        String state = other.get(10, TimeUnit.SECONDS).getSQLState();
        assertTrue(state.equals("23505") || state.equals("40001"), state);
        assertEquals(1, count(s1, "SELECT count(*) FROM u"));
    }

    @Test
    void twoSessionsCreatingOneTableCannotBothSucceed() throws Exception {
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "CREATE TABLE same (a INT)");
        CompletableFuture<SqlException> other = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(s2, "CREATE TABLE same (b INT)")));
        Thread.sleep(200);
        engine.execute(s1, "COMMIT");
        String state = other.get(10, TimeUnit.SECONDS).getSQLState();
        assertTrue(state.equals("42P07") || state.equals("40001"), state);
        engine.execute(s2, "INSERT INTO same VALUES (1)");
        assertEquals(1, count(s1, "SELECT count(a) FROM same"));
    }

    @Test
    void concurrentAddColumnsBothSurvive() throws Exception {
        engine.execute(s1, "CREATE TABLE wide (id INT PRIMARY KEY)");
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "ALTER TABLE wide ADD COLUMN a INT");
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                engine.execute(s2, "ALTER TABLE wide ADD COLUMN b INT");
            } catch (SqlException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        engine.execute(s1, "COMMIT");
        other.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("id", "a", "b"), engine.execute(s1, "SELECT * FROM wide").columnNames());
    }

    @Test
    void createIndexConcurrentWithWritersIndexesEveryRow() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 7)");
        // a writer commits while CREATE INDEX waits for its lock: the build sees the row
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "INSERT INTO t VALUES (2, 7)");
        CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
            try {
                engine.execute(s2, "CREATE INDEX t_v ON t (v)");
            } catch (SqlException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        engine.execute(s1, "COMMIT");
        build.get(10, TimeUnit.SECONDS);
        assertTrue(plan("SELECT id FROM t WHERE v = 7").contains("t_v"));
        assertEquals(2, count(s1, "SELECT count(*) FROM t WHERE v = 7"));
        // a writer that read the catalog before the index committed must retry
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "DROP INDEX t_v");
        engine.execute(s1, "CREATE INDEX t_v2 ON t (v)");
        CompletableFuture<SqlException> writer = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(s2, "INSERT INTO t VALUES (3, 7)")));
        Thread.sleep(200);
        engine.execute(s1, "COMMIT");
        assertEquals("40001", writer.get(10, TimeUnit.SECONDS).getSQLState());
        engine.execute(s2, "INSERT INTO t VALUES (3, 7)");
        assertTrue(plan("SELECT id FROM t WHERE v = 7").contains("t_v2"));
        assertEquals(3, count(s1, "SELECT count(*) FROM t WHERE v = 7"));
    }

    @Test
    void parametersBindInOrder() throws Exception {
        engine.execute(s1, "CREATE TABLE p (id INT PRIMARY KEY, s TEXT)");
        engine.execute(s1, "INSERT INTO p VALUES (?, ?), (?, ?)", 1, "x", 2, "y");
        assertEquals(List.of("y"), engine.execute(s1, "SELECT s FROM p WHERE id = ?", 2).rows().stream()
                .map(r -> r[0]).toList());
    }

    @Test
    void aCancelledScanFailsWith57014() throws Exception {
        bigTable(9); // 512 rows; the cross join below has 134 million row pairs
        CompletableFuture<SqlException> running = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(s1, "SELECT count(*) FROM big a, big b, big c WHERE a.g + b.g = c.g + 100")));
        Thread.sleep(200);
        engine.cancel(s1);
        SqlException e = running.get(10, TimeUnit.SECONDS);
        assertEquals("57014", e.getSQLState());
        // the session is usable afterwards
        assertEquals(512, count(s1, "SELECT count(*) FROM big"));
    }

    @Test
    void aStatementTimeoutFailsWith57014() throws Exception {
        bigTable(9);
        long start = System.nanoTime();
        SqlException e = assertThrows(SqlException.class, () -> engine.execute(s1,
                "SELECT a.id FROM big a, big b, big c ORDER BY a.id + b.id + c.id", new Object[0], Duration.ofMillis(100)));
        assertEquals("57014", e.getSQLState());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void theStatementTimeoutParameterAppliesToLaterStatements() throws Exception {
        bigTable(9);
        engine.execute(s1, "SET statement_timeout = 100");
        SqlException e = assertThrows(SqlException.class,
                () -> engine.execute(s1, "SELECT count(*) FROM big a, big b, big c WHERE a.g + b.g = c.g + 100"));
        assertEquals("57014", e.getSQLState());
        engine.execute(s1, "SET statement_timeout = 0");
        assertEquals(512, count(s1, "SELECT count(*) FROM big"));
    }

    @Test
    void aSortOverTheMemoryBoundSpillsAndReturnsTheSameRows() throws Exception {
        bigTable(8);
        List<Object> inMemory = engine.execute(s1, "SELECT id FROM big ORDER BY g, id DESC").rows().stream().map(r -> r[0]).toList();
        engine.setMemoryBound(100);
        List<Object> spilled = engine.execute(s1, "SELECT id FROM big ORDER BY g, id DESC").rows().stream().map(r -> r[0]).toList();
        assertEquals(256, spilled.size());
        assertEquals(inMemory, spilled);
        assertEquals(3, count(s1, "SELECT count(*) FROM big WHERE id < 4"));
        // ORDER BY ... LIMIT keeps only the rows it returns
        List<Object[]> top = engine.execute(s1, "SELECT id FROM big ORDER BY id DESC LIMIT 3 OFFSET 1").rows();
        assertEquals(List.of(255, 254, 253), top.stream().map(r -> r[0]).toList());
    }

    @Test
    void explainAnalyzeShowsActualRowsPerOperator() throws Exception {
        bigTable(4);
        List<Object[]> rows = engine.execute(s1, "EXPLAIN ANALYZE SELECT g, count(*) FROM big WHERE id <= 10 GROUP BY g").rows();
        String text = String.join("\n", rows.stream().map(r -> (String) r[0]).toList());
        assertTrue(text.contains("Primary Key Range Scan on big  (rows=100)  (actual rows=10 loops=1"), text);
        assertTrue(text.contains("Hash Aggregate"), text);
    }

    @Test
    void explainAnalyzeOfDeleteRunsItAndCountsTheRows() throws Exception {
        bigTable(4);
        String text = String.join("\n", engine.execute(s1, "EXPLAIN ANALYZE DELETE FROM big WHERE id > 10").rows().stream()
                .map(r -> (String) r[0]).toList());
        assertTrue(text.startsWith("Delete on big  (rows=33)  (actual rows=6 loops=1"), text);
        assertTrue(text.contains("Primary Key Range Scan on big  (rows=100)  (actual rows=6 loops=1"), text);
        assertEquals(10, count(s1, "SELECT count(*) FROM big"));
    }

    @Test
    void asOfTimestampAndSnapshotTooOld() throws Exception {
        engine.execute(s1, "CREATE TABLE h (id INT PRIMARY KEY)");
        engine.execute(s1, "INSERT INTO h VALUES (1)");
        long scn = manager.currentScn();
        engine.execute(s1, "INSERT INTO h VALUES (2)");
        assertEquals(1, count(s1, "SELECT count(*) FROM h AS OF SCN " + scn));
        assertEquals(2, count(s1, "SELECT count(*) FROM h AS OF TIMESTAMP CAST('2999-01-01 00:00:00' AS TIMESTAMP)"));
        engine.execute(s1, "DELETE FROM h");
        engine.execute(s1, "VACUUM");
        assertTrue(manager.retentionHorizon() > scn, "VACUUM moved the horizon past the AS OF point");
        SqlException e = assertThrows(SqlException.class,
                () -> engine.execute(s1, "SELECT count(*) FROM h AS OF SCN " + scn));
        assertEquals("72000", e.getSQLState());
    }
}
