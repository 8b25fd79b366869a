package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * Forward-only results stream from the executor (JDBC.md, "Streaming results"): memory held to a
 * fetch, the statement and its autocommit transaction open until the last row or close, errors
 * and cancels surfacing from next(), other statements on the connection buffering the rest.
 */
class StreamingResultTest {

    private static final int ROWS = 20_000;

    private static Connection load(String name) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:cairn:mem:" + name);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                p.setInt(1, i);
                p.setInt(2, i % 7);
                p.addBatch();
                if (i % 2_000 == 0) {
                    p.executeBatch();
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return c;
    }

    private static long sid(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sid FROM v$session WHERE state = 'ACTIVE'"
                        + " AND sql_text LIKE 'SELECT sid FROM v$session%'")) {
            assertTrue(rs.next()); // the caller's own session: the one running this statement
            return rs.getLong(1);
        }
    }

    private static String state(Connection observer, long sid) throws SQLException {
        try (Statement s = observer.createStatement();
                ResultSet rs = s.executeQuery("SELECT state FROM v$session WHERE sid = " + sid)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aQueryOverManyMoreRowsThanTheMemoryBoundStreamsHoldingOneFetch() throws Exception {
        try (Connection c = load("stream-bound")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            engine.setMemoryBound(500);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(200);
                try (ResultSet rs = s.executeQuery("SELECT id, v FROM t")) {
                    long n = 0;
                    long sum = 0;
                    while (rs.next()) {
                        n++;
                        assertEquals(n, rs.getLong(1)); // in primary key order, none lost or repeated
                        assertEquals(n, rs.getRow());
                        sum += rs.getInt(2);
                    }
                    assertEquals(ROWS, n);
                    assertEquals(expectedSum(), sum);
                    assertTrue(((CairnResultSet) rs).heldMost() <= 200, "held " + ((CairnResultSet) rs).heldMost());
                    assertTrue(rs.isAfterLast());
                }
                // no fetch size: rows per fetch are held to the memory bound
                try (ResultSet rs = s.executeQuery("SELECT id FROM t WHERE v >= 0")) {
                    s.setFetchSize(0);
                    long n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertEquals(ROWS, n);
                    assertTrue(((CairnResultSet) rs).heldMost() <= 500);
                }
            }
            // a scrollable result is held whole, so it still stops at the bound
            try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT id FROM t"));
                assertEquals("53200", e.getSQLState());
            }
        }
    }

    private static long expectedSum() {
        long sum = 0;
        for (int i = 1; i <= ROWS; i++) {
            sum += i % 7;
        }
        return sum;
    }

    @Test
    void aSmallResultIsReadWholeByExecuteQuery() throws Exception {
        try (Connection c = load("stream-small"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM t WHERE id <= 3")) {
            assertFalse(((CairnResultSet) rs).isStreaming());
            int n = 0;
            while (rs.next()) {
                n++;
            }
            assertEquals(3, n);
        }
    }

    @Test
    void theAutocommitStatementStaysOpenUntilTheResultEnds() throws Exception {
        try (Connection c = load("stream-open"); Connection observer = DriverManager.getConnection("jdbc:cairn:mem:stream-open")) {
            long sid = sid(c);
            SqlEngine engine = c.unwrap(SqlEngine.class);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                assertTrue(rs.next());
                assertEquals("ACTIVE", state(observer, sid));
                try (Statement o = observer.createStatement(); ResultSet w = o.executeQuery(
                        "SELECT wait_event, wait_class, sql_text FROM v$session WHERE sid = " + sid)) {
                    assertTrue(w.next()); // between fetches the session waits for its client, not the engine
                    assertEquals("SQL*Net message from client", w.getString(1));
                    assertEquals("IDLE", w.getString(2));
                    assertEquals("SELECT id FROM t", w.getString(3));
                }
                // rows committed after the statement began are not in its snapshot
                try (Statement w = observer.createStatement()) {
                    w.executeUpdate("INSERT INTO t VALUES (" + (ROWS + 1) + ", 0)");
                    // the table is dropped while the stream reads it: its tree stays until the stream ends
                    w.execute("DROP TABLE t");
                }
                assertTrue(engine.pendingTreeDrops() > 0);
                long n = 1;
                while (rs.next()) {
                    n++;
                }
                assertEquals(ROWS, n);
                assertEquals("IDLE", state(observer, sid)); // the last row ended the statement and committed
                assertEquals(0, engine.pendingTreeDrops());
                rs.close();
            }
        }
    }

    @Test
    void closingTheResultEarlyEndsTheStatementWithTheRowsRead() throws Exception {
        try (Connection c = load("stream-close"); Connection observer = DriverManager.getConnection("jdbc:cairn:mem:stream-close")) {
            long sid = sid(c);
            SqlEngine engine = c.unwrap(SqlEngine.class);
            List<StatementEnd> ends = new CopyOnWriteArrayList<>();
            StatementListener l = ends::add;
            engine.addStatementListener(l);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                for (int i = 0; i < 150; i++) {
                    assertTrue(rs.next());
                }
                assertTrue(ends.stream().noneMatch(e -> e.command().equals("SELECT") && e.text().contains("FROM t")),
                        "no end event while the result is open");
                assertEquals("ACTIVE", state(observer, sid));
                rs.close();
                assertEquals("IDLE", state(observer, sid));
                StatementEnd end = ends.stream().filter(e -> e.text().equals("SELECT id FROM t")).findFirst().orElseThrow();
                assertEquals(200, end.rows()); // two fetches of 100 were read from the executor
                assertNull(end.sqlState());
                assertTrue(end.elapsedNanos() > 0);
            } finally {
                engine.removeStatementListener(l);
            }
        }
    }

    @Test
    void aStreamedSortThatSpilledReportsItsTempBytes() throws Exception {
        try (Connection c = load("stream-temp")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            List<StatementEnd> ends = new CopyOnWriteArrayList<>();
            StatementListener l = ends::add;
            engine.addStatementListener(l);
            engine.setMemoryBound(50);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10);
                try (ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY v DESC, id")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertEquals(ROWS, n);
                }
                StatementEnd end = ends.stream().filter(e -> e.text().contains("ORDER BY v DESC")).findFirst().orElseThrow();
                assertTrue(end.tempBytes() > 0, "the sort of " + ROWS + " rows past a 50-row bound spilled");
            } finally {
                engine.setMemoryBound(1_000_000);
                engine.removeStatementListener(l);
            }
        }
    }

    @Test
    void theListenerHearsTheEndAfterTheLastRowWithItsCount() throws Exception {
        try (Connection c = load("stream-listener")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            List<StatementEnd> ends = new CopyOnWriteArrayList<>();
            StatementListener l = ends::add;
            engine.addStatementListener(l);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, v FROM t WHERE id > 5")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    if (n == 1_500) { // the executor's end is seen by the fetch that reads the last rows
                        assertTrue(ends.stream().noneMatch(e -> e.text().startsWith("SELECT id, v")));
                    }
                }
                StatementEnd end = ends.stream().filter(e -> e.text().startsWith("SELECT id, v")).findFirst().orElseThrow();
                assertEquals(ROWS - 5, end.rows());
                assertNull(end.sqlState());
                assertTrue(end.pagesRead() + end.pagesHit() > 0);
            } finally {
                engine.removeStatementListener(l);
            }
        }
    }

    @Test
    void anErrorMidStreamSurfacesFromNextAndEndsTheStatement() throws Exception {
        try (Connection c = load("stream-error"); Connection observer = DriverManager.getConnection("jdbc:cairn:mem:stream-error")) {
            long sid = sid(c);
            SqlEngine engine = c.unwrap(SqlEngine.class);
            List<StatementEnd> ends = new CopyOnWriteArrayList<>();
            StatementListener l = ends::add;
            engine.addStatementListener(l);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(500);
                ResultSet rs = s.executeQuery("SELECT id, 100 / (id - 10000) FROM t");
                long n = 0;
                SQLException e = null;
                try {
                    while (rs.next()) {
                        n++;
                    }
                } catch (SQLException x) {
                    e = x;
                }
                assertEquals("22012", e.getSQLState());
                assertEquals(9_999, n); // every row before the failing one
                assertEquals("IDLE", state(observer, sid)); // rolled back: no transaction left open
                SQLException again = assertThrows(SQLException.class, rs::next);
                assertEquals("22012", again.getSQLState());
                StatementEnd end = ends.stream().filter(x -> x.text().contains("100 /")).findFirst().orElseThrow();
                assertEquals("22012", end.sqlState());
                rs.close();
                // the connection goes on
                try (ResultSet ok = s.executeQuery("SELECT COUNT(*) FROM t")) {
                    assertTrue(ok.next());
                    assertEquals(ROWS, ok.getLong(1));
                }
            } finally {
                engine.removeStatementListener(l);
            }
        }
    }

    @Test
    void cancelBetweenFetchesEndsTheStatementAtOnce() throws Exception {
        try (Connection c = load("stream-cancel"); Connection observer = DriverManager.getConnection("jdbc:cairn:mem:stream-cancel")) {
            long sid = sid(c);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                assertTrue(rs.next());
                s.cancel();
                assertEquals("IDLE", state(observer, sid)); // ended by the cancel, not by the next fetch
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        // the rows of the fetch already read come first
                    }
                });
                assertEquals("57014", e.getSQLState());
            }
        }
    }

    @Test
    void cancelDuringAFetchStopsThatFetch() throws Exception {
        try (Connection c = load("stream-cancel-running")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
            try (Statement s = c.createStatement()) {
                // a controller hears the executor's progress inside a fetch: it cancels from there
                engine.addAdmissionController(new io.cairn.sql.instrument.AdmissionController() {
                    @Override
                    public String name() {
                        return "canceller";
                    }

                    @Override
                    public void statementProgress(io.cairn.sql.instrument.StatementHandle h) {
                        if (armed.compareAndSet(true, false)) {
                            try {
                                s.cancel();
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                });
                s.setFetchSize(5_000);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                armed.set(true); // the second fetch is cancelled while it runs
                long n = 0;
                SQLException e = null;
                try {
                    while (rs.next()) {
                        n++;
                    }
                } catch (SQLException x) {
                    e = x;
                }
                assertEquals("57014", e.getSQLState());
                assertTrue(n >= 5_000 && n < 10_000, "stopped inside the second fetch after " + n);
            }
        }
    }

    @Test
    void theQueryTimeoutStopsAStreamAtItsNextFetch() throws Exception {
        try (Connection c = load("stream-timeout"); Statement s = c.createStatement()) {
            s.setFetchSize(100);
            s.setQueryTimeout(1);
            ResultSet rs = s.executeQuery("SELECT id FROM t");
            for (int i = 0; i < 100; i++) {
                assertTrue(rs.next());
            }
            Thread.sleep(1_100); // the statement's time is up while the client holds its result
            SQLException e = assertThrows(SQLException.class, rs::next);
            assertEquals("57014", e.getSQLState());
        }
    }

    @Test
    void aKilledSessionFailsTheStreamWith57P01AndClosesTheConnection() throws Exception {
        try (Connection c = load("stream-kill"); Connection observer = DriverManager.getConnection("jdbc:cairn:mem:stream-kill")) {
            long sid = sid(c);
            SqlEngine engine = c.unwrap(SqlEngine.class);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                assertTrue(rs.next());
                assertEquals(SqlEngine.KillResult.CLOSED, engine.closeSession(sid, "dba"));
                assertNull(state(observer, sid)); // gone from v$session at once
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        // the rows already fetched
                    }
                });
                assertEquals("57P01", e.getSQLState());
                assertTrue(c.isClosed());
            }
        }
    }

    @Test
    void anotherStatementOnTheConnectionBuffersTheRestOfTheStream() throws Exception {
        try (Connection c = load("stream-interleave")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            List<String> order = new CopyOnWriteArrayList<>();
            StatementListener l = new StatementListener() {
                @Override
                public void statementEnded(StatementEnd e) {
                    order.add("end " + e.command() + " " + e.rows());
                }
            };
            engine.addStatementListener(l);
            try (Statement read = c.createStatement(); Statement write = c.createStatement()) {
                read.setFetchSize(100);
                ResultSet rs = read.executeQuery("SELECT id, v FROM t");
                long n = 0;
                while (rs.next()) {
                    n++;
                    if (n == 50) { // the classic loop: update each row as it is read
                        assertEquals(1, write.executeUpdate("UPDATE t SET v = 100 WHERE id = 20000"));
                    }
                    if (n == ROWS) {
                        assertEquals(20_000 % 7, rs.getInt(2), "the buffered rows were read before the update ran");
                    }
                }
                assertEquals(ROWS, n);
                // the SELECT ended (buffered, all rows read) before the UPDATE ran
                assertEquals("end SELECT " + ROWS, order.get(order.size() - 2));
                assertEquals("end UPDATE 1", order.get(order.size() - 1));
            } finally {
                engine.removeStatementListener(l);
            }
        }
    }

    @Test
    void aRestTooLargeToBufferFailsTheOpenResultWith53200NotTheNewStatement() throws Exception {
        try (Connection c = load("stream-overflow")) {
            c.unwrap(SqlEngine.class).setMemoryBound(1_000);
            try (Statement read = c.createStatement(); Statement other = c.createStatement()) {
                read.setFetchSize(100);
                ResultSet rs = read.executeQuery("SELECT id FROM t");
                assertTrue(rs.next());
                try (ResultSet count = other.executeQuery("SELECT COUNT(*) FROM t")) {
                    assertTrue(count.next());
                    assertEquals(ROWS, count.getLong(1));
                }
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        // the first fetch's rows
                    }
                });
                assertEquals("53200", e.getSQLState());
            }
        }
    }

    @Test
    void commitClosesAnOpenStreamUnlessItIsHeldOverCommit() throws Exception {
        try (Connection c = load("stream-commit")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, rs.getHoldability());
                assertTrue(rs.next());
                c.commit();
                assertTrue(rs.isClosed());
                SQLException e = assertThrows(SQLException.class, rs::next);
                assertEquals("HY010", e.getSQLState());
            }
            try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                    ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
                s.setFetchSize(100);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                assertEquals(ResultSet.HOLD_CURSORS_OVER_COMMIT, rs.getHoldability());
                assertTrue(rs.next());
                c.commit();
                long n = 1;
                while (rs.next()) {
                    n++;
                }
                assertEquals(ROWS, n); // buffered at the commit
            }
            assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, c.getMetaData().getResultSetHoldability());
            assertTrue(c.getMetaData().supportsResultSetHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT));
        }
    }

    @Test
    void closingTheConnectionOrStatementEndsAnOpenStream() throws Exception {
        try (Connection observer = load("stream-conn-close")) {
            Connection c = DriverManager.getConnection("jdbc:cairn:mem:stream-conn-close");
            long sid = sid(c);
            Statement s = c.createStatement();
            s.setFetchSize(100);
            ResultSet rs = s.executeQuery("SELECT id FROM t");
            assertTrue(rs.next());
            assertEquals("ACTIVE", state(observer, sid));
            c.close();
            assertNull(state(observer, sid));
            assertTrue(rs.isClosed());
            assertThrows(SQLException.class, rs::next);

            Connection c2 = DriverManager.getConnection("jdbc:cairn:mem:stream-conn-close");
            long sid2 = sid(c2);
            Statement s2 = c2.createStatement();
            s2.setFetchSize(100);
            ResultSet rs2 = s2.executeQuery("SELECT id FROM t");
            assertTrue(rs2.next());
            assertEquals("ACTIVE", state(observer, sid2));
            s2.close();
            assertEquals("IDLE", state(observer, sid2));
            assertTrue(rs2.isClosed());
            c2.close();
        }
    }

    @Test
    void setMaxRowsEndsTheStreamAtTheLimit() throws Exception {
        try (Connection c = load("stream-maxrows"); Connection observer = DriverManager.getConnection("jdbc:cairn:mem:stream-maxrows")) {
            long sid = sid(c);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(100);
                s.setMaxRows(250);
                ResultSet rs = s.executeQuery("SELECT id FROM t");
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(250, n);
                assertEquals("IDLE", state(observer, sid));
            }
        }
    }
}
