package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.sql.SqlFunction;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemView.ColumnType;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.StatementHandle;
import io.cairn.sql.internal.exec.TempArea;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * Sorts and hash tables past the memory bound spill to the database's temp area and return
 * exactly what they return in memory (same rows, same order where the query orders them, same
 * Java values); their temp files are gone after every statement, also a cancelled or failed one.
 */
class SpillTest {

    /** Small enough that every query below spills, and sorts merge in several passes (1,500 rows / 7 = 215 runs). */
    static final long TINY = 7;

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-spill");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        engine.useTempArea(dir);
        s = manager.openSession("test", "spill");
        fill();
    }

    @AfterEach
    void close() throws IOException {
        s.close();
        manager.close();
        DatabaseEngine.deleteTree(dir);
    }

    private static final String[] WORDS = {"apple", "Apple", "zebra", "", "é", "e\u0301", "\uD83D\uDE00x", "\uFFFDz",
        "a b", "Z"};

    /** t: 1,500 rows of every type with NULLs and many duplicates; u: 400 rows to join with. */
    private void fill() throws SqlException {
        engine.execute(s, "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(20), c DECIMAL(10, 2), d DOUBLE, "
                + "e DATE, f TIMESTAMP, g BOOLEAN, h BLOB)");
        engine.execute(s, "CREATE TABLE u (id INT PRIMARY KEY, a INT, w VARCHAR(20))");
        Random r = new Random(42);
        engine.execute(s, "BEGIN");
        for (int id = 1; id <= 1500; id++) {
            Object a = r.nextInt(10) == 0 ? null : r.nextInt(50);
            Object b = r.nextInt(12) == 0 ? null : id == 77 ? "lone \uD800 surrogate" : WORDS[r.nextInt(WORDS.length)];
            Object c = r.nextInt(9) == 0 ? null : BigDecimal.valueOf(r.nextInt(2000) - 1000, 2);
            Object d = r.nextInt(8) == 0 ? null : r.nextInt(5) == 0 ? (r.nextBoolean() ? -0.0 : 0.0) : r.nextInt(300) / 7.0;
            Object e = r.nextInt(10) == 0 ? null : LocalDate.of(2020, 1, 1).plusDays(r.nextInt(40));
            Object f = r.nextInt(10) == 0 ? null : LocalDateTime.of(2024, 5, 1, 0, 0).plusSeconds(r.nextInt(30)).plusNanos(r.nextInt(3) * 1000);
            Object g = r.nextInt(7) == 0 ? null : r.nextBoolean();
            Object h = r.nextInt(6) == 0 ? null : new byte[] {(byte) r.nextInt(4), (byte) (r.nextInt(3) * 120)};
            engine.execute(s, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, a, b, c, d, e, f, g, h);
        }
        for (int id = 1; id <= 400; id++) {
            Object a = r.nextInt(10) == 0 ? null : r.nextInt(60);
            engine.execute(s, "INSERT INTO u VALUES (?, ?, ?)", id, a, WORDS[r.nextInt(WORDS.length)]);
        }
        engine.execute(s, "COMMIT");
    }

    /** Queries whose order is fixed by ORDER BY: compared row for row, ties included (the sort is stable). */
    static final String[] ORDERED = {
        "SELECT id, a, b FROM t ORDER BY a, b",
        "SELECT id, b, c FROM t ORDER BY b DESC NULLS FIRST, c NULLS FIRST",
        "SELECT id, d, e, f FROM t ORDER BY d DESC, e, f NULLS FIRST",
        "SELECT id, g, h FROM t ORDER BY g, h DESC",
        "SELECT id, b FROM t ORDER BY c DESC, id DESC LIMIT 20 OFFSET 3",
        "SELECT a, count(*), sum(c), avg(d), min(b), max(f), count(DISTINCT b), sum(d), avg(c) FROM t GROUP BY a ORDER BY a",
        "SELECT b, g, count(*), min(id), max(e) FROM t GROUP BY b, g ORDER BY b, g",
        "SELECT b, sum(c) FROM t GROUP BY b HAVING count(*) > 100 ORDER BY b",
        "SELECT c, count(*) FROM t GROUP BY c ORDER BY c NULLS FIRST",
        "SELECT DISTINCT b FROM t ORDER BY b",
        "SELECT DISTINCT a, g FROM t ORDER BY a DESC, g",
        "SELECT a FROM t UNION SELECT a FROM u ORDER BY 1",
        "SELECT t.id, u.id FROM t JOIN u ON t.a = u.a ORDER BY t.id, u.id",
        "SELECT t.id, u.id, u.w FROM t LEFT JOIN u ON t.a = u.a AND u.w <> 'apple' ORDER BY t.id, u.id",
        "SELECT t.id, u.id FROM t JOIN u ON t.a = u.a AND t.b = u.w ORDER BY t.id, u.id",
        "SELECT t.id, u.id FROM t JOIN u ON t.a < u.a - 50 WHERE t.id <= 300 ORDER BY t.id, u.id",
        "SELECT t.id, u.id FROM t LEFT JOIN u ON t.a > u.a + 45 WHERE t.id <= 200 ORDER BY t.id, u.id",
        "SELECT u.a, count(*), sum(t.c) FROM t JOIN u ON t.a = u.a GROUP BY u.a ORDER BY u.a",
        "SELECT id FROM t WHERE a IN (SELECT a FROM u) ORDER BY id",
        "SELECT id, a FROM t WHERE a NOT IN (SELECT a FROM u WHERE a IS NOT NULL) OR a IS NULL ORDER BY id",
        "SELECT id, b FROM t WHERE b IN (SELECT w FROM u WHERE u.id % 5 = t.id % 5) ORDER BY id",
        "SELECT id, h FROM t WHERE h IN (SELECT h FROM t WHERE id % 3 = 0) ORDER BY id",
    };

    /** Queries without ORDER BY: compared as multisets. */
    static final String[] UNORDERED = {
        "SELECT a, count(*), sum(d) FROM t GROUP BY a",
        "SELECT DISTINCT b, g FROM t",
        "SELECT t.id, u.w FROM t JOIN u ON t.a = u.a",
        "SELECT t.id, u.w FROM t LEFT JOIN u ON t.a = u.a",
        "SELECT b FROM t UNION SELECT w FROM u",
    };

    @Test
    void spilledResultsEqualInMemoryResults() throws Exception {
        for (String sql : ORDERED) {
            assertSpillsAndMatches(sql, false);
        }
        for (String sql : UNORDERED) {
            assertSpillsAndMatches(sql, true);
        }
    }

    @Test
    void insertSelectUpdateAndDeletePastTheBoundChangeWhatTheyChangeInMemory() throws Exception {
        for (String copy : new String[] {"small", "large"}) {
            engine.setMemoryBound(copy.equals("small") ? TINY : SqlEngine.DEFAULT_MEMORY_ROWS);
            long files = engine.tempArea().filesCreated();
            engine.execute(s, "CREATE TABLE " + copy + " (id INT PRIMARY KEY, a INT, b VARCHAR(40), c DECIMAL(10, 2), h BLOB)");
            engine.execute(s, "CREATE INDEX " + copy + "_b ON " + copy + " (b)");
            engine.execute(s, "INSERT INTO " + copy + " SELECT id, a, b, c, h FROM t");
            // moves primary keys (all old rows go before any new one is inserted) and index entries
            assertEquals(engine.execute(s, "SELECT count(*) FROM t WHERE a > 10").rows().get(0)[0],
                    engine.execute(s, "UPDATE " + copy + " SET id = id + 100000, b = b || '!', c = c * 2 WHERE a > 10").updateCount());
            engine.execute(s, "DELETE FROM " + copy + " WHERE a < 5 OR h IS NULL");
            assertEquals(copy.equals("small"), engine.tempArea().filesCreated() > files, copy);
            assertEquals(0, tempFiles());
        }
        engine.setMemoryBound(SqlEngine.DEFAULT_MEMORY_ROWS);
        assertEquals(render(engine.execute(s, "SELECT * FROM large ORDER BY id").rows()),
                render(engine.execute(s, "SELECT * FROM small ORDER BY id").rows()));
        for (String word : WORDS) {
            assertEquals(render(engine.execute(s, "SELECT id FROM large WHERE b = ? ORDER BY id", word + "!").rows()),
                    render(engine.execute(s, "SELECT id FROM small WHERE b = ? ORDER BY id", word + "!").rows()), word);
        }
        assertTrue(plan("EXPLAIN SELECT id FROM small WHERE b = 'Z!'").contains("small_b"));
    }

    @Test
    void mergeJoinWithManyRowsPerKeySpillsTheKeysRows() throws Exception {
        engine.execute(s, "CREATE INDEX t_a ON t (a)");
        engine.execute(s, "CREATE INDEX u_a ON u (a)");
        String sql = "SELECT t.id, u.id FROM t JOIN u ON t.a = u.a WHERE t.a >= 0 AND u.a >= 0";
        assertTrue(plan("EXPLAIN " + sql).contains("Merge Join"), plan("EXPLAIN " + sql));
        assertSpillsAndMatches(sql, false); // merge join order: by key, then left rows, then the key's right rows
    }

    @Test
    void explainAnalyzeShowsWhatSpilled() throws Exception {
        engine.setMemoryBound(TINY);
        String sort = plan("EXPLAIN ANALYZE SELECT id FROM t ORDER BY b");
        assertTrue(sort.matches("(?s).*Sort .*\\(spilled: \\d+ temp files, [0-9.]+ kB\\).*"), sort);
        String join = plan("EXPLAIN ANALYZE SELECT a, count(*) FROM (SELECT t.a FROM t JOIN u ON t.a = u.a) x GROUP BY a");
        assertTrue(join.contains("Hash Join") && join.contains("spilled: 64 temp files"), join);
        engine.setMemoryBound(SqlEngine.DEFAULT_MEMORY_ROWS);
        assertTrue(!plan("EXPLAIN ANALYZE SELECT id FROM t ORDER BY b").contains("spilled"));
    }

    @Test
    void aResourceManagerSeesOnlyTheRowsHeldInMemory() throws Exception {
        AtomicLong most = new AtomicLong();
        engine.addAdmissionController(new AdmissionController() {
            @Override
            public String name() {
                return "watch";
            }

            @Override
            public void statementProgress(StatementHandle h) {
                most.accumulateAndGet(h.memoryRows(), Math::max);
            }

            @Override
            public void statementEnded(StatementHandle h) {
                most.accumulateAndGet(h.memoryRows(), Math::max);
            }
        });
        engine.setMemoryBound(100);
        assertEquals(1500, engine.execute(s, "SELECT id FROM t ORDER BY b, id").rows().size());
        assertTrue(most.get() > 0 && most.get() <= 100, "memory rows seen: " + most.get());
        // the values of a DISTINCT aggregate do not spill: the controller sees all of them
        most.set(0);
        assertEquals(1500L, engine.execute(s, "SELECT count(DISTINCT id) FROM t").rows().get(0)[0]);
        assertEquals(1500, most.get());
    }

    @Test
    void cancellingASpillingSortStopsItAndRemovesItsFiles() throws Exception {
        AtomicBoolean sawRuns = new AtomicBoolean();
        engine.registry().addFunction(spy("test.cancel_once_spilled", () -> {
            if (tempFiles() > 0 && sawRuns.compareAndSet(false, true)) {
                engine.cancel(s); // the next cancel check (within 256 rows) stops the statement
            }
        }));
        engine.setMemoryBound(TINY);
        long before = engine.tempArea().filesCreated();
        SqlException e = assertThrows(SqlException.class,
                () -> engine.execute(s, "SELECT id FROM t ORDER BY test.cancel_once_spilled(id), b"));
        assertEquals("57014", e.getSQLState());
        assertTrue(sawRuns.get());
        assertTrue(engine.tempArea().filesCreated() > before);
        assertEquals(0, tempFiles(), "a cancelled sort leaves no temp file");

        // a nested loop join reading its spilled inner side from disk, cancelled mid-read
        AtomicBoolean sawInner = new AtomicBoolean();
        engine.registry().addFunction(spy("test.cancel_in_join", () -> {
            if (tempFiles() > 0 && sawInner.compareAndSet(false, true)) {
                engine.cancel(s);
            }
        }));
        e = assertThrows(SqlException.class, () -> engine.execute(s,
                "SELECT t.id FROM t JOIN u ON t.a < u.a AND test.cancel_in_join(u.id) > 0"));
        assertEquals("57014", e.getSQLState());
        assertTrue(sawInner.get());
        assertEquals(0, tempFiles());
        // the session goes on
        assertEquals(1500, engine.execute(s, "SELECT id FROM t ORDER BY b").rows().size());
        assertEquals(0, tempFiles());
    }

    @Test
    void aFullDiskFailsTheStatementWith53100AndTheDatabaseGoesOn() throws Exception {
        engine.setMemoryBound(TINY);
        engine.tempArea().opener(file -> new FilterOutputStream(Files.newOutputStream(file)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (engine.tempArea().filesCreated() > 20) {
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
            }
        });
        SqlException e = assertThrows(SqlException.class, () -> engine.execute(s, "SELECT id FROM t ORDER BY b, c"));
        assertEquals(TempArea.DISK_FULL, e.getSQLState());
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains(dir.resolve("temp").toString()),
                e.getMessage());
        assertEquals(0, tempFiles());
        // a temp area that cannot even create a file
        engine.tempArea().opener(file -> {
            throw new IOException("Read-only file system");
        });
        e = assertThrows(SqlException.class, () -> engine.execute(s, "SELECT DISTINCT b, id FROM t"));
        assertEquals("53100", e.getSQLState());
        assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
        // statements that fit in memory are unaffected, and writes go on
        engine.setMemoryBound(SqlEngine.DEFAULT_MEMORY_ROWS);
        engine.execute(s, "INSERT INTO u VALUES (1000, 1, 'after')");
        assertEquals(401, engine.execute(s, "SELECT id FROM u ORDER BY w").rows().size());
        engine.tempArea().opener(null);
        engine.setMemoryBound(TINY);
        assertEquals(1500, engine.execute(s, "SELECT id FROM t ORDER BY b, c").rows().size());
        assertEquals(0, tempFiles());
    }

    @Test
    void openingTheDatabaseRemovesTempFilesACrashLeft() throws Exception {
        Path temp = dir.resolve(TempArea.DIRECTORY);
        Files.createDirectories(temp);
        Files.write(temp.resolve("t3.run"), new byte[100]);
        Files.write(temp.resolve("t4.run"), new byte[0]);
        engine.useTempArea(dir); // what opening the database does (EmbeddedDatabase, DatabaseComponent)
        assertEquals(0, tempFiles());
        engine.setMemoryBound(TINY);
        assertEquals(1500, engine.execute(s, "SELECT id FROM t ORDER BY a").rows().size());
        assertEquals(0, tempFiles());
    }

    private long tempFiles() {
        Path temp = dir.resolve(TempArea.DIRECTORY);
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(temp)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertSpillsAndMatches(String sql, boolean anyOrder) throws SqlException {
        engine.setMemoryBound(SqlEngine.DEFAULT_MEMORY_ROWS);
        long files0 = engine.tempArea().filesCreated();
        List<String> inMemory = render(engine.execute(s, sql).rows());
        assertEquals(files0, engine.tempArea().filesCreated(), "nothing spills under the default bound: " + sql);
        engine.setMemoryBound(TINY);
        List<String> spilled = render(engine.execute(s, sql).rows());
        assertTrue(engine.tempArea().filesCreated() > files0, "spilled: " + sql);
        assertEquals(0, tempFiles(), "temp files removed after " + sql);
        assertTrue(inMemory.size() > TINY, sql);
        if (anyOrder) {
            Collections.sort(inMemory);
            Collections.sort(spilled);
        }
        assertEquals(String.join("\n", inMemory), String.join("\n", spilled), sql);
    }

    /** Each value with its Java class, so an INT that came back as a BIGINT (or 1.50 as 1.5) shows. */
    private static List<String> render(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (Object v : row) {
                sb.append(v == null ? "NULL" : v.getClass().getSimpleName() + ":"
                        + (v instanceof byte[] b ? HexFormat.of().formatHex(b) : v.toString())).append(" | ");
            }
            out.add(sb.toString());
        }
        return out;
    }

    private String plan(String sql) throws SqlException {
        return String.join("\n", engine.execute(s, sql).rows().stream().map(r -> (String) r[0]).toList());
    }

    private static SqlFunction spy(String name, Runnable onCall) {
        return new SqlFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Column> parameters() {
                return List.of(new Column("x", ColumnType.INT));
            }

            @Override
            public ColumnType returnType() {
                return ColumnType.INT;
            }

            @Override
            public boolean deterministic() {
                return false;
            }

            @Override
            public Object invoke(Object[] args) {
                onCall.run();
                return args[0];
            }
        };
    }
}
