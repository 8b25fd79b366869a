package io.cairn.sql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.sql.SqlProcedure;
import io.cairn.sql.SqlProcedureResult;
import io.cairn.sql.SqlTableFunction;
import io.cairn.sql.SystemView;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemView.ColumnType;
import io.cairn.sql.SystemViewContext;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionOptions;

/** Plugin system views, procedures and table functions: bound into a database, queried, called, unbound. */
class SystemViewsTest {

    @TempDir
    Path tmp;

    private DatabaseComponent db;
    private SqlEngine engine;
    private Session session;

    @BeforeEach
    void open() {
        db = new DatabaseComponent("sales", "", tmp.toString(), StorageOptions.defaults().withBufferPoolBytes(1 << 20),
                TransactionOptions.defaults());
        engine = db.sqlEngine();
        session = db.transactions().openSession("test", "junit");
    }

    @AfterEach
    void close() {
        session.close();
        db.close();
    }

    /** v$plugin_info: one row per call of rows(), with the database name and every column type. */
    static final class InfoView implements SystemView {
        final List<String> seenDatabases = new ArrayList<>();
        final String name;

        InfoView() {
            this("V$Plugin_Info");
        }

        InfoView(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("db", ColumnType.VARCHAR), new Column("n", ColumnType.INT),
                    new Column("big", ColumnType.BIGINT), new Column("amount", ColumnType.DECIMAL),
                    new Column("day", ColumnType.DATE), new Column("ok", ColumnType.BOOLEAN));
        }

