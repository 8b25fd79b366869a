package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.sql.SqlProcedure;
import io.cairn.sql.SqlProcedureResult;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemViewContext;

/** CallableStatement over procedures a plugin registers, and scroll-insensitive results within the memory bound. */
class CallAndScrollTest {

    /** Like a plugin's procedure: {@code bank.spread(n, label)} returns n rows; n < 0 fails with 22023. */
    static final class Spread implements SqlProcedure {
        final AtomicLong calls = new AtomicLong();

        @Override
        public String name() {
            return "bank.spread";
        }

        @Override
        public List<SystemView.Column> parameters() {
            return List.of(new SystemView.Column("n", SystemView.ColumnType.INT),
                    new SystemView.Column("label", SystemView.ColumnType.VARCHAR));
        }

        @Override
        public SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException {
            calls.incrementAndGet();
            int n = (Integer) args[0];
            if (n < 0) {
                throw new SqlException("n must not be negative", "22023");
            }
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                rows.add(new Object[] {i, args[1] + "-" + i});
            }
            return SqlProcedureResult.rows(List.of(new SystemView.Column("i", SystemView.ColumnType.INT),
                    new SystemView.Column("label", SystemView.ColumnType.VARCHAR)), rows);
        }
    }

    /** {@code bank.touch()}: no rows, an update count. */
    static final class Touch implements SqlProcedure {
        @Override
        public String name() {
            return "bank.touch";
        }

        @Override
        public List<SystemView.Column> parameters() {
            return List.of();
        }

        @Override
        public SqlProcedureResult call(SystemViewContext ctx, Object[] args) {
            return SqlProcedureResult.updateCount(3);
        }
    }

    @Test
    void callableStatementsRunRegisteredProceduresWithInParameters() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:calls")) {
            Spread spread = new Spread();
            CairnConnection cc = c.unwrap(CairnConnection.class);
            assertTrue(cc.engine().registry().addProcedure(spread));
            assertTrue(cc.engine().registry().addProcedure(new Touch()));

            for (String sql : List.of("CALL bank.spread(?, ?)", "{call bank.spread(?, ?)}", " { CALL bank.spread(?,?) } ")) {
                try (CallableStatement cs = c.prepareCall(sql)) {
                    cs.setInt(1, 3);
                    cs.setString(2, "x");
                    assertTrue(cs.execute(), sql);
                    List<String> got = new ArrayList<>();
                    try (ResultSet rs = cs.getResultSet()) {
                        while (rs.next()) {
                            got.add(rs.getInt("i") + ":" + rs.getString("label"));
                        }
                    }
                    assertEquals(List.of("1:x-1", "2:x-2", "3:x-3"), got, sql);
                    cs.setInt(1, 1);
                    try (ResultSet rs = cs.executeQuery()) { // re-executed with a new parameter
                        assertTrue(rs.next());
                        assertFalse(rs.next());
                    }
                }
            }
            try (CallableStatement cs = c.prepareCall("{call bank.touch()}")) {
                assertFalse(cs.execute());
                assertEquals(3, cs.getUpdateCount());
            }
            try (CallableStatement cs = c.prepareCall("CALL bank.spread(?, ?)")) {
                cs.setInt(1, -1);
                cs.setString(2, "x");
                assertEquals("22023", assertThrows(SQLException.class, cs::execute).getSQLState(),
                        "the procedure's own SQLSTATE");
                cs.clearParameters();
                cs.setInt(1, 1);
                assertEquals("07001", assertThrows(SQLException.class, cs::execute).getSQLState(), "a parameter unset");
                assertThrows(SQLFeatureNotSupportedException.class, () -> cs.registerOutParameter(1, Types.INTEGER));
                assertThrows(SQLFeatureNotSupportedException.class, () -> cs.setInt("n", 1));
                assertThrows(SQLFeatureNotSupportedException.class, () -> cs.getInt(1));
            }
            try (CallableStatement cs = c.prepareCall("CALL bank.spread(1)")) {
                assertEquals("42883", assertThrows(SQLException.class, cs::execute).getSQLState(), "wrong arity");
            }
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareCall("{? = call bank.touch()}"));
            assertEquals("CALL bank.touch()", c.nativeSQL("{call bank.touch()}"));

            // a generic tool finds the procedures and their parameters
            DatabaseMetaData md = c.getMetaData();
            assertTrue(md.supportsStoredProcedures());
            List<String> procs = new ArrayList<>();
            try (ResultSet rs = md.getProcedures(null, null, "bank.%")) {
                while (rs.next()) {
                    procs.add(rs.getString("PROCEDURE_NAME") + ":" + rs.getShort("PROCEDURE_TYPE"));
                }
            }
            assertEquals(List.of("bank.spread:" + DatabaseMetaData.procedureResultUnknown,
                    "bank.touch:" + DatabaseMetaData.procedureResultUnknown), procs);
            List<String> params = new ArrayList<>();
            try (ResultSet rs = md.getProcedureColumns(null, null, "bank.spread", "%")) {
                while (rs.next()) {
                    params.add(rs.getString("COLUMN_NAME") + ":" + rs.getShort("COLUMN_TYPE") + ":"
                            + rs.getInt("DATA_TYPE") + ":" + rs.getInt("ORDINAL_POSITION"));
                }
            }
            assertEquals(List.of("n:" + DatabaseMetaData.procedureColumnIn + ":" + Types.INTEGER + ":1",
                    "label:" + DatabaseMetaData.procedureColumnIn + ":" + Types.VARCHAR + ":2"), params);
        }
    }

    @Test
    void scrollInsensitiveResultsAreHeldWithinTheEnginesMemoryBound() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:bound"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            s.executeUpdate("INSERT INTO t VALUES (1), (2), (3), (4), (5)");
            c.unwrap(CairnConnection.class).engine().setMemoryBound(4);
            try (Statement scroll = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
                SQLException e = assertThrows(SQLException.class, () -> scroll.executeQuery("SELECT id FROM t"));
                assertEquals("53200", e.getSQLState());
                assertTrue(e.getMessage().contains("memory bound of 4 rows"), e.getMessage());
                try (ResultSet rs = scroll.executeQuery("SELECT id FROM t WHERE id <= 4 ORDER BY id DESC")) {
                    assertTrue(rs.absolute(-1));
                    assertEquals(1, rs.getInt(1));
                    assertEquals(4, rs.getRow());
                    assertTrue(rs.relative(-3));
                    assertEquals(4, rs.getInt(1));
                    assertTrue(rs.isFirst());
                    assertFalse(rs.previous());
                    assertTrue(rs.isBeforeFirst());
                    assertEquals(0, rs.getRow());
                    assertEquals("24000", assertThrows(SQLException.class, () -> rs.getInt(1)).getSQLState(),
                            "no current row before the first");
                }
                scroll.setMaxRows(4); // the bound applies to what the result set holds
                try (ResultSet rs = scroll.executeQuery("SELECT id FROM t")) {
                    assertTrue(rs.last());
                    assertEquals(4, rs.getRow());
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM t")) {
                assertThrows(SQLException.class, rs::last, "forward-only results do not scroll");
            }
        }
    }

    @Test
    void connectionPropertiesComeFromTheUrlOrTheProperties() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:props;user=ann;isolation=SNAPSHOT;readOnly=true")) {
            assertEquals("ann", c.getMetaData().getUserName());
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
            assertTrue(c.isReadOnly());
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "bob");
        p.setProperty("password", "whatever");
        p.setProperty("isolation", "read_committed");
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:props", p)) {
            assertEquals("bob", c.getMetaData().getUserName());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertFalse(c.isReadOnly());
        }
        assertEquals("08001", assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:cairn:mem:props;isolation=dirty")).getSQLState());
        assertEquals("08001", assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:cairn:mem:props;readOnly")).getSQLState());
        assertEquals("08001", assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:cairn:mem:props;readOnly=yes")).getSQLState());
    }
}
