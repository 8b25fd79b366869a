package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.storage.CheckpointMode;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * CREATE INDEX builds from the newest committed rows under an EXCLUSIVE table lock: whatever the
 * creating transaction's isolation, rollback and crashes, the index holds exactly the entries of
 * the rows a later reader sees (checked by comparing index and index-only scans with full scans).
 */
class CreateIndexBuildTest {

    private Path dir;
    private Path crashed;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Session s2;

    /** Predicates on k, each answered through the index and, with {@code k + 0}, by a full scan. */
    static final String[] PREDICATES = {"k = 3", "k = 0", "k < 4", "k >= 20", "k BETWEEN 5 AND 9", "k IN (1, 7, 30)",
        "k IS NULL", "k IS NOT NULL", "k > 100"};

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-sql-ci");
        crashed = Files.createTempDirectory("cairn-sql-ci-crash");
        start(dir);
    }

    private void start(Path d) {
        manager = DatabaseEngine.open(d);
        engine = new SqlEngine(manager);
        engine.useTempArea(d);
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
        DatabaseEngine.deleteTree(crashed);
    }

    private List<String> column(Session s, String sql) throws SqlException {
        List<String> out = new ArrayList<>();
        for (Object[] r : engine.execute(s, sql).rows()) {
            out.add(r.length == 1 ? String.valueOf(r[0]) : java.util.Arrays.toString(r));
        }
        return out;
    }

    private String plan(Session s, String sql) throws SqlException {
        return String.join("\n", column(s, "EXPLAIN " + sql));
    }

    private static void assertSqlState(String state, org.junit.jupiter.api.function.Executable e) {
        SqlException x = assertThrows(SqlException.class, e);
        assertEquals(state, x.getSQLState(), x.getMessage());
    }

    /** 1..n with k = id % 37 (NULL when id % 11 = 0) and v text. */
    private void table(int n) throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, k INT, v VARCHAR(20))");
        engine.execute(s1, "INSERT INTO t VALUES (1, 1, 'v1')");
        while (((Number) engine.execute(s1, "SELECT count(*) FROM t").rows().get(0)[0]).intValue() < n) {
            engine.execute(s1, "INSERT INTO t SELECT id + (SELECT max(id) FROM t), "
                    + "CASE WHEN MOD(id + (SELECT max(id) FROM t), 11) = 0 THEN NULL "
                    + "ELSE MOD(id + (SELECT max(id) FROM t), 37) END, 'v' || id FROM t");
        }
    }

    /**
     * For every predicate: the index-only scan (id, k), the index scan that fetches rows (v) and
     * the full scan agree, and so does count(*), which may read the index alone.
     */
    private void assertIndexMatchesTable(Session s, String index) throws SqlException {
        for (String p : PREDICATES) {
            String indexOnly = "SELECT id FROM t WHERE " + p + " ORDER BY id";
            String fetching = "SELECT id, v FROM t WHERE " + p + " ORDER BY id";
            String full = "SELECT id, v FROM t WHERE " + p.replace("k", "(k + 0)") + " ORDER BY id";
            if (!p.contains("NULL") && !p.contains("> 100")) {
                String pl = plan(s, indexOnly);
                assertTrue(pl.contains("Index Only Scan using " + index), () -> p + ": " + pl);
            }
            String fpl = plan(s, full);
            assertTrue(fpl.contains("Seq Scan"), () -> fpl);
            List<String> expected = column(s, full);
            assertEquals(expected, column(s, fetching), "index scan, " + p);
            List<String> ids = new ArrayList<>();
            for (String r : expected) {
                ids.add(r.substring(1, r.indexOf(',')));
            }
            assertEquals(ids, column(s, indexOnly), "index-only scan, " + p);
        }
        assertEquals(column(s, "SELECT count(*) FROM t WHERE (id + 0) IS NOT NULL"), column(s, "SELECT count(*) FROM t"));
        assertEquals(column(s, "SELECT count(k) FROM t WHERE (id + 0) IS NOT NULL"), column(s, "SELECT count(k) FROM t"));
    }

    /** Changes after some snapshot: deletes, inserts, k moved, k set to NULL. */
    private void churn(Session s, int round) throws SqlException {
        engine.execute(s, "DELETE FROM t WHERE MOD(id, 13) = " + round);
        engine.execute(s, "INSERT INTO t VALUES (" + (100_000 + round) + ", 3, 'new'), (" + (200_000 + round)
                + ", NULL, 'new')");
        engine.execute(s, "UPDATE t SET k = k + 1 WHERE MOD(id, 17) = " + round);
        engine.execute(s, "UPDATE t SET k = NULL WHERE MOD(id, 19) = " + round);
    }

    @Test
    void aSnapshotTransactionBuildsFromRowsNewerThanItsSnapshotAndKeepsItsOwnStatementsOffTheIndex() throws Exception {
        table(2000);
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        List<String> before = column(s1, "SELECT id, k FROM t ORDER BY id");
        churn(s2, 1);
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        // the index holds the newest rows; this transaction still reads its snapshot, by full scans
        String q = "SELECT id FROM t WHERE k = 3 ORDER BY id";
        assertTrue(plan(s1, q).contains("Seq Scan"), () -> "plan inside the creating transaction");
        assertEquals(before, column(s1, "SELECT id, k FROM t ORDER BY id"));
        engine.execute(s1, "INSERT INTO t VALUES (300000, 3, 'own')");
        assertSqlState("40001", () -> engine.execute(s1, "UPDATE t SET k = 4 WHERE MOD(id, 13) = 1"));
        engine.execute(s1, "ROLLBACK");
        assertSqlState("42704", () -> engine.execute(s2, "DROP INDEX t_k"));

        engine.execute(s1, "BEGIN");
        engine.execute(s1, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        column(s1, "SELECT count(*) FROM t");
        churn(s2, 2);
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        engine.execute(s1, "INSERT INTO t VALUES (300000, 3, 'own')");
        engine.execute(s1, "UPDATE t SET k = 5 WHERE id = 3");
        engine.execute(s1, "COMMIT");
        assertIndexMatchesTable(s2, "t_k");
        assertIndexMatchesTable(s1, "t_k");

        // with nothing committed after its snapshot, the creating transaction reads its index at once
        engine.execute(s1, "DROP INDEX t_k");
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        assertIndexMatchesTable(s1, "t_k");
        engine.execute(s1, "COMMIT");
        churn(s2, 3);
        assertIndexMatchesTable(s1, "t_k");
    }

    @Test
    void aReadCommittedBuildSeesRowsCommittedAfterTheTransactionBegan() throws Exception {
        table(2000);
        engine.execute(s1, "BEGIN");
        assertEquals(List.of("2048"), column(s1, "SELECT count(*) FROM t"));
        churn(s2, 6);
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        assertIndexMatchesTable(s1, "t_k");
        engine.execute(s1, "COMMIT");
        assertIndexMatchesTable(s2, "t_k");
        engine.execute(s2, "REINDEX TABLE t");
        assertIndexMatchesTable(s1, "t_k");
    }

    @Test
    void aRolledBackCreateIndexLeavesNoIndexAndNoTree() throws Exception {
        table(1000);
        List<String> trees = manager.tables();
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        assertIndexMatchesTable(s1, "t_k");
        engine.execute(s1, "ROLLBACK");
        assertEquals(trees, manager.tables());
        assertSqlState("42704", () -> engine.execute(s1, "DROP INDEX t_k"));
        assertTrue(plan(s1, "SELECT id FROM t WHERE k = 3").contains("Seq Scan"));

        // a failing statement inside a block is undone alone, index tree included
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "INSERT INTO t VALUES (5000, 1, 'x'), (5001, 1, 'x')");
        assertSqlState("23505", () -> engine.execute(s1, "CREATE UNIQUE INDEX t_k ON t (k)"));
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        engine.execute(s1, "COMMIT");
        assertIndexMatchesTable(s2, "t_k");
    }

    @Test
    void aUniqueBuildFindsDuplicatesEvenAcrossSortedRunsButNotAmongNulls() throws Exception {
        table(4000);
        engine.execute(s1, "CREATE TABLE u (id INT PRIMARY KEY, a INT, b VARCHAR(10))");
        engine.execute(s1, "INSERT INTO u SELECT id, CASE WHEN MOD(id, 3) = 0 THEN NULL ELSE id END, 'x' FROM t");
        engine.setMemoryBound(100); // a build sorts about 40 runs on disk; DML stays under 100 rows below
        long files = engine.tempArea().filesCreated();
        engine.execute(s1, "CREATE UNIQUE INDEX u_a ON u (a)");
        assertTrue(engine.tempArea().filesCreated() >= files + 40, "the build wrote sorted runs to the temp area");
        engine.execute(s1, "INSERT INTO u VALUES (900000, NULL, 'y')");
        assertSqlState("23505", () -> engine.execute(s1, "INSERT INTO u VALUES (900001, 7, 'y')"));
        engine.execute(s1, "DROP INDEX u_a");
        engine.execute(s1, "UPDATE u SET a = 2 WHERE id = 3999");
        assertSqlState("23505", () -> engine.execute(s1, "CREATE UNIQUE INDEX u_a ON u (a)"));
        assertSqlState("42704", () -> engine.execute(s1, "DROP INDEX u_a"));
        assertSqlState("23505", () -> engine.execute(s1, "CREATE UNIQUE INDEX u_ab ON u (a, b)"));
        engine.execute(s1, "UPDATE u SET b = 'z' WHERE id = 3999");
        engine.execute(s1, "CREATE UNIQUE INDEX u_ab ON u (a, b)");
        assertSqlState("23505", () -> engine.execute(s1, "UPDATE u SET a = 2, b = 'z' WHERE id = 3998"));
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        engine.setMemoryBound(1_000_000);
        assertIndexMatchesTable(s1, "t_k");
        try (Stream<Path> runs = Files.list(dir.resolve(io.cairn.sql.internal.exec.TempArea.DIRECTORY))) {
            assertEquals(0, runs.count(), "sorted runs are deleted after the build, also a failed one");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void aCrashBeforeCommitRecoversToNoIndexAndAfterCommitToACompleteOne() throws Exception {
        table(4000);
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        // the uncommitted index pages reach the data file and the log
        manager.storage().checkpoint(CheckpointMode.FULL);
        copy(dir, crashed);
        engine.execute(s1, "COMMIT");
        churn(s2, 4);
        manager.storage().checkpoint(CheckpointMode.PASSIVE);
        Path committed = Files.createTempDirectory("cairn-sql-ci-committed");
        try {
            copy(dir, committed);
            stop();
            start(crashed);
            assertTrue(manager.storage().verify().clean());
            assertSqlState("42704", () -> engine.execute(s1, "DROP INDEX t_k"));
            assertTrue(plan(s1, "SELECT id FROM t WHERE k = 3").contains("Seq Scan"));
            engine.execute(s1, "CREATE INDEX t_k ON t (k)");
            assertIndexMatchesTable(s1, "t_k");
            stop();
            start(committed);
            assertTrue(manager.storage().verify().clean());
            assertIndexMatchesTable(s1, "t_k");
            churn(s2, 5);
            assertIndexMatchesTable(s1, "t_k");
            stop();
        } finally {
            start(dir);
            DatabaseEngine.deleteTree(committed);
        }
    }
}
