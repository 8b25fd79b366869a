package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * The shared catalog snapshot and the plan cache: a cached engine answers exactly like one with
 * both turned off, across DDL, ANALYZE, settings, uncommitted and rolled-back DDL of another
 * session, and prepared statements re-run with other parameters; and under concurrent DDL.
 */
class PlanCacheTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Session s2;
    private Path offDir;
    private TransactionManagerImpl offManager;
    private SqlEngine off;
    private Session f1;
    private Session f2;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-plan-cache");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        s1 = manager.openSession("one", "test");
        s2 = manager.openSession("two", "test");
        offDir = Files.createTempDirectory("cairn-plan-cache-off");
        offManager = DatabaseEngine.open(offDir);
        off = new SqlEngine(offManager);
        off.setPlanCacheEnabled(false);
        off.setParseCacheEnabled(false);
        f1 = offManager.openSession("one", "test");
        f2 = offManager.openSession("two", "test");
    }

    @AfterEach
    void close() throws Exception {
        s1.close();
        s2.close();
        manager.close();
        DatabaseEngine.deleteTree(dir);
        f1.close();
        f2.close();
        offManager.close();
        DatabaseEngine.deleteTree(offDir);
    }

    private static String rows(SqlResult r) {
        return ParseCacheTest.rows(r);
    }

    private static String outcome(SqlEngine e, Session s, String sql, Object... params) {
        return ParseCacheTest.outcome(e, s, sql, params);
    }

    /** Runs a step on both engines (session "1" or "2") and checks they answer the same. */
    private String both(String session, String sql, Object... params) {
        String expected = outcome(off, session.equals("1") ? f1 : f2, sql, params);
        String actual = outcome(engine, session.equals("1") ? s1 : s2, sql, params);
        assertEquals(expected, actual, "session " + session + ": " + sql + " " + Arrays.toString(params));
        return actual;
    }

    /** The value as a SQL literal, so the planner evaluates it while planning (no parameter slot). */
    private static String literal(Object v) {
        if (v == null) {
            return "NULL";
        } else if (v instanceof String str) {
            return "'" + str.replace("'", "''") + "'";
        } else if (v instanceof java.time.LocalDate d) {
            return "DATE '" + d + "'";
        }
        return v.toString();
    }

    /**
     * Runs a parameterised step on both engines, and the same text with the values written as
     * literals on the uncached engine: a plan with parameter slots answers like one planned with
     * the values.
     */
    private void withParameters(String session, String sql, Object... params) {
        String answer = both(session, sql, params);
        StringBuilder text = new StringBuilder();
        int p = 0;
        for (char ch : sql.toCharArray()) {
            text.append(ch == '?' ? literal(params[p++]) : String.valueOf(ch));
        }
        assertEquals(answer, outcome(off, session.equals("1") ? f1 : f2, text.toString()), text.toString());
    }

    /** The first column of the first row of a query of session one, as a number. */
    private long first(String sql) throws SqlException {
        return ((Number) engine.execute(s1, sql).rows().get(0)[0]).longValue();
    }

    private String plan(String sql) throws SqlException {
        StringBuilder sb = new StringBuilder();
        for (Object[] r : engine.execute(s1, "EXPLAIN " + sql).rows()) {
            sb.append(r[0]).append('\n');
        }
        return sb.toString().trim();
    }

    /** The cached plan of a text as v$plan_cache shows it, or null. */
    private String cachedPlan(String sql) throws SqlException {
        for (Object[] r : engine.execute(s2, "SELECT sql_text, plan, hits, catalog_version FROM v$plan_cache WHERE NOT parameterized").rows()) {
            if (r[0].equals(sql)) {
                return (String) r[1];
            }
        }
        return null;
    }

    @Test
    void preparedStatementReusesOnePlanForEveryParameter() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id BIGINT PRIMARY KEY, k INT, v VARCHAR(5))");
        for (int i = 1; i <= 50; i++) {
            engine.execute(s1, "INSERT INTO t VALUES (?, ?, ?)", (long) i, i % 7, "v" + i);
        }
        String q = "SELECT id, v FROM t WHERE id = ?";
        long loads = engine.catalogLoads();
        assertEquals("[id, v][3, v3]", rows(engine.execute(s1, q, 3L)));
        long misses = engine.planCacheMisses();
        long hits = engine.planCacheHits();
        assertEquals("[id, v][4, v4]", rows(engine.execute(s1, q, 4)), "an Integer for a BIGINT key");
        assertEquals("[id, v]", rows(engine.execute(s2, q, (Object) null)), "NULL matches nothing");
        assertEquals("[id, v]", rows(engine.execute(s2, q, 99L)));
        assertEquals("[id, v][5, v5]", rows(engine.execute(s1, q, 5L)));
        assertEquals(misses, engine.planCacheMisses(), "no execution planned again");
        assertEquals(hits + 4, engine.planCacheHits());
        assertTrue(engine.catalogLoads() <= loads + 1, "the catalog is read once, not per statement");
        assertTrue(cachedPlan(q).contains("> Primary Key Lookup on t"), cachedPlan(q));
        assertEquals(plan(q), cachedPlan(q), "EXPLAIN plans what the cache holds");
    }

    @Test
    void parametersAnswerLikeAnUncachedEngine() {
        both("1", "CREATE TABLE t (id INT PRIMARY KEY, k INT, d DATE, s VARCHAR(3), x DECIMAL(5,1))");
        both("1", "CREATE INDEX t_k ON t (k, s)");
        for (int i = 1; i <= 40; i++) {
            both("1", "INSERT INTO t VALUES (?, ?, DATE '2024-01-01' + ?, ?, ?)", i, i % 5, i,
                    i % 3 == 0 ? null : "s" + (i % 4), new java.math.BigDecimal(i + ".5"));
        }
        String range = "SELECT id FROM t WHERE id >= ? AND id < ? ORDER BY id";
        String between = "SELECT id FROM t WHERE id BETWEEN ? AND ? ORDER BY id";
        String in = "SELECT id FROM t WHERE id IN (?, ?, 7) ORDER BY id";
        String idx = "SELECT id FROM t WHERE k = ? AND s = ? ORDER BY id";
        String idxRange = "SELECT id FROM t WHERE k = ? AND s > ? ORDER BY id";
        String arith = "SELECT id FROM t WHERE id = ? + 1";
        Object[][] ranges = {{5, 9}, {9, 5}, {null, 9}, {5, null}, {5L, 9L}, {2147483648L, 1L}, {-2147483649L, 3}, {-5L, 3},
            {"5", 9}, {5, "9"}, {new java.math.BigDecimal("5.5"), 9}, {4.5, 8.5}, {"x", 9}};
        for (Object[] p : ranges) {
            withParameters("1", range, p);
            withParameters("2", between, p);
            withParameters("1", in, p);
            withParameters("2", arith, p[0]);
        }
        Object[][] keys = {{1, "s1"}, {2, "s2"}, {2, null}, {null, "s1"}, {1L, "s1"}, {"1", "s1"}, {1, "much too long"}, {1, "s0000"}, {2, "a0000"},
            {0, "s"}, {3, 5}};
        for (Object[] p : keys) {
            withParameters("1", idx, p);
            withParameters("2", idxRange, p);
        }
        both("1", "SELECT id FROM t WHERE d = ? ORDER BY id", java.time.LocalDate.of(2024, 1, 5));
        withParameters("1", "SELECT id FROM t WHERE d = ? ORDER BY id", "2024-01-06");
        both("1", "SELECT id FROM t WHERE x > ? ORDER BY id", new java.math.BigDecimal("38.5"));
        both("2", "SELECT id FROM t ORDER BY id LIMIT ? OFFSET ?", 3, 2);
        both("2", "SELECT id FROM t ORDER BY id LIMIT ? OFFSET ?", 2, 5);
        both("1", "UPDATE t SET k = ? WHERE id = ?", 9, 3);
        both("1", idx, 9, "s1");
        both("2", "DELETE FROM t WHERE id BETWEEN ? AND ?", 10, 12);
        both("2", range, 8, 14);
        assertTrue(engine.planCacheHits() > 20, "hits " + engine.planCacheHits());
    }

    /**
     * Parameter slots on a DESC index column and on ordered paths (ORDER BY without a sort, merge
     * join), re-run through the cache with new values (including ones that widen the scan): the
     * cached plan keeps its shape and answers like the text with literals, planned each time.
     */
    @Test
    void descendingAndOrderedPathsWithParametersAnswerLikeLiterals() throws SqlException {
        for (String t : List.of("l", "r")) {
            both("1", "CREATE TABLE " + t + " (id INT PRIMARY KEY, g INT, k INT, s VARCHAR(3))");
            for (int i = 1; i <= 60; i++) {
                both("1", "INSERT INTO " + t + " VALUES (?, ?, ?, ?)", i, i % 4, i % 11 == 0 ? null : (i * 7) % 23,
                        "s" + (i % 5));
            }
        }
        both("1", "CREATE INDEX l_gk ON l (g, k DESC)");
        both("1", "CREATE INDEX l_k ON l (k DESC)");
        both("1", "CREATE INDEX r_k ON r (k)");
        String descRange = "SELECT id, k FROM l WHERE k > ? AND k <= ? ORDER BY k DESC, id";
        String descLimit = "SELECT k, id FROM l WHERE k < ? ORDER BY k DESC LIMIT 5";
        String eqThenDesc = "SELECT k, id FROM l WHERE g = ? AND k >= ? ORDER BY g, k DESC NULLS LAST";
        String eqOrdered = "SELECT k, id FROM l WHERE g = ? ORDER BY g, k DESC NULLS LAST";
        String merge = "SELECT l.id, r.id FROM l JOIN r ON l.id = r.id WHERE l.id >= ? AND r.id <= ? ORDER BY 1, 2";
        Object[][] pairs = {{3, 15}, {15, 3}, {null, 9}, {4, null}, {0, 22}, {"5", 20}, {-2147483649L, 7},
            {4.5, 12}, {2147483648L, 30}, {7, 7}};
        for (int round = 0; round < 2; round++) { // the second round runs every text from the cache
            for (Object[] p : pairs) {
                withParameters("1", descRange, p);
                withParameters("2", descLimit, p[1]);
                withParameters("1", eqThenDesc, p[0], p[1]);
                withParameters("2", eqOrdered, p[0]);
                withParameters("1", merge, p);
            }
        }
        // the texts were planned once with slots and kept the paths the literals get
        assertTrue(cachedPlan(descRange).contains("l_k"), cachedPlan(descRange));
        assertTrue(cachedPlan(eqThenDesc).contains("l_gk") && !cachedPlan(eqThenDesc).contains("Sort"),
                cachedPlan(eqThenDesc));
        assertTrue(cachedPlan(eqOrdered).contains("l_gk") && !cachedPlan(eqOrdered).contains("Sort"),
                cachedPlan(eqOrdered));
        assertTrue(cachedPlan(descLimit).contains("l_k") && !cachedPlan(descLimit).contains("Sort"),
                cachedPlan(descLimit));
        assertTrue(cachedPlan(merge).contains("Merge Join"), cachedPlan(merge));
        assertTrue(engine.planCacheHits() >= 5 * pairs.length, "hits " + engine.planCacheHits());
    }

    @Test
    void aPlanCallingAPluginFunctionIsNotCachedSoRemovingTheFunctionTakesEffect() throws SqlException {
        io.cairn.sql.SqlFunction twice = TestFunctions.all().stream()
                .filter(f -> f.name().equals("test.twice")).findFirst().orElseThrow();
        engine.registry().addFunction(twice);
        engine.execute(s1, "CREATE TABLE t (id BIGINT PRIMARY KEY)");
        engine.execute(s1, "INSERT INTO t VALUES (10), (11)");
        String q = "SELECT id FROM t WHERE id = test.twice(?) + 1";
        assertEquals("[id][11]", rows(engine.execute(s1, q, 5)));
        assertEquals("[id][11]", rows(engine.execute(s1, q, 5)));
        assertEquals(null, cachedPlan(q));
        engine.registry().removeFunction(twice);
        assertEquals("error 42883", outcome(engine, s1, q, 5), "the withdrawn function is not called from an old plan");
    }

    @Test
    void cachedEngineFollowsDdlAnalyzeAndSettings() throws SqlException {
        String q1 = "SELECT * FROM t WHERE v = ? ORDER BY id";
        String q2 = "SELECT count(*), sum(v) FROM t";
        String q3 = "SELECT t.id, u.name FROM t, u WHERE t.v = u.v ORDER BY t.id, u.name";
        String[][] script = {
            {"1", "CREATE TABLE t (id INT PRIMARY KEY, v INT, w INT)"},
            {"1", "CREATE TABLE u (name VARCHAR(10), v INT)"},
            {"1", "INSERT INTO t VALUES (1, 10, 1), (2, 20, 2), (3, 20, 3)"},
            {"1", "INSERT INTO u VALUES ('a', 10), ('b', 20)"},
            {"1", q1}, {"2", q1}, {"2", q2}, {"1", q3},
            {"1", "CREATE INDEX t_v ON t (v)"}, {"2", q1}, {"1", q3},
            {"1", "ANALYZE"}, {"2", q1}, {"1", q2}, {"2", q3},
            {"1", "ALTER INDEX t_v INVISIBLE"}, {"2", q1}, {"1", q1},
            {"2", "SET optimizer_use_invisible_indexes = on"}, {"2", q1}, {"1", q1},
            {"1", "ALTER INDEX t_v VISIBLE"}, {"1", q1},
            {"1", "ALTER TABLE t ADD COLUMN z INT DEFAULT 5"}, {"2", q1}, {"1", q3},
            {"1", "BEGIN"}, {"1", "ALTER TABLE t DROP COLUMN w"}, {"1", q1}, {"2", q1},
            {"1", "INSERT INTO t VALUES (4, 20, 6)"}, {"1", q2}, {"2", q2},
            {"1", "COMMIT"}, {"2", q1}, {"2", q2},
            {"2", "BEGIN"}, {"2", "DROP INDEX t_v"}, {"2", q1}, {"1", q1}, {"2", "ROLLBACK"}, {"1", q1}, {"2", q1},
            {"1", "UPDATE t SET v = 30 WHERE id = 2"}, {"2", q1}, {"2", q2},
            {"1", "DELETE FROM t WHERE v = 20"}, {"1", q1}, {"2", q2},
            {"1", "DROP INDEX t_v"}, {"2", q1},
            {"2", "DROP TABLE t"}, {"1", q1}, {"2", q2}, {"1", q3},
            {"2", "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5))"}, {"1", q1}, {"1", q3},
            {"2", "INSERT INTO t VALUES (1, '20')"}, {"1", q2},
        };
        Object[] params = {20};
        for (String[] step : script) {
            both(step[0], step[1], step[1].equals(q1) ? params : new Object[0]);
        }
        assertTrue(engine.planCacheHits() > 0);
    }

    @Test
    void explainAndCacheShowTheNewPlanAfterInvalidation() throws SqlException {
        engine.execute(s1, "CREATE TABLE big (id INT PRIMARY KEY, k INT)");
        engine.execute(s1, "CREATE TABLE small (k INT PRIMARY KEY, name VARCHAR(10))");
        for (int i = 0; i < 200; i++) {
            engine.execute(s1, "INSERT INTO big VALUES (?, ?)", i, i % 5);
        }
        for (int i = 0; i < 5; i++) {
            engine.execute(s1, "INSERT INTO small VALUES (?, ?)", i, "n" + i);
        }
        String join = "SELECT big.id, small.name FROM big, small WHERE big.k = small.k AND big.id < ? ORDER BY big.id";
        String answer = rows(engine.execute(s2, join, 50));
        String before = cachedPlan(join);
        assertEquals(plan(join), before);
        engine.execute(s1, "ANALYZE");
        assertEquals(answer, rows(engine.execute(s2, join, 50)));
        String after = cachedPlan(join);
        assertNotEquals(before, after, "ANALYZE changed the estimates, so the join order");
        assertEquals(plan(join), after);

        String byK = "SELECT id FROM big WHERE k = ?";
        engine.execute(s2, byK, 3);
        assertFalse(cachedPlan(byK).contains("big_k"));
        engine.execute(s1, "CREATE INDEX big_k ON big (k)");
        assertEquals(rows(engine.execute(s1, "SELECT id FROM big WHERE k = 3")), rows(engine.execute(s2, byK, 3)));
        // the index holds k and the primary key: an index-only scan
        assertTrue(cachedPlan(byK).contains("Index Only Scan using big_k"), cachedPlan(byK));
        assertEquals(plan(byK), cachedPlan(byK));
        engine.execute(s1, "ALTER INDEX big_k INVISIBLE");
        engine.execute(s2, byK, 3);
        assertFalse(cachedPlan(byK).contains("big_k"));
        engine.execute(s2, "SET optimizer_use_invisible_indexes = on");
        engine.execute(s2, byK, 3);
        long withIndex = 0;
        for (Object[] r : engine.execute(s1, "SELECT sql_text, invisible_indexes, plan FROM v$plan_cache WHERE NOT parameterized").rows()) {
            if (r[0].equals(byK) && Boolean.TRUE.equals(r[1])) {
                assertTrue(((String) r[2]).contains("big_k"), (String) r[2]);
                withIndex++;
            }
        }
        assertEquals(1, withIndex, "the session setting is part of the key");
    }

    @Test
    void uncommittedDdlStaysInItsTransactionAndRollbackLeavesNoTrace() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10), (2, 20)");
        String q = "SELECT * FROM t WHERE id = ?";
        String star = "SELECT * FROM t ORDER BY id";
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q, 1)));
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "ALTER TABLE t ADD COLUMN x INT DEFAULT 7");
        engine.execute(s1, "CREATE TABLE fresh (a INT)");
        assertEquals("[id, v, x][1, 10, 7]", rows(engine.execute(s1, q, 1)));
        assertEquals("[id, v][2, 20]", rows(engine.execute(s2, q, 2)), "another session never sees uncommitted DDL");
        assertEquals("[id, v][1, 10][2, 20]", rows(engine.execute(s2, star)));
        assertEquals("error 42P01", outcome(engine, s2, "SELECT * FROM fresh"));
        engine.execute(s1, "ROLLBACK");
        assertEquals("[id, v][1, 10]", rows(engine.execute(s1, q, 1)));
        assertEquals("[id, v][1, 10][2, 20]", rows(engine.execute(s2, star)));
        assertEquals("error 42P01", outcome(engine, s1, "SELECT * FROM fresh"));

        engine.execute(s1, "BEGIN");
        engine.execute(s1, "ALTER TABLE t ADD COLUMN y INT DEFAULT 8");
        assertEquals("[id, v][2, 20]", rows(engine.execute(s2, q, 2)));
        engine.execute(s1, "COMMIT");
        assertEquals("[id, v, y][2, 20, 8]", rows(engine.execute(s2, q, 2)), "committed DDL is seen at once");
    }

    @Test
    void ddlInATransactionTheEngineDoesNotEndIsSeenOnlyOnceItCommits() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10)");
        String q = "SELECT * FROM t";
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q)));
        Transaction api = s1.begin(IsolationLevel.READ_COMMITTED);
        engine.execute(s1, "ALTER TABLE t ADD COLUMN x INT DEFAULT 3");
        assertEquals("[id, v, x][1, 10, 3]", rows(engine.execute(s1, q)));
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q)));
        api.commit();
        api.close();
        assertEquals("[id, v, x][1, 10, 3]", rows(engine.execute(s2, q)));
        assertEquals("[id, v, x][1, 10, 3]", rows(engine.execute(s1, q)));
    }

    @Test
    void snapshotTransactionKeepsTheCatalogOfItsSnapshot() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10)");
        String q = "SELECT * FROM t";
        engine.execute(s2, "BEGIN");
        engine.execute(s2, "SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q)));
        engine.execute(s1, "ALTER TABLE t ADD COLUMN x INT DEFAULT 3");
        assertEquals("[id, v, x][1, 10, 3]", rows(engine.execute(s1, q)), "loads the new version");
        assertEquals("[id, v][1, 10]", rows(engine.execute(s2, q)), "an older snapshot reads its own catalog");
        engine.execute(s2, "COMMIT");
        assertEquals("[id, v, x][1, 10, 3]", rows(engine.execute(s2, q)));
    }

    @Test
    void planCacheIsBoundedAndCanBeTurnedOff() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY)");
        // a literal of the select list is part of the shape: each text is a statement of its own
        for (int i = 0; i < PlanCache.SIZE; i++) {
            engine.execute(s1, "SELECT id, " + i + " FROM t");
        }
        engine.execute(s1, "SELECT id, 0 FROM t"); // now the most recently used
        for (int i = PlanCache.SIZE; i < PlanCache.SIZE + 10; i++) {
            engine.execute(s1, "SELECT id, " + i + " FROM t");
        }
        assertEquals((long) PlanCache.SIZE, first("SELECT count(*) FROM v$plan_cache"));
        assertEquals(1L, first("SELECT count(*) FROM v$plan_cache WHERE sql_text = 'SELECT id, 0 FROM t'"));
        assertEquals(0L, first("SELECT count(*) FROM v$plan_cache WHERE sql_text = 'SELECT id, 1 FROM t'"),
                "the least recently used went first");
        engine.setPlanCacheEnabled(false);
        long hits = engine.planCacheHits();
        engine.execute(s1, "SELECT id FROM t WHERE id = 1");
        engine.execute(s1, "SELECT id FROM t WHERE id = 1");
        assertEquals(hits, engine.planCacheHits());
        assertEquals(0L, first("SELECT count(*) FROM v$plan_cache"));
    }

    @Test
    void queriesWithPerExecutionStateAreNotCached() throws SqlException {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 10), (2, 20)");
        String sub = "SELECT id FROM t WHERE v = (SELECT max(v) FROM t)";
        assertEquals("[id][2]", rows(engine.execute(s1, sub)));
        engine.execute(s1, "INSERT INTO t VALUES (3, 30)");
        assertEquals("[id][3]", rows(engine.execute(s1, sub)), "a subquery result is not kept between executions");
        String limit = "SELECT id FROM t ORDER BY id LIMIT ?";
        assertEquals("[id][1]", rows(engine.execute(s1, limit, 1)));
        assertEquals("[id][1][2]", rows(engine.execute(s1, limit, 2)));
        engine.execute(s1, "SELECT * FROM v$session");
        assertEquals(null, cachedPlan(sub));
        assertEquals(null, cachedPlan(limit));
        assertEquals(null, cachedPlan("SELECT * FROM v$session"));
    }

    /** Four sessions run the same cached statements at once: each execution gets a tree of its own. */
    @Test
    void sessionsRunningOneStatementAtOnceGetRightAnswers() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        for (int i = 0; i < 300; i++) {
            engine.execute(s1, "INSERT INTO t VALUES (?, ?)", i, i * 3);
        }
        String range = "SELECT id, v FROM t WHERE id >= ? AND id < ? ORDER BY v DESC";
        String agg = "SELECT count(*), sum(v) FROM t WHERE id BETWEEN ? AND ?";
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            int seed = n;
            threads.add(new Thread(() -> {
                Random r = new Random(seed);
                try (Session s = manager.openSession("t" + seed, "test")) {
                    for (int i = 0; i < 400; i++) {
                        int from = r.nextInt(290);
                        List<Object[]> rows = engine.execute(s, range, from, from + 10).rows();
                        for (int k = 0; k < rows.size(); k++) {
                            int id = from + 9 - k;
                            if (rows.size() != 10 || !rows.get(k)[0].equals(id) || !rows.get(k)[1].equals(id * 3)) {
                                problems.add("range from " + from + ": " + Arrays.deepToString(rows.toArray()));
                                break;
                            }
                        }
                        Object[] a = engine.execute(s, agg, from, from + 4).rows().get(0);
                        if (((Number) a[0]).longValue() != 5 || ((Number) a[1]).longValue() != 3L * (5 * from + 10)) {
                            problems.add("aggregate from " + from + ": " + Arrays.toString(a));
                        }
                    }
                } catch (SqlException e) {
                    problems.add(e.getSQLState() + " " + e.getMessage());
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), new ArrayList<>(problems));
        for (Object[] r : engine.execute(s1, "SELECT sql_text, hits, plans FROM v$plan_cache").rows()) {
            if (r[0].equals(range) || r[0].equals(agg)) {
                long plans = ((Number) r[2]).longValue();
                assertTrue(plans >= 1 && plans <= 4, r[0] + " has " + plans + " trees for 4 sessions");
                assertTrue(((Number) r[1]).longValue() >= 1600 - plans, r[0] + " hits " + r[1]);
            }
        }
    }

    /**
     * One thread runs prepared lookups and updates while another runs DDL and ANALYZE on the same
     * table: every answer must be right, and no update may be lost or written with a stale definition.
     */
    @Test
    void concurrentDdlAndDmlStayCorrect() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, v INT, n INT)");
        for (int i = 0; i < 100; i++) {
            engine.execute(s1, "INSERT INTO t VALUES (?, ?, 0)", i, i * 10);
        }
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicLong updates = new AtomicLong();
        AtomicLong lookups = new AtomicLong();
        Thread dml = new Thread(() -> {
            Random r = new Random(7);
            while (!stop.get()) {
                int id = r.nextInt(100);
                try {
                    SqlResult res = engine.execute(s2, "SELECT v FROM t WHERE id = ?", id);
                    if (res.rows().size() != 1 || !Integer.valueOf(id * 10).equals(res.rows().get(0)[0])) {
                        problems.add("lookup " + id + " gave " + rows(res));
                    }
                    res = engine.execute(s2, "SELECT count(*) FROM t WHERE v >= ? AND v < ?", id * 10, id * 10 + 50);
                    long expect = Math.min(5, 100 - id);
                    if (((Number) res.rows().get(0)[0]).longValue() != expect) {
                        problems.add("range " + id + " gave " + rows(res));
                    }
                    lookups.incrementAndGet();
                    engine.execute(s2, "UPDATE t SET n = n + 1 WHERE id = ?", id);
                    updates.incrementAndGet();
                } catch (SqlException e) {
                    if (!"40001".equals(e.getSQLState())) {
                        problems.add(e.getSQLState() + " " + e.getMessage());
                    }
                }
            }
        });
        dml.start();
        Session ddl = manager.openSession("ddl", "test");
        try {
            for (int i = 0; i < 12; i++) {
                String index = "t_v" + i;
                engine.execute(ddl, "CREATE INDEX " + index + " ON t (v)");
                engine.execute(ddl, "ANALYZE t");
                engine.execute(ddl, "ALTER INDEX " + index + " INVISIBLE");
                engine.execute(ddl, "ALTER TABLE t ADD COLUMN c" + i + " INT DEFAULT " + i);
                engine.execute(ddl, "BEGIN");
                engine.execute(ddl, "ALTER INDEX " + index + " VISIBLE");
                engine.execute(ddl, "ROLLBACK");
                Thread.sleep(5);
            }
        } finally {
            stop.set(true);
            dml.join();
            ddl.close();
        }
        assertEquals(List.of(), new ArrayList<>(problems));
        assertTrue(lookups.get() > 0);
        assertEquals(updates.get(), first("SELECT sum(n) FROM t"),
                "every acknowledged update counted once");
        assertEquals(100L, first("SELECT count(*) FROM t WHERE c11 = 11"));
    }
}
