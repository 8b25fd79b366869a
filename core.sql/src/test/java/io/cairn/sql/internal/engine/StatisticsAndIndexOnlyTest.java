package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/** Staleness counts across restarts, and index-only scans against concurrent writers (MVCC). */
class StatisticsAndIndexOnlyTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Session s2;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-sql-stats");
        start();
    }

    private void start() {
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        s1 = manager.openSession("one", "test");
        s2 = manager.openSession("two", "test");
    }

    private void stop(boolean clean) {
        if (clean) {
            engine.flushStatistics();
        }
        s1.close();
        s2.close();
        manager.close();
    }

    @AfterEach
    void close() throws Exception {
        stop(false);
        DatabaseEngine.deleteTree(dir);
    }

    private long modifications(String table) throws SqlException {
        return ((Number) engine.execute(s1, "SELECT modifications FROM v$table_statistics WHERE table_name = '"
                + table + "'").rows().get(0)[0]).longValue();
    }

    private List<String> column(Session s, String sql) throws SqlException {
        List<String> out = new ArrayList<>();
        for (Object[] r : engine.execute(s, sql).rows()) {
            out.add(String.valueOf(r[0]));
        }
        return out;
    }

    @Test
    void modificationsSurviveACleanRestartAndMostOfAnUncleanOne() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, k INT)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 1)");
        engine.execute(s1, "ANALYZE t");
        for (int i = 0; i < 11; i++) { // 2047 new rows, persisted once a table's count passes 1000
            engine.execute(s1, "INSERT INTO t SELECT id + (SELECT max(id) FROM t), k FROM t");
        }
        assertEquals(2047, modifications("t"));
        engine.execute(s1, "DELETE FROM t WHERE id <= 10");
        assertEquals(2057, modifications("t"));
        stop(false); // as after a crash: the last 10 were not persisted yet
        start();
        assertEquals(2047, modifications("t"));
        engine.execute(s1, "UPDATE t SET k = 2 WHERE id <= 15");
        stop(true);
        start();
        assertEquals(2052, modifications("t"));
        assertEquals(List.of("true"), column(s1, "SELECT stale FROM v$table_statistics"));
        engine.execute(s1, "ANALYZE t");
        stop(true);
        start();
        assertEquals(0, modifications("t"));
        assertEquals(List.of("2038"), column(s1, "SELECT num_rows FROM v$table_statistics"));
    }

    @Test
    void indexOnlyScanSeesExactlyTheSnapshotsRows() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, k INT, pad VARCHAR(20))");
        engine.execute(s1, "INSERT INTO t VALUES (1, 5, 'a'), (2, 5, 'b'), (3, 7, 'c'), (4, NULL, 'd')");
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        String query = "SELECT id FROM t WHERE k = 5 ORDER BY id";
        List<String> plan = column(s1, "EXPLAIN " + query);
        assertTrue(plan.stream().anyMatch(l -> l.contains("Index Only Scan using t_k")), () -> "plan: " + plan);

        engine.execute(s1, "BEGIN");
        engine.execute(s1, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        assertEquals(List.of("1", "2"), column(s1, query));
        // another session moves a row out of k = 5, another in, and adds one; it commits
        engine.execute(s2, "UPDATE t SET k = 6 WHERE id = 1");
        engine.execute(s2, "UPDATE t SET k = 5 WHERE id = 3");
        engine.execute(s2, "INSERT INTO t VALUES (5, 5, 'e')");
        engine.execute(s2, "DELETE FROM t WHERE id = 2");
        assertEquals(List.of("1", "2"), column(s1, query), "the snapshot still sees its index entries");
        assertEquals(List.of("4"), column(s1, "SELECT count(*) FROM t"));
        // its own uncommitted change is seen through the index too
        engine.execute(s1, "INSERT INTO t VALUES (6, 5, 'f')");
        assertEquals(List.of("1", "2", "6"), column(s1, query));
        engine.execute(s1, "COMMIT");
        assertEquals(List.of("3", "5", "6"), column(s1, query));
        assertEquals(List.of("3", "5", "6"), column(s2, "SELECT id FROM t WHERE k = 5 ORDER BY id"));
        // the same answers as reading the rows themselves
        engine.execute(s1, "ALTER INDEX t_k INVISIBLE");
        assertEquals(List.of("3", "5", "6"), column(s1, query));
    }

    @Test
    void descendingIndexSurvivesRestartAndVerifies() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, d DATE, s VARCHAR(5))");
        engine.execute(s1, "INSERT INTO t VALUES (1, DATE '2024-01-01', 'a'), (2, DATE '2024-03-01', 'b'),"
                + " (3, NULL, 'c'), (4, DATE '2024-02-01', 'd')");
        engine.execute(s1, "CREATE INDEX t_d ON t (d DESC, s DESC)");
        engine.execute(s1, "CREATE INDEX t_s ON t (s)");
        stop(true);
        start();
        String query = "SELECT id FROM t WHERE d <= DATE '2024-02-15' ORDER BY d DESC, s DESC NULLS LAST";
        assertEquals(List.of("4", "1"), column(s1, query));
        assertTrue(column(s1, "EXPLAIN " + query).stream().noneMatch(l -> l.contains("Sort")));
        assertEquals(List.of("d DESC,s DESC", "s"), column(s1,
                "SELECT column_names FROM v$index_usage ORDER BY index_name").subList(0, 2));
        engine.execute(s1, "REINDEX TABLE t");
        assertEquals(List.of("2", "4", "1", "3"), column(s1, "SELECT id FROM t ORDER BY d DESC NULLS LAST LIMIT 10"));
        assertTrue(manager.storage().verify().clean(), "storage verify after DESC index and REINDEX");
    }

    @Test
    void statisticsWrittenBeforeHistogramsAreStillRead() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY, k INT)");
        engine.execute(s1, "CREATE INDEX t_k ON t (k)");
        engine.execute(s1, "INSERT INTO t VALUES (1, 1), (2, 1), (3, 2)");
        // a version 1 row, as ANALYZE wrote it before histograms: rows, then per column distinct, nulls, min, max
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(3);
            out.writeInt(1);
            out.writeUTF("k");
            out.writeLong(2);
            out.writeDouble(0);
            out.writeBoolean(true);
            out.writeUTF("1");
            out.writeBoolean(true);
            out.writeUTF("2");
        }
        try (io.cairn.txn.Transaction t = s2.begin(io.cairn.txn.IsolationLevel.READ_COMMITTED)) {
            t.put(io.cairn.sql.internal.catalog.Statistics.TREE, "s/t".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    bytes.toByteArray());
            t.commit();
        }
        assertEquals(List.of("true"), column(s1, "SELECT analyzed FROM v$table_statistics"));
        assertEquals(List.of("3"), column(s1, "SELECT num_rows FROM v$table_statistics"));
        assertEquals(List.of("0"), column(s1, "SELECT histogram_buckets FROM v$column_statistics WHERE column_name = 'k'"));
        assertEquals(List.of("1", "2"), column(s1, "SELECT id FROM t WHERE k = 1 ORDER BY id"));
        engine.execute(s1, "ANALYZE t");
        assertEquals(List.of("2"), column(s1, "SELECT histogram_buckets FROM v$column_statistics WHERE column_name = 'k'"));
    }
}
