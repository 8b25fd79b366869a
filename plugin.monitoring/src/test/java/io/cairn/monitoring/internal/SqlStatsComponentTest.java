package io.cairn.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.monitoring.internal.metrics.PrometheusExposition;
import io.cairn.monitoring.internal.metrics.Scrape;
import io.cairn.monitoring.internal.view.SlowQueryView;
import io.cairn.monitoring.internal.view.SqlView;
import io.cairn.sql.internal.engine.SqlEngine;

/** v$sql, the query metrics and the slow-query log, fed by real statements through JDBC. */
class SqlStatsComponentTest {

    private static final String DB = "shop";

    @TempDir
    Path dir;

    /** A JDBC connection to a fresh database whose engine reports to {@code stats} and shows its views. */
    private Connection open(SqlStatsComponent stats) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath());
        SqlEngine engine = c.unwrap(SqlEngine.class);
        engine.setDatabaseName(DB);
        engine.addStatementListener(stats);
        engine.registry().addView(new SqlView(stats));
        engine.registry().addView(new SlowQueryView(stats));
        return c;
    }

    @Test
    void sqlViewAddsUpEveryExecutionOfAShape() throws Exception {
        CairnMetrics metrics = new CairnMetrics();
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), metrics);
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))");
            for (int i = 0; i < 20; i++) {
                st.executeUpdate("INSERT INTO item VALUES (" + i + ", 'n" + i + "')");
            }
            try (ResultSet rs = st.executeQuery("SELECT name FROM item WHERE id < 15")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(15, n);
            }
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM item WHERE no_such_column = 1"));
            try (ResultSet rs = st.executeQuery("SELECT sql_id, executions, errors, rows_processed, avg_elapsed_ms, "
                    + "total_elapsed_ms, total_cpu_ms, sample_text, command, last_active FROM v$sql "
                    + "WHERE sql_text = 'insert into item values (?, ?)'")) {
                assertTrue(rs.next(), "one row for the 20 inserts");
                assertEquals(16, rs.getString(1).length());
                assertEquals(20, rs.getLong(2));
                assertEquals(0, rs.getLong(3));
                assertEquals(20, rs.getLong(4));
                assertTrue(rs.getDouble(5) > 0 && rs.getDouble(6) >= rs.getDouble(5) * 20 - 1e-9);
                assertTrue(rs.getDouble(7) > 0, "CPU time measured");
                assertEquals("INSERT INTO item VALUES (19, 'n19')", rs.getString(8));
                assertEquals("INSERT", rs.getString(9));
                assertTrue(rs.getTimestamp(10) != null);
                assertFalse(rs.next());
            }
            try (ResultSet rs = st.executeQuery("SELECT rows_processed, plan_hash FROM v$sql WHERE command = 'SELECT' "
                    + "AND sql_text LIKE 'select name from item%'")) {
                assertTrue(rs.next());
                assertEquals(15, rs.getLong(1));
                assertEquals(16, rs.getString(2).length(), "a query has a plan hash");
            }
            long failed = stats.sql(DB).stream().mapToLong(r -> r.errors()).sum();
            assertEquals(1, failed, "the failed query is counted as an error");
        }
        Scrape scrape = Scrape.of(new PrometheusExposition(metrics));
        String db = DB;
        double ok = scrape.value("cairn_queries_total", Map.of("database", db, "outcome", "ok"));
        double error = scrape.value("cairn_queries_total", Map.of("database", db, "outcome", "error"));
        assertEquals(1, error);
        assertTrue(ok >= 22, "create, 20 inserts, the select and the v$sql queries: " + ok);
        assertEquals(ok + error, scrape.value("cairn_query_duration_seconds_count", Map.of("database", db)));
        assertEquals(ok + error, scrape.value("cairn_query_duration_seconds_bucket", Map.of("database", db, "le", "+Inf")));
        assertTrue(scrape.value("cairn_query_duration_seconds_bucket", Map.of("database", db, "le", "60.0")) <= ok + error);
        assertEquals(0, scrape.value("cairn_slow_queries_total", Map.of("database", db)), "nothing took a second");
        stats.stop();
    }

    @Test
    void sqlViewShowsTheTempBytesOfStatementsThatSpilled() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics());
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            for (int i = 1; i <= 300; i++) {
                st.addBatch("INSERT INTO t VALUES (" + i + ", " + i % 13 + ")");
            }
            st.executeBatch();
            c.unwrap(SqlEngine.class).setMemoryBound(10); // as ALTER SYSTEM SET max_memory_rows = 10 does
            try (ResultSet rs = st.executeQuery("SELECT id FROM t ORDER BY v, id DESC")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(300, n);
            }
            c.unwrap(SqlEngine.class).setMemoryBound(1_000_000);
            try (ResultSet rs = st.executeQuery("SELECT sql_text, temp_bytes FROM v$sql "
                    + "WHERE sql_text LIKE 'select id from t order by%' OR sql_text LIKE 'insert into t%' ORDER BY sql_text")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(2), rs.getString(1) + " fit in memory");
                assertTrue(rs.next());
                assertTrue(rs.getLong(2) > 0, rs.getString(1) + " sorted 300 rows past a 10-row bound");
                assertFalse(rs.next());
            }
        }
        stats.stop();
    }

    @Test
    void aPreparedBatchCountsEachEntryAsAnExecution() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics());
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            SqlEngine engine = c.unwrap(SqlEngine.class);
            c.setAutoCommit(false); // inside a transaction the batch runs as one engine call
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
                    java.sql.PreparedStatement update = c.prepareStatement("UPDATE t SET v = v + 1 WHERE id <= ?")) {
                for (int i = 1; i <= 50; i++) {
                    insert.setInt(1, i);
                    insert.setInt(2, i);
                    insert.addBatch();
                }
                long lookups = engine.planCacheHits() + engine.planCacheMisses();
                insert.executeBatch();
                assertEquals(1, engine.planCacheHits() + engine.planCacheMisses() - lookups, "one engine call");
                for (int i : new int[] {10, 20, 30}) {
                    update.setInt(1, i);
                    update.addBatch();
                }
                update.executeBatch();
                for (int i : new int[] {51, 52, 5, 53}) { // the third is a duplicate: the batch ends there
                    insert.setInt(1, i);
                    insert.setInt(2, i);
                    insert.addBatch();
                }
                java.sql.BatchUpdateException e = assertThrows(java.sql.BatchUpdateException.class, insert::executeBatch);
                assertEquals("23505", e.getSQLState());
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = st.executeQuery("SELECT command, executions, errors, rows_processed, plan_hash FROM v$sql "
                    + "WHERE command IN ('INSERT', 'UPDATE') ORDER BY command")) {
                assertTrue(rs.next());
                assertEquals("INSERT", rs.getString(1));
                assertEquals(53, rs.getLong(2), "one execution per entry that ran, the failed one included");
                assertEquals(1, rs.getLong(3));
                assertEquals(52, rs.getLong(4));
                assertTrue(rs.next());
                assertEquals("UPDATE", rs.getString(1));
                assertEquals(3, rs.getLong(2));
                assertEquals(60, rs.getLong(4), "10 + 20 + 30 rows");
                assertEquals(16, rs.getString(5).length(), "the entries report their plan's hash");
                assertFalse(rs.next());
            }
        }
        stats.stop();
    }

    @Test
    void slowQueriesGoToTheJsonLinesFileAndTheView() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(0, 100, dir.resolve("log"), new CairnMetrics());
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(40))");
            st.executeUpdate("INSERT INTO t VALUES (1, 'a \"quoted\"\nline')");
            assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO t VALUES (1, 'duplicate')"));
            stats.flush();
            List<String> lines = Files.readAllLines(stats.logFile());
            assertEquals(3, lines.size(), "threshold 0 logs every statement: " + lines);
            ObjectMapper json = new ObjectMapper();
            JsonNode insert = json.readTree(lines.get(1));
            assertEquals("INSERT INTO t VALUES (1, 'a \"quoted\"\nline')", insert.get("sql").asText());
            assertEquals(1, insert.get("rows").asLong());
            assertTrue(insert.get("sqlstate").isNull());
            assertTrue(insert.get("elapsed_ms").asDouble() > 0);
            JsonNode duplicate = json.readTree(lines.get(2));
            assertEquals("23505", duplicate.get("sqlstate").asText());
            assertEquals(insert.get("sql_id").asText(), duplicate.get("sql_id").asText(), "same shape");
            try (ResultSet rs = st.executeQuery("SELECT sqlstate, sql_text, elapsed_ms FROM v$slow_query "
                    + "WHERE command = 'INSERT' ORDER BY start_time")) {
                assertTrue(rs.next());
                assertEquals(null, rs.getString(1));
                assertTrue(rs.next());
                assertEquals("23505", rs.getString(1));
                assertEquals("INSERT INTO t VALUES (1, 'duplicate')", rs.getString(2));
                assertFalse(rs.next());
            }
        }
        stats.stop();
    }

    @Test
    void fastStatementsStayOutOfTheSlowQueryLog() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics());
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            st.executeUpdate("INSERT INTO t VALUES (1)");
            stats.flush();
            assertFalse(Files.exists(stats.logFile()));
            assertTrue(stats.slowQueries(DB).isEmpty());
        }
        stats.stop();
    }

    @Test
    void withoutCpuTimeTheCpuColumnsAreNull() throws Exception {
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), new CairnMetrics()).withoutCpuTime();
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            try (ResultSet rs = st.executeQuery("SELECT total_cpu_ms, avg_cpu_ms, executions FROM v$sql "
                    + "WHERE command = 'CREATE TABLE'")) {
                assertTrue(rs.next());
                assertEquals(null, rs.getObject(1));
                assertEquals(null, rs.getObject(2));
                assertEquals(1, rs.getLong(3));
            }
        }
        stats.stop();
    }

    @Test
    void shapesBeyondTheLimitAreCountedNotTracked() throws Exception {
        CairnMetrics metrics = new CairnMetrics();
        SqlStatsComponent stats = new SqlStatsComponent(1000, 100, dir.resolve("log"), metrics);
        try (Connection c = open(stats); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            for (int i = 0; i < 120; i++) {
                // a different column alias is a different shape
                st.executeQuery("SELECT id AS c" + i + " FROM t").close();
            }
            assertEquals(100, stats.sql(DB).size());
        }
        assertEquals(21, Scrape.of(new PrometheusExposition(metrics)).value("cairn_sql_untracked_statements_total", Map.of()));
        stats.stop();
    }

    @Test
    void rejectsSettingsOutsideTheirRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SqlStatsComponent(-1, 100, dir, new CairnMetrics()));
        assertEquals("io.cairn.monitoring: slowQueryThresholdMillis must be between 0 and 3600000, was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SqlStatsComponent(1000, 99, dir, new CairnMetrics()));
        assertEquals("io.cairn.monitoring: sqlMaxDigests must be between 100 and 1000000, was 99", e.getMessage());
    }
}
