package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * The plan cache keyed by statement shape: texts differing only in literals compared with a
 * column (or INSERT/UPDATE values) share one plan, and every literal whose value changes the plan
 * or the meaning stays part of the key. Each answer is compared with an engine whose plan cache
 * is off (literals stay literals there), so a wrongly shared plan shows as a different answer.
 */
class PlanCacheShapeTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Path offDir;
    private TransactionManagerImpl offManager;
    private SqlEngine off;
    private Session f1;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-plan-shape");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        s1 = manager.openSession("one", "test");
        offDir = Files.createTempDirectory("cairn-plan-shape-off");
        offManager = DatabaseEngine.open(offDir);
        off = new SqlEngine(offManager);
        off.setPlanCacheEnabled(false);
        f1 = offManager.openSession("one", "test");
    }

    @AfterEach
    void close() throws Exception {
        s1.close();
        manager.close();
        DatabaseEngine.deleteTree(dir);
        f1.close();
        offManager.close();
        DatabaseEngine.deleteTree(offDir);
    }

    /** Runs {@code sql} on both engines; asserts equal outcomes (rows, count or SQLSTATE) and returns it. */
    private String both(String sql) {
        String cached = ParseCacheTest.outcome(engine, s1, sql);
        String plain = ParseCacheTest.outcome(off, f1, sql);
        assertEquals(plain, cached, sql);
        return cached;
    }

    /** The v$plan_cache row whose sql_text is {@code text}: {parameterized, hits, misses, catalog_version, plan}. */
    private Object[] entry(String text) throws SqlException {
        for (Object[] r : engine.execute(s1,
                "SELECT sql_text, parameterized, hits, misses, catalog_version, plan FROM v$plan_cache").rows()) {
            if (r[0].equals(text)) {
                return new Object[] {r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue(),
                        ((Number) r[4]).longValue(), r[5]};
            }
        }
        return null;
    }

    private void table() {
        both("CREATE TABLE t (id INT PRIMARY KEY, k INT, s VARCHAR(10), d DATE)");
        for (int i = 1; i <= 40; i++) {
            both("INSERT INTO t VALUES (" + i + ", " + (i % 7) + ", 'v" + (i % 5) + "', DATE '2024-01-01' + " + i + ")");
        }
    }

    @Test
    void literalsOfOneShapeShareOnePlan() throws SqlException {
        table();
        for (int id = 1; id <= 5; id++) {
            assertEquals("[s][v" + (id % 5) + "] count 0", both("SELECT s FROM t WHERE id = " + id));
        }
        Object[] e = entry("SELECT s FROM t WHERE id = ?");
        assertNotNull(e, "one entry for the shape");
        assertEquals(true, e[0]);
        assertEquals(4L, e[1], "four hits after the first plan");
        assertEquals(1L, e[2]);
        assertNull(entry("SELECT s FROM t WHERE id = 3"), "no entry per text");
        // whitespace, case of keywords and reversed comparisons of one shape
        both("select s from t   where id=9");
        assertEquals(5L, entry("SELECT s FROM t WHERE id = ?")[1]);
        assertEquals("[s][v2] count 0", both("SELECT s FROM t WHERE 12 = id"));
        // ranges, BETWEEN and AND/OR/NOT trees of comparisons
        assertEquals("[count][3] count 0", both("SELECT count(*) FROM t WHERE id > 5 AND id <= 8"));
        assertEquals("[count][10] count 0", both("SELECT count(*) FROM t WHERE id > 20 AND id <= 30"));
        both("SELECT id FROM t WHERE id BETWEEN 3 AND 6 OR NOT (k <> 2) ORDER BY id");
        both("SELECT id FROM t WHERE id BETWEEN 30 AND 36 OR NOT (k <> 5) ORDER BY id");
        both("SELECT id FROM t WHERE id BETWEEN 9 AND 3 ORDER BY id"); // an empty range stays empty
        assertEquals(1L, entry("SELECT id FROM t WHERE id BETWEEN ? AND ? OR NOT (k <> ?) ORDER BY id")[1]);
    }

    /** A caller that parsed the text itself (another AST than the parse cache's) gets its own literals' values. */
    @Test
    void aStatementParsedByTheCallerReadsItsOwnLiterals() throws SqlException {
        table();
        String q7 = "SELECT s, k FROM t WHERE id = 7 AND k < 10";
        String q8 = "SELECT s, k FROM t WHERE id = 8 AND k < 10";
        assertEquals("[s, k][v2, 0]", ParseCacheTest.rows(engine.execute(s1, q7)));
        for (int i = 0; i < 3; i++) {
            io.cairn.sql.internal.parser.Statement own7 = io.cairn.sql.internal.parser.Parser.parse(q7);
            io.cairn.sql.internal.parser.Statement own8 = io.cairn.sql.internal.parser.Parser.parse(q8);
            assertEquals("[s, k][v2, 0]", ParseCacheTest.rows(engine.execute(s1, q7, own7, new Object[0], null)));
            assertEquals("[s, k][v3, 1]", ParseCacheTest.rows(engine.execute(s1, q8, own8, new Object[0], null)));
        }
        assertEquals(6L, entry("SELECT s, k FROM t WHERE id = ? AND k < ?")[1]);
    }

    /** Through JDBC: plain Statements with other literals and a PreparedStatement with one reuse one plan each. */
    @Test
    void jdbcStatementsWithOtherLiteralsShareOnePlan() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:cairn:mem:plan-shapes");
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE j (id INT PRIMARY KEY, v VARCHAR(5))");
            for (int i = 1; i <= 5; i++) {
                assertEquals(1, st.executeUpdate("INSERT INTO j VALUES (" + i + ", 'v" + i + "')"));
            }
            for (int i = 5; i >= 1; i--) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT v FROM j WHERE id = " + i)) {
                    assertTrue(rs.next());
                    assertEquals("v" + i, rs.getString(1));
                }
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT v FROM j WHERE id = ? AND v <> 'zz'")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("v" + i, rs.getString(1));
                    }
                }
            }
            java.util.Map<String, Long> hits = new java.util.HashMap<>();
            try (java.sql.ResultSet rs = st.executeQuery("SELECT sql_text, hits FROM v$plan_cache")) {
                while (rs.next()) {
                    hits.put(rs.getString(1), rs.getLong(2));
                }
            }
            assertEquals(4L, hits.get("SELECT v FROM j WHERE id = ?"), hits.toString());
            assertEquals(4L, hits.get("INSERT INTO j VALUES (?, ?)"), hits.toString());
            assertEquals(2L, hits.get("SELECT v FROM j WHERE id = ? AND v <> ?"), hits.toString());
        }
    }

    @Test
    void orderByGroupByAndLimitLiteralsStayInTheKey() throws SqlException {
        table();
        String byId = both("SELECT id, k FROM t WHERE id < 10 ORDER BY 1");
        String byK = both("SELECT id, k FROM t WHERE id < 10 ORDER BY 2, 1");
        assertNotEquals(byId, byK, "ORDER BY 1 and ORDER BY 2 order differently");
        assertEquals("[id, k][1, 1][2, 2][3, 3][4, 4][5, 5][6, 6][7, 0][8, 1][9, 2] count 0", byId);
        assertEquals("[id, k][7, 0][1, 1][8, 1][2, 2][9, 2][3, 3][4, 4][5, 5][6, 6] count 0", byK);
        assertEquals("[k, count][0, 5][1, 6] count 0", both("SELECT k, count(*) FROM t GROUP BY 1 ORDER BY 1 LIMIT 2"));
        assertEquals("[k, count][0, 5][1, 6][2, 6] count 0",
                both("SELECT k, count(*) FROM t GROUP BY 1 ORDER BY 1 LIMIT 3"));
        both("SELECT id FROM t ORDER BY id LIMIT 2 OFFSET 3");
        assertEquals("[id][5][6] count 0", both("SELECT id FROM t ORDER BY id LIMIT 2 OFFSET 4"));
        // the select list and GROUP BY match by text: their literals are never hidden
        both("SELECT k + 1, count(*) FROM t GROUP BY k + 1 ORDER BY 1");
        assertEquals("error 42803", both("SELECT k + 2, count(*) FROM t GROUP BY k + 1 ORDER BY 1"));
        assertEquals("[x][7] count 0", both("SELECT 7 AS x FROM t WHERE id = 1"));
        assertEquals("[x][8] count 0", both("SELECT 8 AS x FROM t WHERE id = 1"));
    }

    @Test
    void stringsNumbersTypedLiteralsNullAndLikePatternsAreNotConfused() throws SqlException {
        table();
        // '1' and 1 are different shapes; each answers as its own literal would
        both("SELECT id FROM t WHERE k = 1 ORDER BY id");
        both("SELECT id FROM t WHERE k = '1' ORDER BY id");
        both("SELECT id FROM t WHERE s = 'v1' ORDER BY id");
        both("SELECT id FROM t WHERE s = 1 ORDER BY id");
        both("SELECT id FROM t WHERE d = '2024-01-05'");
        both("SELECT id FROM t WHERE d = '2024-01-06'");
        both("SELECT id FROM t WHERE d > '2024-02-01' ORDER BY id");
        both("SELECT id FROM t WHERE s = 'v1234567890123' ORDER BY id"); // longer than the column
        both("SELECT id FROM t WHERE s = 'v3' ORDER BY id");
        both("SELECT id FROM t WHERE s = 'vx' ORDER BY id"); // ends in x': not taken for a BLOB literal
        assertEquals(3L, entry("SELECT id FROM t WHERE s = ? ORDER BY id")[1], "v1, a value longer than the column, v3 and vx share one plan");
        both("SELECT id FROM t WHERE id = 1 AND X'0a' IS NOT NULL");
        assertNull(entry("SELECT id FROM t WHERE id = ? AND X'0a' IS NOT NULL"), "a BLOB literal's text is not cached");
        both("SELECT id FROM t WHERE id = 3000000000");
        both("SELECT id FROM t WHERE id = 3");
        both("SELECT id FROM t WHERE id = 3.0");
        both("SELECT id FROM t WHERE id = 3.5");
        both("SELECT id FROM t WHERE id = 3e0");
        both("SELECT id FROM t WHERE id = -3");
        assertEquals("[id][3] count 0", both("SELECT id FROM t WHERE id = 3.0"));
        assertEquals("[id] count 0", both("SELECT id FROM t WHERE id = 3.5"));
        assertNotNull(entry("SELECT id FROM t WHERE id = ?"), "the INT literal shape is cached");
        assertNotNull(entry("SELECT id FROM t WHERE id = -3"), "a signed number stays in the key");
        // typed literals, NULL and LIKE patterns keep their value in the key
        assertEquals("[id][4] count 0", both("SELECT id FROM t WHERE d = DATE '2024-01-05'"));
        assertEquals("[id][5] count 0", both("SELECT id FROM t WHERE d = DATE '2024-01-06'"));
        assertNotNull(entry("SELECT id FROM t WHERE d = DATE '2024-01-05'"));
        assertEquals("[id] count 0", both("SELECT id FROM t WHERE k = NULL"));
        both("SELECT id FROM t WHERE s LIKE 'v1%' ORDER BY id");
        both("SELECT id FROM t WHERE s LIKE 'v2%' ORDER BY id");
        assertNotNull(entry("SELECT id FROM t WHERE s LIKE 'v2%' ORDER BY id"), "a LIKE pattern is part of the key");
        // IN lists: their length is part of the shape; duplicates and all values answer right
        assertEquals("[id][2][3] count 0", both("SELECT id FROM t WHERE id IN (2, 3) ORDER BY id"));
        assertEquals("[id][5] count 0", both("SELECT id FROM t WHERE id IN (5, 5) ORDER BY id"));
        assertEquals("[id][4][7][9] count 0", both("SELECT id FROM t WHERE id IN (9, 4, 7) ORDER BY id"));
        assertEquals(1L, entry("SELECT id FROM t WHERE id IN (?, ?) ORDER BY id")[1]);
        // a literal of DDL is never a parameter
        both("CREATE TABLE u (a INT DEFAULT 5, b VARCHAR(3) CHECK (b <> 'no'))");
        both("INSERT INTO u (b) VALUES ('ok')");
        assertEquals("error 23514", both("INSERT INTO u (b) VALUES ('no')"));
        assertEquals("[a, b][5, ok] count 0", both("SELECT * FROM u"));
    }

    @Test
    void insertUpdateAndDeletePlansAreCachedAndFollowDdlAndAnalyze() throws SqlException {
        table();
        both("UPDATE t SET s = 'x1' WHERE id = 1");
        both("UPDATE t SET s = 'x2' WHERE id = 2");
        Object[] upd = entry("UPDATE t SET s = ? WHERE id = ?");
        assertNotNull(upd);
        assertEquals(1L, upd[1]);
        both("INSERT INTO t VALUES (100, 1, 'a', DATE '2025-01-01')");
        both("INSERT INTO t VALUES (101, 2, 'b', DATE '2025-01-01')");
        assertEquals("error 23505", both("INSERT INTO t VALUES (101, 3, 'c', DATE '2025-01-01')"));
        assertEquals(2L, entry("INSERT INTO t VALUES (?, ?, ?, DATE '2025-01-01')")[1]);
        both("DELETE FROM t WHERE id = 100");
        both("DELETE FROM t WHERE id = 101");
        assertEquals(1L, entry("DELETE FROM t WHERE id = ?")[1]);
        long version = (Long) upd[3];

        // a new column: the cached INSERT (three values for four columns before) now fails, as it must
        both("ALTER TABLE t ADD COLUMN n INT DEFAULT 7 CHECK (n < 100)");
        assertEquals("error 42601", both("INSERT INTO t VALUES (102, 1, 'c', DATE '2025-01-01')"));
        both("INSERT INTO t VALUES (102, 1, 'c', DATE '2025-01-01', 8)");
        assertEquals("error 23514", both("INSERT INTO t VALUES (103, 1, 'c', DATE '2025-01-01', 800)"));
        assertEquals("[n][8] count 0", both("SELECT n FROM t WHERE id = 102"));
        both("UPDATE t SET s = 'x3' WHERE id = 3");
        assertEquals("error 23514", both("UPDATE t SET n = 500 WHERE id = 3"), "the new CHECK holds for updates too");
        assertEquals("[s, n][x3, 7] count 0", both("SELECT s, n FROM t WHERE id = 3"));
        Object[] after = entry("UPDATE t SET s = ? WHERE id = ?");
        assertTrue((Long) after[3] > version, "replanned at the new catalog version");

        // an index: the cached UPDATE/DELETE of its column now reads it; dropped, they stop
        both("UPDATE t SET s = 'y' WHERE k = 3");
        assertTrue(!((String) entry("UPDATE t SET s = ? WHERE k = ?")[4]).contains("t_k"));
        both("CREATE INDEX t_k ON t (k)");
        both("UPDATE t SET s = 'z' WHERE k = 4");
        assertTrue(((String) entry("UPDATE t SET s = ? WHERE k = ?")[4]).contains("t_k"), "planned with the new index");
        assertEquals("[count][6] count 0", both("SELECT count(*) FROM t WHERE s = 'z'"));
        both("DELETE FROM t WHERE k = 6 AND id > 30");
        assertTrue(((String) entry("DELETE FROM t WHERE k = ? AND id > ?")[4]).contains("t_k"));
        both("DROP INDEX t_k");
        both("DELETE FROM t WHERE k = 5 AND id > 30");
        assertTrue(!((String) entry("DELETE FROM t WHERE k = ? AND id > ?")[4]).contains("t_k"), "the dropped index is gone");
        both("SELECT count(*) FROM t WHERE id <= 40 OR id = 102");

        // a bulk INSERT ... VALUES is not cached (its text rarely repeats); a short one is
        StringBuilder bulk = new StringBuilder("INSERT INTO t (id, k) VALUES ");
        for (int i = 0; i <= SqlEngine.MAX_CACHED_VALUES_ROWS; i++) {
            bulk.append(i > 0 ? ", " : "").append('(').append(1000 + i).append(", 1)");
        }
        String loaded = both(bulk.toString());
        assertTrue(loaded.endsWith(" count " + (SqlEngine.MAX_CACHED_VALUES_ROWS + 1)), loaded);
        both("INSERT INTO t (id, k) VALUES (2000, 1), (2001, 2)");
        both("INSERT INTO t (id, k) VALUES (2002, 1), (2003, 2)");
        assertEquals(1L, entry("INSERT INTO t (id, k) VALUES (?, ?), (?, ?)")[1]);
        for (Object[] r : engine.execute(s1, "SELECT sql_text FROM v$plan_cache").rows()) {
            assertTrue(((String) r[0]).length() < 200, "no bulk INSERT cached: " + r[0]);
        }

        // ANALYZE moves the catalog version: the next execution plans again
        long beforeAnalyze = (Long) entry("DELETE FROM t WHERE k = ? AND id > ?")[3];
        both("ANALYZE t");
        both("DELETE FROM t WHERE k = 4 AND id > 38");
        assertTrue((Long) entry("DELETE FROM t WHERE k = ? AND id > ?")[3] > beforeAnalyze);
        both("SELECT * FROM t ORDER BY id");
    }

    @Test
    void aShapeWhosePlanLooksAtHistogramsIsPlannedPerText() throws SqlException {
        both("CREATE TABLE h (id INT PRIMARY KEY, k INT)");
        both("CREATE INDEX h_k ON h (k)");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 600; i++) {
            values.append(i > 1 ? ", " : "").append('(').append(i).append(", ").append(i <= 590 ? 1 : i).append(')');
        }
        both("INSERT INTO h VALUES " + values);
        both("ANALYZE h");
        assertEquals("[count][590] count 0", both("SELECT count(*) FROM h WHERE k = 1"));
        assertEquals("[count][1] count 0", both("SELECT count(*) FROM h WHERE k = 595"));
        Object[] marker = entry("SELECT count(*) FROM h WHERE k = ?");
        assertNotNull(marker);
        assertTrue(((String) marker[4]).startsWith("(planned per text"), String.valueOf(marker[4]));
        assertNotNull(entry("SELECT count(*) FROM h WHERE k = 1"), "each text keeps the plan chosen for its value");
        assertNotNull(entry("SELECT count(*) FROM h WHERE k = 595"));
        both("SELECT count(*) FROM h WHERE k = 1");
        assertEquals(1L, entry("SELECT count(*) FROM h WHERE k = 1")[1]);
        // the primary key needs no histogram: one plan for every key
        both("SELECT k FROM h WHERE id = 3");
        both("SELECT k FROM h WHERE id = 595");
        assertEquals(1L, entry("SELECT k FROM h WHERE id = ?")[1]);
    }

    /**
     * Sessions run one shape with random literals (lookups, updates, inserts) while another runs
     * DDL and ANALYZE on the table: every answer is right; the only error is 40001 (a definition
     * changed under a writing statement: retry), as documented. (No DROP INDEX here: a statement
     * that read the catalog before a concurrent DROP INDEX committed can find the index's tree
     * gone, with or without the plan cache; CATALOG.md lists it.)
     */
    @Test
    void sessionsRunningShapesWithOtherLiteralsDuringDdlGetRightAnswers() throws Exception {
        engine.execute(s1, "CREATE TABLE c (id INT PRIMARY KEY, v INT, n INT)");
        for (int i = 0; i < 200; i++) {
            engine.execute(s1, "INSERT INTO c VALUES (" + i + ", " + (i * 3) + ", 0)");
        }
        engine.execute(s1, "CREATE TABLE log (id BIGINT PRIMARY KEY, who INT)");
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicLong updates = new AtomicLong();
        AtomicLong inserts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            int seed = n;
            threads.add(new Thread(() -> {
                Random r = new Random(seed);
                long next = 0;
                try (Session s = manager.openSession("w" + seed, "test")) {
                    while (!stop.get()) {
                        int id = r.nextInt(200);
                        try {
                            List<Object[]> rows = engine.execute(s, "SELECT v FROM c WHERE id = " + id).rows();
                            if (rows.size() != 1 || !Integer.valueOf(id * 3).equals(rows.get(0)[0])) {
                                problems.add("lookup " + id + ": " + rows.size() + " rows");
                            }
                            int lo = r.nextInt(190);
                            Object cnt = engine.execute(s, "SELECT count(*) FROM c WHERE v >= " + (lo * 3)
                                    + " AND v < " + (lo * 3 + 30)).rows().get(0)[0];
                            if (((Number) cnt).longValue() != 10) {
                                problems.add("range " + lo + ": " + cnt);
                            }
                            if (engine.execute(s, "UPDATE c SET n = n + 1 WHERE id = " + id).updateCount() == 1) {
                                updates.incrementAndGet();
                            }
                            long key = seed * 1_000_000L + next;
                            engine.execute(s, "INSERT INTO log VALUES (" + key + ", " + seed + ")");
                            next++;
                            inserts.incrementAndGet();
                        } catch (SqlException e) {
                            if (!"40001".equals(e.getSQLState())) {
                                problems.add(e.getSQLState() + " " + e.getMessage());
                            }
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        Session ddl = manager.openSession("ddl", "test");
        try {
            for (int i = 0; i < 10; i++) {
                engine.execute(ddl, "CREATE INDEX c_v" + i + " ON c (v)");
                engine.execute(ddl, "ANALYZE c");
                engine.execute(ddl, "ALTER TABLE c ADD COLUMN x" + i + " INT DEFAULT " + i);
                engine.execute(ddl, "ALTER INDEX c_v" + i + " INVISIBLE");
                engine.execute(ddl, "ANALYZE");
                Thread.sleep(5);
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            ddl.close();
        }
        assertEquals(List.of(), new ArrayList<>(problems));
        assertEquals(updates.get(), ((Number) engine.execute(s1, "SELECT sum(n) FROM c").rows().get(0)[0]).longValue(),
                "every acknowledged update counted once");
        assertEquals(inserts.get(), ((Number) engine.execute(s1, "SELECT count(*) FROM log").rows().get(0)[0]).longValue());
        assertEquals(200L, ((Number) engine.execute(s1, "SELECT count(*) FROM c WHERE x9 = 9").rows().get(0)[0]).longValue());
        assertTrue(engine.planCacheHits() > 0);
    }
}
