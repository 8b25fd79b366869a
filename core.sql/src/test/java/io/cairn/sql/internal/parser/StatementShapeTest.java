package io.cairn.sql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.SqlType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AST each non-query statement kind produces, field by field. */
class StatementShapeTest {

    private static final SourcePos START = new SourcePos(1, 1);

    @Test
    void dml() throws SqlException {
        Statement.Insert insert = parse("INSERT INTO s.t (a, \"B\") SELECT x, y FROM u");
        assertEquals("s.t", insert.table());
        assertEquals(List.of("a", "B"), insert.columns());
        assertTrue(insert.rows().isEmpty());
        assertEquals(1, ((Query.Select) insert.query().body()).from().size());
        Statement.Update update = parse("UPDATE t SET a = 1, b = b || 'x' WHERE id = ?");
        assertEquals(List.of("a", "b"), update.assignments().stream().map(Statement.Assignment::column).toList());
        assertEquals(new SourcePos(1, 21), update.assignments().get(1).pos());
        assertEquals(new Expr.Parameter(new SourcePos(1, 45), 1), ((Expr.Binary) update.where()).right());
        Statement.Insert defaults = parse("INSERT INTO t VALUES (DEFAULT, 2)");
        assertEquals(new Expr.Default(new SourcePos(1, 23)), defaults.rows().get(0).get(0));
        Statement.Delete delete = parse("DELETE FROM t");
        assertEquals(new Statement.Delete(START, "t", null), delete);
    }

    @Test
    void ddl() throws SqlException {
        Statement.CreateIndex index = parse("CREATE UNIQUE INDEX ix ON t (a DESC, b) INVISIBLE");
        assertTrue(index.unique());
        assertTrue(index.invisible());
        assertFalse(index.ifNotExists());
        assertEquals("t", index.table());
        assertEquals(new Statement.IndexColumn(new SourcePos(1, 30), "a", true), index.columns().get(0));
        assertFalse(index.columns().get(1).descending());
        assertEquals(new Statement.AlterIndex(START, "ix", true), parse("ALTER INDEX ix VISIBLE"));
        assertEquals(new Statement.DropIndex(START, "ix", true), parse("DROP INDEX IF EXISTS ix"));
        assertEquals(new Statement.DropTable(START, "t", false), parse("DROP TABLE t"));
        assertEquals(new Statement.DropColumn(START, "t", "c"), parse("ALTER TABLE t DROP COLUMN c"));
        Statement.AddColumn add = parse("ALTER TABLE t ADD c VARCHAR(5) NOT NULL DEFAULT 'x'");
        assertEquals(SqlType.varchar(5), add.column().type());
        assertTrue(add.column().notNull());
        assertEquals("x", ((Expr.Literal) add.column().defaultValue()).value());
        Statement.CreateTable t = parse("CREATE TABLE t (id INT PRIMARY KEY, n TEXT UNIQUE CHECK (n <> '') CHECK (n <> 'x'))");
        assertTrue(t.columns().get(0).primaryKey());
        assertTrue(t.columns().get(1).unique());
        assertEquals(Expr.BinaryOp.AND, ((Expr.Binary) t.columns().get(1).check()).op());
        assertTrue(t.constraints().isEmpty());
        assertTrue(t.options().isEmpty());
    }

    @Test
    void transactionsAndSession() throws SqlException {
        assertEquals(new Statement.Begin(START), parse("START TRANSACTION"));
        assertEquals(new Statement.Commit(START), parse("COMMIT WORK"));
        assertEquals(new Statement.Rollback(START, null), parse("ROLLBACK"));
        assertEquals(new Statement.Rollback(START, "sp"), parse("ROLLBACK TO SAVEPOINT sp"));
        assertEquals(new Statement.Savepoint(START, "sp"), parse("SAVEPOINT sp"));
        assertEquals(new Statement.ReleaseSavepoint(START, "sp"), parse("RELEASE sp"));
        assertEquals(new Statement.SetTransaction(START, Statement.IsolationLevel.REPEATABLE_READ),
                parse("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
        Statement.SetParameter set = parse("SET search_path TO public");
        assertEquals("search_path", set.name());
        assertEquals("public", ((Expr.Literal) set.value()).value());
        assertEquals(1000, ((Expr.Literal) ((Statement.SetParameter) parse("set a.b = 1000")).value()).value());
        assertEquals(new Statement.Show(START, "statement_timeout"), parse("SHOW statement_timeout"));
        Statement.Explain explain = parse("EXPLAIN ANALYZE SELECT 1");
        assertTrue(explain.analyze());
        assertEquals(new SourcePos(1, 17), explain.statement().pos());
    }

    @Test
    void maintenanceAndProcedures() throws SqlException {
        assertEquals(new Statement.Vacuum(START, true, "t"), parse("VACUUM FULL t"));
        assertEquals(new Statement.Vacuum(START, false, null), parse("VACUUM"));
        assertEquals(new Statement.Analyze(START, null), parse("ANALYZE"));
        assertEquals(new Statement.Analyze(START, "t"), parse("ANALYZE t"));
        assertEquals(new Statement.Reindex(START, true, "ix"), parse("REINDEX INDEX ix"));
        assertEquals(new Statement.Reindex(START, false, "t"), parse("REINDEX TABLE t"));
        assertEquals(new Statement.Checkpoint(START, Statement.CheckpointMode.TRUNCATE), parse("CHECKPOINT TRUNCATE"));
        assertEquals(new Statement.Checkpoint(START, Statement.CheckpointMode.DEFAULT), parse("CHECKPOINT"));
        Statement.AlterSystemSet alter = parse("ALTER SYSTEM SET buffer.pages = 4096");
        assertEquals("buffer.pages", alter.name());
        assertEquals(4096, ((Expr.Literal) alter.value()).value());
        Statement.Call call = parse("EXEC backup.full('/tmp', 2)");
        assertEquals("backup.full", call.name());
        assertEquals(2, call.args().size());
        assertEquals(new Statement.Call(START, "awr.snapshot", List.of()), parse("CALL awr.snapshot()"));
    }

    @Test
    void scriptErrorsPointIntoTheWholeText() {
        SqlException e = assertThrows(SqlException.class,
                () -> Parser.parseScript("SELECT 1;\n/* two\nlines */ SELECT 2;\n\tUPDATE t SET = 1;"));
        assertEquals(4, e.line());
        assertEquals(15, e.column());
        assertTrue(e.getMessage().contains("near \"=\": expected a column name"), e.getMessage());
    }

    @Test
    void queryWithoutOptionalClausesHasNulls() throws SqlException {
        Statement.Select s = parse("SELECT a FROM t");
        Query.Select body = (Query.Select) s.query().body();
        assertNull(body.where());
        assertNull(body.having());
        assertNull(s.query().limit());
        assertNull(s.query().offset());
        assertNull(((Query.NamedTable) body.from().get(0)).asOf());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Statement> T parse(String sql) throws SqlException {
        return (T) Parser.parse(sql);
    }
}