        @Override
        public Iterable<Object[]> rows(SystemViewContext ctx) {
            seenDatabases.add(ctx.databaseName());
            return List.of(new Object[] {ctx.databaseName(), 1, 10L, new BigDecimal("1.50"), LocalDate.of(2024, 1, 31), true},
                    new Object[] {"x", 2, 20, null, null, false});
        }
    }

    /** demo.add(a, b): a + b as a row; a negative a fails with 22023. */
    static final class AddProcedure implements SqlProcedure {
        @Override
        public String name() {
            return "demo.add";
        }

        @Override
        public List<Column> parameters() {
            return List.of(new Column("a", ColumnType.BIGINT), new Column("b", ColumnType.BIGINT));
        }

        @Override
        public SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException {
            long a = (Long) args[0];
            if (a < 0) {
                throw new SqlException("a must not be negative", "22023");
            }
            return SqlProcedureResult.rows(List.of(new Column("sum", ColumnType.BIGINT)),
                    List.<Object[]>of(new Object[] {a + (Long) args[1]}));
        }
    }

    private String state(String sql) {
        return assertThrows(SqlException.class, () -> engine.execute(session, sql)).getSQLState();
    }

    @Test
    void pluginViewIsQueriedJoinedAndGroupedUntilItIsRemoved() throws Exception {
        InfoView view = new InfoView();
        assertEquals("42P01", state("SELECT * FROM v$plugin_info"));
        db.addSystemView(view);
        SqlResult r = engine.execute(session, "SELECT db, n, big, amount, day, ok FROM v$plugin_info ORDER BY n");
        assertEquals(List.of("db", "n", "big", "amount", "day", "ok"), r.columnNames());
        assertArrayEquals(new Object[] {"sales", 1, 10L, new BigDecimal("1.50"), LocalDate.of(2024, 1, 31), true},
                r.rows().get(0));
        assertArrayEquals(new Object[] {"x", 2, 20L, null, null, false}, r.rows().get(1));
        r = engine.execute(session, "SELECT COUNT(*) FROM V$PLUGIN_INFO a JOIN v$session s ON s.sid > 0 WHERE a.ok");
        assertEquals(1L, ((Number) r.rows().get(0)[0]).longValue());
        assertEquals("42809", state("DELETE FROM v$plugin_info"));
        assertEquals(List.of("sales", "sales"), view.seenDatabases);

        InfoView other = new InfoView();
        db.addSystemView(other); // same name: ignored, the first stays
        db.removeSystemView(other);
        assertEquals(2, engine.execute(session, "SELECT * FROM v$plugin_info").rows().size());

        db.removeSystemView(view);
        assertEquals("42P01", state("SELECT * FROM v$plugin_info"));
    }

    @Test
    void catalogTablesWinOverViews() throws Exception {
        engine.execute(session, "CREATE TABLE things (id INT PRIMARY KEY)");
        db.addSystemView(new InfoView("things"));
        assertEquals(0, engine.execute(session, "SELECT * FROM things").rows().size());
        assertEquals(1L, engine.execute(session, "INSERT INTO things VALUES (1)").updateCount());
        engine.execute(session, "DROP TABLE things");
        assertEquals(2, engine.execute(session, "SELECT * FROM things").rows().size());
    }

    @Test
    void procedureIsCalledWithConvertedArgumentsUntilItIsRemoved() throws Exception {
        AddProcedure proc = new AddProcedure();
        assertEquals("42883", state("CALL demo.add(1, 2)"));
        db.addSqlProcedure(proc);
        SqlResult r = engine.execute(session, "CALL demo.add(1, 2)");
        assertEquals(List.of("sum"), r.columnNames());
        assertArrayEquals(new Object[] {3L}, r.rows().get(0));
        r = engine.execute(session, "EXEC DEMO.ADD(?, 40)", 2);
        assertArrayEquals(new Object[] {42L}, r.rows().get(0));
        assertEquals("22023", state("CALL demo.add(-1, 2)"));
        assertEquals("42883", state("CALL demo.add(1)"));
        assertEquals("42804", state("CALL demo.add('one', 2)"));
        db.removeSqlProcedure(proc);
        assertEquals("42883", state("CALL demo.add(1, 2)"));
    }

    @Test
    void updateCountAndMessageResults() throws Exception {
        db.addSqlProcedure(new SqlProcedure() {
            @Override
            public String name() {
                return "demo.touch";
            }

            @Override
            public List<Column> parameters() {
                return List.of();
            }

            @Override
            public SqlProcedureResult call(SystemViewContext ctx, Object[] args) {
                String sql = ctx.transactionManager().sessionRegistry().session(ctx.sessionId()).statementText();
                return SqlProcedureResult.updateCount(sql.equals("CALL demo.touch()") ? 7 : -1);
            }
        });
        SqlResult r = engine.execute(session, "CALL demo.touch()");
        assertFalse(r.isQuery());
        assertEquals(7, r.updateCount());
        assertEquals("done", SqlProcedureResult.message("done").rows().get(0)[0]);
    }

    @Test
    void brokenViewFailsTheStatementNotTheEngine() throws Exception {
        db.addSystemView(new SystemView() {
            @Override
            public String name() {
                return "v$broken";
            }

            @Override
            public List<Column> columns() {
                return List.of(new Column("n", ColumnType.INT));
            }

            @Override
            public Iterable<Object[]> rows(SystemViewContext ctx) {
                return List.<Object[]>of(new Object[] {"not a number"});
            }
        });
        assertEquals("42804", state("SELECT * FROM v$broken"));
        assertTrue(engine.execute(session, "SELECT COUNT(*) FROM v$session").rows().size() == 1);
    }

    @Test
    void sessionShowsWhenItsTransactionAndItsStatementStarted() throws Exception {
        java.time.LocalDateTime before = java.time.LocalDateTime.now();
        engine.execute(session, "BEGIN");
        engine.execute(session, "SELECT COUNT(*) FROM v$session"); // the transaction starts with its first statement
        Thread.sleep(50);
        Object[] row = engine.execute(session, "SELECT txn_start, sql_start FROM v$session").rows().get(0);
        java.time.LocalDateTime txnStart = (java.time.LocalDateTime) row[0];
        java.time.LocalDateTime sqlStart = (java.time.LocalDateTime) row[1];
        // wall time is derived from the monotonic clock: allow a few milliseconds of rounding
        assertFalse(txnStart.isBefore(before.minusNanos(5_000_000)), txnStart + " before " + before);
        assertTrue(java.time.Duration.between(txnStart, sqlStart).toMillis() >= 45, txnStart + " .. " + sqlStart);
        engine.execute(session, "COMMIT");
        // an autocommit statement's transaction starts when the statement does
        row = engine.execute(session, "SELECT txn_start, sql_start FROM v$session").rows().get(0);
        long apart = java.time.Duration.between((java.time.LocalDateTime) row[0], (java.time.LocalDateTime) row[1]).toMillis();
        assertTrue(Math.abs(apart) <= 2, row[0] + " vs " + row[1]);
    }

    /** demo.series(n): rows 1..n. */
    static final class SeriesFunction implements SqlTableFunction {
        @Override
        public String name() {
            return "demo.series";
        }

        @Override
        public List<Column> parameters() {
            return List.of(new Column("n", ColumnType.INT));
        }

        @Override
        public List<Column> columns() {
            return List.of(new Column("i", ColumnType.INT));
        }

        @Override
        public Iterable<Object[]> rows(SystemViewContext ctx, Object[] args) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= (Integer) args[0]; i++) {
                rows.add(new Object[] {i});
            }
            return rows;
        }
    }

    @Test
    void tableFunctionIsJoinedWithTablesUntilItIsRemoved() throws Exception {
        SeriesFunction fn = new SeriesFunction();
        assertEquals("42883", state("SELECT * FROM demo.series(3)"));
        db.addSqlTableFunction(fn);
        engine.execute(session, "CREATE TABLE t (id INT PRIMARY KEY)");
        engine.execute(session, "INSERT INTO t VALUES (2), (3), (9)");
        SqlResult r = engine.execute(session, "SELECT s.i FROM DEMO.SERIES(1 + 2) s JOIN t ON t.id = s.i ORDER BY s.i");
        assertEquals(List.of("i"), r.columnNames());
        assertEquals(2, r.rows().size());
        assertArrayEquals(new Object[] {3}, r.rows().get(1));
        r = engine.execute(session, "SELECT SUM(i) FROM demo.series(?)", 4);
        assertEquals(10L, ((Number) r.rows().get(0)[0]).longValue());
        assertEquals("42883", state("SELECT * FROM demo.series()"));
        engine.setMemoryBound(100);
        // past the memory bound the function's rows wait in a temp file
        assertEquals(5050L, ((Number) engine.execute(session, "SELECT SUM(i) FROM demo.series(100)").rows().get(0)[0]).longValue());
        assertEquals(20100L, ((Number) engine.execute(session, "SELECT SUM(i) FROM demo.series(200)").rows().get(0)[0]).longValue());
        assertEquals(200L, ((Number) engine.execute(session, "SELECT COUNT(*) FROM demo.series(200) a JOIN t ON t.id > 0 AND a.i > 0 WHERE t.id = 2").rows().get(0)[0]).longValue());
        db.removeSqlTableFunction(fn);
        assertEquals("42883", state("SELECT * FROM demo.series(3)"));
    }

    /** demo.square(x): x * x, deterministic. */
    static class SquareFunction implements io.cairn.sql.SqlFunction {
        @Override
        public String name() {
            return "demo.square";
        }

        @Override
        public List<Column> parameters() {
            return List.of(new Column("x", ColumnType.BIGINT));
        }

        @Override
        public ColumnType returnType() {
            return ColumnType.BIGINT;
        }

        @Override
        public boolean deterministic() {
            return true;
        }

        @Override
        public Object invoke(Object[] args) {
            return args[0] == null ? null : (Long) args[0] * (Long) args[0];
        }
    }

    @Test
    void scalarFunctionIsCallableWhileRegistered() throws Exception {
        SquareFunction fn = new SquareFunction();
        assertEquals("42883", state("SELECT demo.square(3)"));
        db.addSqlFunction(fn);
        SqlResult r = engine.execute(session, "SELECT demo.square(?), DEMO.SQUARE(2) + 1", 3);
        assertArrayEquals(new Object[] {9L, 5L}, r.rows().get(0));
        assertEquals("42883", state("SELECT demo.square('a')"));
        // a second function of the same name is ignored while the first is there
        io.cairn.sql.SqlFunction other = new SquareFunction() {
            @Override
            public Object invoke(Object[] args) {
                return -1L;
            }
        };
        db.addSqlFunction(other);
        assertEquals(4L, engine.execute(session, "SELECT demo.square(2)").rows().get(0)[0]);
        db.removeSqlFunction(other);
        db.removeSqlFunction(fn);
        assertEquals("42883", state("SELECT demo.square(3)"));
        db.addSqlFunction(other);
        assertEquals(-1L, engine.execute(session, "SELECT demo.square(2)").rows().get(0)[0]);
        db.removeSqlFunction(other);
    }

    @Test
    void parameterViewShowsTheOptionsTheDatabaseWasOpenedWith() throws Exception {
        SqlResult r = engine.execute(session, "SELECT value, scope FROM v$parameter WHERE name = 'lock_timeout'");
        assertArrayEquals(new Object[] {String.valueOf(TransactionOptions.defaults().lockTimeout().toMillis()), "DATABASE"},
                r.rows().get(0));
        r = engine.execute(session, "SELECT value FROM v$parameter WHERE name = 'buffer_pool_size'");
        assertEquals(String.valueOf(1 << 20), r.rows().get(0)[0]);
    }

    @Test
    void sessionAndLockViewsShowWhoBlocksWhom() throws Exception {
        engine.execute(session, "CREATE TABLE acct (id INT PRIMARY KEY, bal INT)");
        engine.execute(session, "INSERT INTO acct VALUES (1, 10)");
        Session holder = db.transactions().openSession("holder", null);
        Session waiter = db.transactions().openSession("waiter", null);
        try {
            engine.execute(holder, "BEGIN");
            engine.execute(holder, "UPDATE acct SET bal = 11 WHERE id = 1");
            Thread t = new Thread(() -> {
                try {
                    engine.execute(waiter, "UPDATE acct SET bal = 12 WHERE id = 1");
                } catch (SqlException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            String blocked = "SELECT w.username, h.username FROM v$session w JOIN v$session h ON w.blocking_session = h.sid";
            long until = System.nanoTime() + 10_000_000_000L;
            List<Object[]> rows = List.of();
            while (rows.isEmpty() && System.nanoTime() < until) {
                rows = engine.execute(session, blocked).rows();
                Thread.sleep(5);
            }
            assertArrayEquals(new Object[] {"waiter", "holder"}, rows.get(0));
            SqlResult r = engine.execute(session, "SELECT l.status, l.blocking_sessions, s.username, l.table_name FROM v$lock l "
                    + "JOIN v$session s ON s.sid = l.sid WHERE l.status = 'WAITING'");
            assertEquals(1, r.rows().size());
            assertEquals("acct", r.rows().get(0)[3], "the SQL name, not the storage tree");
            assertEquals("waiter", r.rows().get(0)[2]);
            assertEquals(String.valueOf(holder.id()), r.rows().get(0)[1]);
            r = engine.execute(session, "SELECT COUNT(*) FROM v$lock l JOIN v$session s ON s.sid = l.sid "
                    + "WHERE l.status = 'HELD' AND s.username = 'holder'");
            assertTrue(((Number) r.rows().get(0)[0]).longValue() >= 1);
            engine.execute(holder, "COMMIT");
            t.join(10_000);
            assertFalse(t.isAlive());
            assertEquals(0, engine.execute(session, "SELECT * FROM v$lock WHERE status = 'WAITING'").rows().size());
        } finally {
            holder.close();
            waiter.close();
        }
    }
}
