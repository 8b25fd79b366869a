package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/** The engine's parse cache: one parse per text, and never a stale answer after DDL. */
class ParseCacheTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Session s2;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-parse-cache");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        s1 = manager.openSession("one", "test");
        s2 = manager.openSession("two", "test");
    }

    @AfterEach
    void close() throws Exception {
        s1.close();
        s2.close();
        manager.close();
        DatabaseEngine.deleteTree(dir);
    }

    /** The column names and rows as text; PlanCacheTest compares engines with it too. */
    static String rows(SqlResult r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.columnNames()));
        for (Object[] row : r.rows()) {
            sb.append(java.util.Arrays.deepToString(row));
        }
        return sb.toString();
    }

    @Test
    void sameTextParsesOnceWithEqualResults() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10), (2, 20)");
        String q = "SELECT v FROM t WHERE id = ?";
        long before = engine.parseCount();
        String a = rows(engine.execute(s1, q, 1));
        assertEquals(before + 1, engine.parseCount());
        String b = rows(engine.execute(s2, q, 1));
        assertEquals(before + 1, engine.parseCount(), "second execution hits the cache");
        assertEquals(a, b);
        assertEquals("[v][20]", rows(engine.execute(s1, q, 2)));
        assertEquals(before + 1, engine.parseCount());
    }

    @Test
    void cachedTextSeesDdlAndIndexChanges() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT, w INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10, 100), (2, 20, 200)");
        String q = "SELECT * FROM t WHERE v = 20";
        assertEquals("[id, v, w][2, 20, 200]", rows(engine.execute(s1, q)));
        String explain = "EXPLAIN SELECT id FROM t WHERE v = 20";
        assertTrue(!rows(engine.execute(s1, explain)).contains("t_v"));
        engine.execute(s1, "CREATE INDEX t_v ON t (v)");
        assertTrue(rows(engine.execute(s1, explain)).contains("t_v"), "EXPLAIN after CREATE INDEX shows it");
        engine.execute(s1, "ALTER INDEX t_v INVISIBLE");
        assertTrue(!rows(engine.execute(s1, explain)).contains("t_v"));
        engine.execute(s1, "ALTER INDEX t_v VISIBLE");
        assertTrue(rows(engine.execute(s1, explain)).contains("t_v"));
        engine.execute(s1, "ALTER TABLE t DROP COLUMN w");
        assertEquals("[id, v][2, 20]", rows(engine.execute(s1, q)), "SELECT * follows DROP COLUMN");
        String byW = "SELECT id FROM t WHERE w = 100";
        engine.execute(s1, "ALTER TABLE t ADD COLUMN w INT");
        assertEquals("[id]", rows(engine.execute(s1, byW)));
        engine.execute(s1, "ALTER TABLE t DROP COLUMN w");
        assertThrows(SqlException.class, () -> engine.execute(s1, byW), "a cached text naming a dropped column fails");
    }

    @Test
    void uncommittedDdlIsSeenOnlyByItsOwnSession() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10)");
        String q = "SELECT * FROM t";
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q)));
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "ALTER TABLE t ADD COLUMN x INT DEFAULT 7");
        assertEquals("[id, v, x][1, 10, 7]", rows(engine.execute(s1, q)));
        engine.execute(s1, "ROLLBACK");
        assertEquals("[id, v][1, 10]", rows(engine.execute(s1, q)));
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q)));
    }

    @Test
    void syntaxErrorsAndBlobLiteralsAreNotCached() throws SqlException {
        long before = engine.parseCount();
        assertThrows(SqlException.class, () -> engine.execute(s1, "SELEC 1"));
        assertThrows(SqlException.class, () -> engine.execute(s1, "SELEC 1"));
        assertEquals(before + 2, engine.parseCount());
        String blob = "SELECT X'0a0b'";
        byte[] first = (byte[]) engine.execute(s1, blob).rows().get(0)[0];
        first[0] = 99; // a caller scribbling on a result must not change the next execution
        assertArrayEquals(new byte[] {10, 11}, (byte[]) engine.execute(s1, blob).rows().get(0)[0]);
    }

    @Test
    void cacheIsBounded() throws SqlException {
        for (int i = 0; i < SqlEngine.PARSE_CACHE_SIZE + 10; i++) {
            engine.execute(s1, "SELECT " + i);
        }
        long before = engine.parseCount();
        engine.execute(s1, "SELECT 0"); // evicted: least recently used
        assertEquals(before + 1, engine.parseCount());
        engine.execute(s1, "SELECT " + (SqlEngine.PARSE_CACHE_SIZE + 9));
        assertEquals(before + 1, engine.parseCount());
    }

    /** Runs one statement and renders its rows, or its error's SQLSTATE. */
    static String outcome(SqlEngine e, Session s, String sql, Object... parameters) {
        try {
            SqlResult r = e.execute(s, sql, parameters);
            return rows(r) + " count " + r.updateCount();
        } catch (SqlException ex) {
            return "error " + ex.getSQLState();
        }
    }

    @Test
    void cachedEngineAnswersExactlyLikeAnUncachedOne() throws Exception {
        Path other = Files.createTempDirectory("cairn-parse-cache-off");
        TransactionManagerImpl m2 = DatabaseEngine.open(other);
        try {
            SqlEngine fresh = new SqlEngine(m2);
            fresh.setParseCacheEnabled(false);
            Session f1 = m2.openSession("one", "test");
            Session f2 = m2.openSession("two", "test");
            String q1 = "SELECT * FROM t WHERE v = 20 ORDER BY id";
            String q2 = "SELECT count(*), sum(v) FROM t";
            String q3 = "EXPLAIN SELECT id FROM t WHERE v = 20";
            String[][] script = {
                {"1", "CREATE TABLE t (id INT PRIMARY KEY, v INT, w INT)"},
                {"1", "INSERT INTO t VALUES (1, 10, 1), (2, 20, 2), (3, 20, 3)"},
                {"1", q1}, {"2", q1}, {"2", q2}, {"1", q3},
                {"1", "CREATE INDEX t_v ON t (v)"},
                {"1", q3}, {"2", q3}, {"2", q1},
                {"1", "ANALYZE t"}, {"2", q3}, {"1", q2},
                {"1", "ALTER INDEX t_v INVISIBLE"}, {"2", q3}, {"1", q1},
                {"2", "SET optimizer_use_invisible_indexes = on"}, {"2", q3}, {"1", q3},
                {"1", "ALTER INDEX t_v VISIBLE"}, {"1", q3},
                {"1", "BEGIN"}, {"1", "ALTER TABLE t DROP COLUMN w"}, {"1", q1}, {"2", q1},
                {"1", "INSERT INTO t VALUES (4, 20)"}, {"1", q2}, {"2", q2},
                {"1", "COMMIT"}, {"2", q1}, {"2", q2},
                {"2", "BEGIN"}, {"2", "DROP INDEX t_v"}, {"2", q3}, {"1", q3}, {"2", "ROLLBACK"}, {"1", q3},
                {"1", "UPDATE t SET v = 30 WHERE id = 2"}, {"2", q1}, {"2", q2},
                {"1", "DELETE FROM t WHERE v = 20"}, {"1", q1}, {"2", q2},
                {"2", "DROP TABLE t"}, {"1", q1}, {"2", q2},
            };
            for (int round = 0; round < 2; round++) {
                for (String[] step : script) {
                    Session a = step[0].equals("1") ? s1 : s2;
                    Session b = step[0].equals("1") ? f1 : f2;
                    String expected = outcome(fresh, b, step[1]);
                    assertEquals(expected, outcome(engine, a, step[1]),
                            "round " + round + ", session " + step[0] + ": " + step[1]);
                }
            }
            f1.close();
            f2.close();
        } finally {
            m2.close();
            DatabaseEngine.deleteTree(other);
        }
    }
}
