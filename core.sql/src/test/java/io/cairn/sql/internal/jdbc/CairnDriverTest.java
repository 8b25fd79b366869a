package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CairnDriverTest {

    @TempDir
    Path dir;

    private String fileUrl(String name) {
        return "jdbc:cairn:file:" + dir.resolve(name).toAbsolutePath();
    }

    @Test
    void serviceLoaderAndDriverManagerFindTheDriver() throws Exception {
        assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == CairnDriver.class));
        Driver d = DriverManager.getDriver("jdbc:cairn:mem:x");
        assertInstanceOf(CairnDriver.class, d);
        assertFalse(d.jdbcCompliant());
        assertThrows(SQLFeatureNotSupportedException.class, d::getParentLogger);
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:loader")) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void columnsAreFoundByLabelCaseInsensitivelyTheFirstOfEqualLabelsWinning() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:labels"); Statement st = c.createStatement()) {
            // narrow results compare the names; wide ones (more than 8 columns) look them up in a map
            for (String sql : List.of("SELECT 1 AS a, 2 AS b, 3 AS a",
                    "SELECT 1 AS a, 2 AS b, 3 AS a, 4 AS c4, 5 AS c5, 6 AS c6, 7 AS c7, 8 AS c8, 9 AS c9, 10 AS c10")) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt("A"), sql);
                    assertEquals(1, rs.findColumn("a"), sql);
                    assertEquals(2, rs.getInt("b"), sql);
                    SQLException missing = assertThrows(SQLException.class, () -> rs.getInt("nope"));
                    assertEquals("42703", missing.getSQLState());
                }
            }
        }
    }

    @Test
    void badUrlsFailWith08001() {
        for (String url : List.of("jdbc:cairn:file:relative/db", "jdbc:cairn:mem:", "jdbc:cairn:tcp://host/db",
                "jdbc:cairn:mem:x;isolation=CHAOS")) {
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url), url);
            assertEquals("08001", e.getSQLState(), url);
        }
    }

    @Test
    void roundTripThroughPreparedStatements() throws Exception {
        try (Connection c = DriverManager.getConnection(fileUrl("rt"))) {
            try (Statement s = c.createStatement()) {
                assertEquals(0, s.executeUpdate("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20), "
                        + "price DECIMAL(10, 2), born DATE, seen TIMESTAMP, ok BOOLEAN, big BIGINT, ratio DOUBLE, "
                        + "data BLOB)"));
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setInt(1, 1);
                p.setString(2, "anvil");
                p.setBigDecimal(3, new BigDecimal("12.50"));
                p.setDate(4, Date.valueOf("2020-02-29"));
                p.setTimestamp(5, Timestamp.valueOf("2021-03-04 05:06:07.5"));
                p.setBoolean(6, true);
                p.setLong(7, 1L << 40);
                p.setDouble(8, 0.25);
                p.setBytes(9, new byte[] {1, 2, 3});
                assertEquals(1, p.executeUpdate());
                p.setObject(1, 2);
                p.setObject(2, "bolt");
                p.setNull(3, Types.DECIMAL);
                p.setObject(4, LocalDate.of(1999, 12, 31));
                p.setObject(5, LocalDateTime.of(2000, 1, 1, 0, 0));
                p.setObject(6, false);
                p.setObject(7, 7L);
                p.setObject(8, 1.5f);
                p.setNull(9, Types.BLOB);
                assertEquals(1, p.executeUpdate());
                p.clearParameters();
                p.setInt(1, 3);
                SQLException e = assertThrows(SQLException.class, p::executeUpdate);
                assertEquals("07001", e.getSQLState());
            }
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM item WHERE id >= ? ORDER BY id")) {
                p.setInt(1, 1);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt("ID"));
                    assertEquals(1L, rs.getLong(1));
                    assertEquals("anvil", rs.getString("name"));
                    assertEquals(new BigDecimal("12.50"), rs.getBigDecimal("price"));
                    assertEquals("12.50", rs.getString("price"));
                    assertEquals(Date.valueOf("2020-02-29"), rs.getDate("born"));
                    assertEquals(LocalDate.of(2020, 2, 29), rs.getObject("born", LocalDate.class));
                    assertEquals(Timestamp.valueOf("2021-03-04 05:06:07.5"), rs.getTimestamp("seen"));
                    assertTrue(rs.getBoolean("ok"));
                    assertEquals(1L << 40, rs.getLong("big"));
                    SQLException range = assertThrows(SQLException.class, () -> rs.getInt("big"));
                    assertEquals("22003", range.getSQLState());
                    assertEquals(0.25, rs.getDouble("ratio"));
                    assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes("data"));
                    assertTrue(rs.next());
                    assertNull(rs.getBigDecimal("price"));
                    assertTrue(rs.wasNull());
                    assertEquals(0, rs.getInt("price"));
                    assertTrue(rs.wasNull());
                    assertEquals(1.5, rs.getDouble("ratio"));
                    assertFalse(rs.next());
                    ResultSetMetaData md = rs.getMetaData();
                    assertEquals(9, md.getColumnCount());
                    assertEquals("id", md.getColumnName(1));
                    assertEquals(Types.INTEGER, md.getColumnType(1));
                    assertEquals(Types.VARCHAR, md.getColumnType(2));
                    assertEquals(20, md.getPrecision(2));
                    assertEquals(Types.DECIMAL, md.getColumnType(3));
                    assertEquals(10, md.getPrecision(3));
                    assertEquals(2, md.getScale(3));
                    assertEquals(Types.DATE, md.getColumnType(4));
                    assertEquals(Types.TIMESTAMP, md.getColumnType(5));
                    assertEquals("java.lang.Integer", md.getColumnClassName(1));
                }
            }
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE item SET name = 'bolts' WHERE id = 2"));
                assertTrue(s.execute("SELECT name FROM item WHERE id = 2"));
                try (ResultSet rs = s.getResultSet()) {
                    assertTrue(rs.next());
                    assertEquals("bolts", rs.getString(1));
                }
                assertFalse(s.getMoreResults());
                assertEquals(-1, s.getUpdateCount());
                assertEquals(2, s.executeUpdate("DELETE FROM item"));
                SQLException q = assertThrows(SQLException.class, () -> s.executeQuery("DELETE FROM item"));
                assertEquals("07000", q.getSQLState());
                SQLException u = assertThrows(SQLException.class, () -> s.executeUpdate("SELECT 1"));
                assertEquals("07000", u.getSQLState());
            }
        }
    }

    @Test
    void alterSystemOnAFileDatabaseIsSavedInItsDirectoryAndAppliesWhenItIsNextOpened() throws Exception {
        String url = fileUrl("params");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals(io.cairn.sql.internal.engine.SqlEngine.DEFAULT_MEMORY_ROWS,
                    c.unwrap(io.cairn.sql.internal.engine.SqlEngine.class).memoryBound());
            try (ResultSet rs = s.executeQuery("ALTER SYSTEM SET max_memory_rows = 5000")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("next opened"), rs.getString(1));
            }
            SQLException bad = assertThrows(SQLException.class, () -> s.execute("ALTER SYSTEM SET max_memory_rows = 'lots'"));
            assertEquals("22023", bad.getSQLState());
        }
        try (Connection c = DriverManager.getConnection(url)) { // the last connection closed the database: reopened
            assertEquals(5000, c.unwrap(io.cairn.sql.internal.engine.SqlEngine.class).memoryBound());
        }
        // a value that does not parse (edited by hand) fails the connection, naming the file, and changes nothing
        java.nio.file.Files.writeString(dir.resolve("params").resolve("cairn.properties"), "lockTimeout=soon\n");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("cairn.properties") && e.getMessage().contains("lockTimeout"), e.getMessage());
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:params"); Statement s = c.createStatement()) {
            SQLException mem = assertThrows(SQLException.class, () -> s.execute("ALTER SYSTEM SET max_memory_rows = 5"));
            assertEquals("0A000", mem.getSQLState(), "a mem: database keeps no parameters");
        }
    }

    @Test
    void autocommitOffRollsBackAndCommits() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:tx"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1)");
            c.rollback();
            assertEquals(0, count(s, "t"));
            s.executeUpdate("INSERT INTO t VALUES (2)");
            java.sql.Savepoint sp = c.setSavepoint();
            s.executeUpdate("INSERT INTO t VALUES (3)");
            c.rollback(sp);
            c.commit();
            assertEquals(1, count(s, "t"));
            s.executeUpdate("INSERT INTO t VALUES (4)");
            c.setAutoCommit(true); // commits the open transaction
            assertEquals(2, count(s, "t"));
            assertThrows(SQLException.class, c::commit);
            s.execute("BEGIN"); // a block opened through SQL ends through the JDBC methods too
            s.executeUpdate("INSERT INTO t VALUES (5)");
            c.rollback();
            assertEquals(2, count(s, "t"));
        }
    }

    @Test
    void closingRollsBackAnOpenTransaction() throws Exception {
        String url = fileUrl("close");
        try (Connection keep = DriverManager.getConnection(url); Statement s = keep.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
            c.close();
            assertTrue(c.isClosed());
            assertEquals(0, count(s, "t"));
            s.executeUpdate("INSERT INTO t VALUES (1)"); // no lock left behind
        }
    }

    @Test
    void batchesReturnCountsAndReportTheCountsBeforeAFailure() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:batch"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    p.setInt(1, i);
                    p.setString(2, "v" + i);
                    p.addBatch();
                }
                assertArrayEquals(new int[] {1, 1, 1}, p.executeBatch());
                p.setInt(1, 4);
                p.setString(2, "x");
                p.addBatch();
                p.setInt(1, 1); // duplicate key
                p.addBatch();
                BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
                assertEquals("23505", e.getSQLState());
                assertArrayEquals(new int[] {1}, e.getUpdateCounts());
            }
            s.addBatch("UPDATE t SET v = 'y' WHERE id <= 2");
            s.addBatch("DELETE FROM t WHERE id = 4");
            assertArrayEquals(new int[] {2, 1}, s.executeBatch());
            assertEquals(3, count(s, "t"));
        }
    }

    @Test
    void errorsCarryTheirSqlState() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:err"); Statement s = c.createStatement()) {
            assertEquals("42P01", assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nope"))
                    .getSQLState());
            assertEquals("42601", assertThrows(SQLException.class, () -> s.execute("SELEKT 1")).getSQLState());
            assertEquals("42601", assertThrows(SQLException.class, () -> c.prepareStatement("SELECT FROM WHERE"))
                    .getSQLState());
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            s.executeUpdate("INSERT INTO t VALUES (1)");
            assertEquals("23505", assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO t VALUES (1)"))
                    .getSQLState());
            assertEquals("0A000", assertThrows(SQLException.class,
                    () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE)).getSQLState());
            s.execute("SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
        }
    }

    private static void fill(Connection c, int n) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE big (id INT PRIMARY KEY)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO big VALUES (?)")) {
            for (int i = 0; i < n; i++) {
                p.setInt(1, i);
                p.addBatch();
            }
            p.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static final String CROSS_JOIN = "SELECT COUNT(*) FROM big a, big b, big c";

    @Test
    void queryTimeoutStopsALongQueryWith57014() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:timeout")) {
            fill(c, 300);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                long t0 = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(CROSS_JOIN));
                assertEquals("57014", e.getSQLState());
                assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
                s.setQueryTimeout(0);
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) { // the connection still works
                    assertTrue(rs.next());
                    assertEquals(300, rs.getInt(1));
                }
            }
        }
    }

    @Test
    void cancelFromAnotherThreadStopsALongQueryWith57014() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:cancel")) {
            fill(c, 300);
            try (Statement s = c.createStatement()) {
                AtomicReference<SQLException> failure = new AtomicReference<>();
                Thread t = new Thread(() -> {
                    try {
                        s.executeQuery(CROSS_JOIN);
                    } catch (SQLException e) {
                        failure.set(e);
                    }
                });
                t.start();
                long t0 = System.nanoTime();
                while (failure.get() == null && t.isAlive() && System.nanoTime() - t0 < 5_000_000_000L) {
                    Thread.sleep(100);
                    s.cancel();
                }
                t.join(5000);
                assertFalse(t.isAlive());
                assertEquals("57014", failure.get().getSQLState());
            }
        }
    }

    @Test
    void scrollableResultSetsMoveBothWays() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:scroll")) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
                s.executeUpdate("INSERT INTO t VALUES (1), (2), (3), (4)");
            }
            try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
                    ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
                assertTrue(rs.last());
                assertEquals(4, rs.getRow());
                assertEquals(4, rs.getInt(1));
                assertTrue(rs.previous());
                assertEquals(3, rs.getInt(1));
                assertTrue(rs.first());
                assertEquals(1, rs.getInt(1));
                assertTrue(rs.absolute(-2));
                assertEquals(3, rs.getInt(1));
                assertTrue(rs.relative(-1));
                assertEquals(2, rs.getInt(1));
                assertFalse(rs.relative(10));
                assertTrue(rs.isAfterLast());
                assertEquals(0, rs.getRow());
                rs.beforeFirst();
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                rs.afterLast();
                assertTrue(rs.previous());
                assertEquals(4, rs.getInt(1));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t")) {
                assertThrows(SQLException.class, rs::previous);
                assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateInt(1, 5));
            }
        }
    }

    @Test
    void metadataListsTablesAndColumnsForAGenericConsumer() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:meta")) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, "
                        + "balance DECIMAL(12, 2))");
                s.executeUpdate("CREATE TABLE orders (id INT PRIMARY KEY, customer_id BIGINT, placed DATE)");
                s.executeUpdate("CREATE UNIQUE INDEX orders_customer ON orders (customer_id, placed)");
            }
            DatabaseMetaData md = c.getMetaData();
            assertEquals("Cairn", md.getDatabaseProductName());
            assertEquals("\"", md.getIdentifierQuoteString());
            assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ));
            assertFalse(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
            // a generic consumer: list tables, then each table's columns
            Map<String, List<String>> seen = new LinkedHashMap<>();
            try (ResultSet tables = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (tables.next()) {
                    String table = tables.getString("TABLE_NAME");
                    assertEquals("TABLE", tables.getString("TABLE_TYPE"));
                    List<String> cols = new ArrayList<>();
                    try (ResultSet rs = md.getColumns(tables.getString("TABLE_CAT"), tables.getString("TABLE_SCHEM"),
                            table, "%")) {
                        while (rs.next()) {
                            cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":"
                                    + rs.getString("TYPE_NAME") + ":" + rs.getString("IS_NULLABLE") + ":"
                                    + rs.getInt("ORDINAL_POSITION"));
                        }
                    }
                    seen.put(table, cols);
                }
            }
            assertEquals(Map.of(
                    "customer", List.of("id:" + Types.BIGINT + ":BIGINT:NO:1", "name:" + Types.VARCHAR + ":VARCHAR:NO:2",
                            "balance:" + Types.DECIMAL + ":DECIMAL:YES:3"),
                    "orders", List.of("id:" + Types.INTEGER + ":INT:NO:1", "customer_id:" + Types.BIGINT + ":BIGINT:YES:2",
                            "placed:" + Types.DATE + ":DATE:YES:3")), seen);
            try (ResultSet rs = md.getColumns(null, null, "customer", "balance")) {
                assertTrue(rs.next());
                assertEquals(12, rs.getInt("COLUMN_SIZE"));
                assertEquals(2, rs.getInt("DECIMAL_DIGITS"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getPrimaryKeys(null, null, "customer")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
                assertEquals(1, rs.getShort("KEY_SEQ"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getIndexInfo(null, null, "orders", false, true)) {
                List<String> ix = new ArrayList<>();
                while (rs.next()) {
                    ix.add(rs.getString("INDEX_NAME") + ":" + rs.getString("COLUMN_NAME") + ":"
                            + rs.getBoolean("NON_UNIQUE") + ":" + rs.getInt("ORDINAL_POSITION"));
                }
                assertEquals(List.of("orders_customer:customer_id:false:1", "orders_customer:placed:false:2"), ix);
            }
            try (ResultSet rs = md.getTypeInfo()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString("TYPE_NAME"));
                }
                assertTrue(names.containsAll(List.of("INT", "BIGINT", "VARCHAR", "DECIMAL", "DATE", "TIMESTAMP")));
            }
            try (ResultSet rs = md.getTableTypes()) {
                assertTrue(rs.next());
                assertEquals("SYSTEM VIEW", rs.getString(1));
                assertTrue(rs.next());
                assertEquals("TABLE", rs.getString(1));
                assertFalse(rs.next());
            }
            assertFalse(md.getImportedKeys(null, null, "orders").next()); // the dialect has no foreign keys
            try (ResultSet rs = md.getBestRowIdentifier(null, null, "orders", DatabaseMetaData.bestRowSession, true)) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
            }
            assertFalse(md.getSchemas().next());
            assertFalse(md.getCatalogs().next());
        }
    }

    @Test
    void twoConnectionsToOneFileShareDataWithSnapshotIsolation() throws Exception {
        String url = fileUrl("shared");
        Properties snapshot = new Properties();
        snapshot.setProperty("isolation", "SNAPSHOT");
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url, snapshot);
                Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, b.getTransactionIsolation());
            sa.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            sa.executeUpdate("INSERT INTO t VALUES (1)");
            b.setAutoCommit(false);
            assertEquals(1, count(sb, "t")); // b's snapshot starts here
            sa.executeUpdate("INSERT INTO t VALUES (2)");
            assertEquals(1, count(sb, "t"));
            b.commit();
            assertEquals(2, count(sb, "t"));
            b.commit();
        }
        assertFalse(EmbeddedDatabase.isOpen("file:" + dir.resolve("shared").toRealPath()));
    }

    @Test
    void reopeningAFileDatabaseKeepsTheData() throws Exception {
        String url = fileUrl("reopen");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5))");
            s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            assertEquals(2, count(s, "t"));
        }
    }

    @Test
    void memDatabasesAreIndependentAndVanishAfterClose() throws Exception {
        try (Connection a = DriverManager.getConnection("jdbc:cairn:mem:one");
                Connection b = DriverManager.getConnection("jdbc:cairn:mem:two");
                Connection a2 = DriverManager.getConnection("jdbc:cairn:mem:one")) {
            a.createStatement().executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            a.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
            assertEquals(1, count(a2.createStatement(), "t"));
            assertEquals("42P01", assertThrows(SQLException.class, () -> count(b.createStatement(), "t")).getSQLState());
        }
        assertFalse(EmbeddedDatabase.isOpen("mem:one"));
        try (Connection a = DriverManager.getConnection("jdbc:cairn:mem:one")) {
            assertEquals("42P01", assertThrows(SQLException.class, () -> count(a.createStatement(), "t")).getSQLState());
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsLastResultSet() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:coc"); Statement s = c.createStatement()) {
            s.closeOnCompletion();
            ResultSet first = s.executeQuery("SELECT 1");
            ResultSet second = s.executeQuery("SELECT 2"); // re-executing closes the first, not the statement
            assertTrue(first.isClosed());
            assertFalse(s.isClosed());
            second.close();
            assertTrue(s.isClosed());
        }
    }

    @Test
    void aDataSourceOpensConnectionsWithItsSettings() throws Exception {
        CairnDataSource ds = new CairnDataSource();
        ds.setUrl(fileUrl("ds"));
        ds.setUser("alice");
        ds.setIsolation("SNAPSHOT");
        try (Connection c = ds.getConnection()) {
            assertEquals("alice", c.getMetaData().getUserName());
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
        }
        ds.setUrl("jdbc:other:x");
        assertEquals("08001", assertThrows(SQLException.class, ds::getConnection).getSQLState());
    }

    @Test
    void readOnlyConnectionsRefuseWrites() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:ro"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            c.setReadOnly(true);
            assertEquals("25006", assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO t VALUES (1)"))
                    .getSQLState());
            assertEquals(0, count(s, "t"));
        }
    }

    @Test
    void unsupportedMethodsSaySo() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:unsup")) {
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.prepareStatement("SELECT 1", Statement.RETURN_GENERATED_KEYS));
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.createBlob());
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
            assertTrue(c.isWrapperFor(Connection.class));
        }
    }

    @Test
    void callableStatementsRunCallAndReportTheEnginesAnswer() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:call");
                java.sql.CallableStatement cs = c.prepareCall("CALL refresh(?)")) {
            cs.setInt(1, 1);
            // no plugin registered a procedure named refresh: the engine says so
            assertEquals("42883", assertThrows(SQLException.class, cs::execute).getSQLState());
            assertThrows(SQLFeatureNotSupportedException.class, () -> cs.registerOutParameter(1, Types.INTEGER));
        }
    }

    @Test
    void concurrentConnectionsToOneFileAllCommit() throws Exception {
        String url = fileUrl("concurrent");
        try (Connection setup = DriverManager.getConnection(url); Statement s = setup.createStatement()) {
            s.executeUpdate("CREATE TABLE hits (worker INT, n INT, PRIMARY KEY (worker, n))");
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                Thread t = new Thread(() -> {
                    try (Connection c = DriverManager.getConnection(url);
                            PreparedStatement p = c.prepareStatement("INSERT INTO hits VALUES (?, ?)")) {
                        c.setAutoCommit(false);
                        for (int n = 0; n < 50; n++) {
                            p.setInt(1, worker);
                            p.setInt(2, n);
                            p.executeUpdate();
                            if (n % 10 == 9) {
                                c.commit();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertNull(failure.get());
            assertEquals(200, count(s, "hits"));
        }
    }

    @Test
    void parametersAreCountedWhereverTheyAppear() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:params"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
            s.executeUpdate("INSERT INTO t VALUES (1, 'a?'), (2, 'b'), (3, 'c')");
            try (PreparedStatement p = c.prepareStatement("SELECT id /* ? */ FROM t WHERE v <> '?' -- ?\n"
                    + " AND id IN (SELECT id FROM t WHERE id >= ?) AND id < CASE WHEN ? THEN ? ELSE 9 END"
                    + " ORDER BY id LIMIT ?")) {
                p.setInt(1, 2);
                p.setBoolean(2, true);
                p.setInt(3, 9);
                p.setInt(4, 1);
                assertThrows(SQLException.class, () -> p.setInt(5, 1));
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                    assertFalse(rs.next());
                }
            }
        }
    }

    @Test
    void generatedKeysAreThePrimaryKeyValuesTheInsertStored() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:keys"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (a BIGINT, b VARCHAR(5), v INT, PRIMARY KEY (a, b))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (v, b, a) VALUES (?, 'x', ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setInt(1, 10);
                p.setInt(2, 7);
                assertEquals(1, p.executeUpdate());
                try (ResultSet keys = p.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(7L, keys.getObject("a"));
                    assertEquals("x", keys.getString("b"));
                    assertFalse(keys.next());
                }
                for (int i = 8; i <= 9; i++) {
                    p.setInt(1, 0);
                    p.setInt(2, i);
                    p.addBatch();
                }
                p.executeBatch();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(8, keys.getInt(1));
                    assertTrue(keys.next());
                    assertEquals(9, keys.getInt(1));
                    assertFalse(keys.next());
                }
            }
            assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (1, 'y', 0), (2, 'z', 0)",
                    Statement.RETURN_GENERATED_KEYS) - 1);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(1, keys.getInt("a"));
                assertTrue(keys.next());
                assertEquals("z", keys.getString("b"));
            }
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareStatement(
                    "INSERT INTO t (a, b) VALUES (1 + 1, 'q')", Statement.RETURN_GENERATED_KEYS));
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareStatement(
                    "INSERT INTO t (a, v) VALUES (3, 1)", Statement.RETURN_GENERATED_KEYS));
            assertEquals(5, count(s, "t")); // the refused statements did not run
        }
    }

    private static int count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }
}
