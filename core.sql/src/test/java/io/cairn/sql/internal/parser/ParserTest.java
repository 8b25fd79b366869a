package io.cairn.sql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.SqlType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    /** One statement of every kind; each must parse, print, and parse back to the same printed form. */
    static final String[] STATEMENTS = {
        "SELECT 1",
        "SELECT DISTINCT a, t.b AS x, c y, * FROM t",
        "SELECT t.*, u.* FROM t, u WHERE t.id = u.id",
        "SELECT * FROM a JOIN b ON a.id = b.id INNER JOIN c ON c.x = b.x LEFT OUTER JOIN d ON d.y = c.y CROSS JOIN e",
        "SELECT * FROM a LEFT JOIN b ON a.id = b.id",
        "SELECT x FROM (SELECT 1 AS x) AS s",
        "SELECT * FROM awr.report(1, 2) r",
        "SELECT * FROM v$session",
        "SELECT * FROM t AS OF SCN 42 old",
        "SELECT * FROM t AS OF TIMESTAMP '2024-01-31 10:00:00' WHERE a > 1",
        "SELECT a, COUNT(*), COUNT(DISTINCT b), SUM(c), AVG(c), MIN(c), MAX(c) FROM t GROUP BY a HAVING COUNT(*) > 1",
        "SELECT a FROM t ORDER BY a DESC NULLS LAST, 2 ASC, b NULLS FIRST LIMIT 10 OFFSET 5",
        "SELECT a FROM t UNION SELECT b FROM u UNION ALL SELECT c FROM w ORDER BY 1 LIMIT ?",
        "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u)",
        "SELECT a FROM t WHERE a IN (1, 2, 3) AND b NOT IN (SELECT b FROM u) OR EXISTS (SELECT 1 FROM w)",
        "SELECT (SELECT MAX(x) FROM u) + 1",
        "SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN a > 0 THEN 1 END FROM t",
        "SELECT COALESCE(a, b, 0), NULLIF(a, 0), CAST(a AS DECIMAL(10, 2)), CAST('1' AS VARCHAR(3)) FROM t",
        "SELECT a LIKE 'x%' ESCAPE '\\', b NOT LIKE '_y', c BETWEEN 1 AND 2, d NOT BETWEEN 'a' AND 'b' FROM t",
        "SELECT a IS NULL, b IS NOT NULL, NOT c, - d, + e, f || g, h % 2 FROM t",
        "SELECT 1.5, 2e10, -3, 'it''s', TRUE, FALSE, NULL, DATE '2024-01-31', TIMESTAMP '2024-01-31 12:34:56.5', X'00fF'",
        "SELECT SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s, 2), POSITION('a' IN s), TRIM(s), TRIM(LEADING 'x' FROM s), "
                + "TRIM(TRAILING FROM s), TRIM(BOTH 'y' FROM s), EXTRACT(YEAR FROM d), CURRENT_DATE, CURRENT_TIMESTAMP, NOW()",
        "SELECT \"Mixed Case\", \"select\" FROM \"My Table\"",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO t (a, b) VALUES (?, ?)",
        "INSERT INTO t VALUES (DEFAULT, 1)",
        "UPDATE t SET a = DEFAULT, b = 2",
        "INSERT INTO t (a) SELECT x FROM u WHERE x > 0",
        "UPDATE t SET a = a + 1, b = ? WHERE c = ?",
        "UPDATE t SET a = 0",
        "DELETE FROM t WHERE a IS NULL",
        "DELETE FROM t",
        "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE, price DECIMAL(10, 2) DEFAULT 0 "
                + "CHECK (price >= 0), ok BOOLEAN, n INT, i INTEGER, d DOUBLE, dp DOUBLE PRECISION, num NUMERIC(5), "
                + "body TEXT, born DATE, at TIMESTAMP, data BLOB)",
        "CREATE TABLE IF NOT EXISTS s.t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a, b), UNIQUE (b), CHECK (a < b)) "
                + "WITH (blockchain = true, retention_days = 30, hash = 'sha256', mode = strict)",
        "DROP TABLE t",
        "DROP TABLE IF EXISTS t",
        "ALTER TABLE t ADD COLUMN c INT DEFAULT 5 NOT NULL",
        "ALTER TABLE t ADD d TEXT",
        "ALTER TABLE t DROP COLUMN c",
        "ALTER TABLE t DROP d",
        "CREATE INDEX i ON t (a)",
        "CREATE UNIQUE INDEX IF NOT EXISTS i2 ON t (a ASC, b DESC) INVISIBLE",
        "ALTER INDEX i VISIBLE",
        "ALTER INDEX i INVISIBLE",
        "DROP INDEX i",
        "DROP INDEX IF EXISTS i",
        "EXPLAIN SELECT * FROM t",
        "EXPLAIN ANALYZE UPDATE t SET a = 1",
        "BEGIN", "BEGIN TRANSACTION", "START TRANSACTION", "COMMIT", "ROLLBACK",
        "ROLLBACK TO SAVEPOINT s1", "ROLLBACK TO s1", "SAVEPOINT s1", "RELEASE SAVEPOINT s1",
        "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
        "SET TRANSACTION ISOLATION LEVEL SNAPSHOT",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SET statement_timeout = 5000", "SET search_path TO public", "SET optimizer.use_invisible_indexes = on",
        "SHOW statement_timeout", "SHOW ALL",
        "VACUUM", "VACUUM FULL", "VACUUM t", "VACUUM FULL t",
        "ANALYZE", "ANALYZE t",
        "REINDEX TABLE t", "REINDEX INDEX i",
        "CHECKPOINT", "CHECKPOINT FULL", "CHECKPOINT TRUNCATE", "CHECKPOINT PASSIVE",
        "ALTER SYSTEM SET buffer_pool_pages = 4096", "ALTER SYSTEM SET wal.sync TO 'fsync'",
        "CALL awr.snapshot()", "EXEC backup.full('/tmp/b', 3)", "CALL p",
    };

    @Test
    void parsesEveryStatementKindAndPrintsItBackStably() throws SqlException {
        for (String sql : STATEMENTS) {
            Statement first = Parser.parse(sql);
            String printed = SqlPrinter.print(first);
            Statement second;
            try {
                second = Parser.parse(printed);
            } catch (SqlException e) {
                throw new AssertionError("printed form of <" + sql + "> does not parse: " + printed, e);
            }
            assertEquals(printed, SqlPrinter.print(second), sql);
            assertEquals(first.getClass(), second.getClass(), sql);
        }
    }

    @Test
    void reportsLineColumnAndTokenOfASyntaxError() {
        SqlException e = assertThrows(SqlException.class, () -> Parser.parse("SELECT a, b FORM t"));
        assertEquals("42601", e.getSQLState());
        assertEquals(1, e.line());
        assertEquals(13, e.column());
        assertEquals("syntax error at line 1, column 13 near \"FORM\": expected FROM", e.getMessage());

        e = assertThrows(SqlException.class, () -> Parser.parse("SELECT *\n  FROM t\n  WHERE a = = 1"));
        assertEquals(3, e.line());
        assertEquals(13, e.column());
        assertTrue(e.getMessage().contains("near \"=\": expected an expression"), e.getMessage());

        e = assertThrows(SqlException.class, () -> Parser.parse("DELETE t"));
        assertEquals("syntax error at line 1, column 8 near \"t\": expected FROM", e.getMessage());

        e = assertThrows(SqlException.class, () -> Parser.parse("SELECT 'abc"));
        assertEquals("42601", e.getSQLState());
        assertEquals(8, e.column());
        assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());

        e = assertThrows(SqlException.class, () -> Parser.parse("SELECT 1 +"));
        assertTrue(e.getMessage().contains("near end of input"), e.getMessage());

        e = assertThrows(SqlException.class, () -> Parser.parse("SELECT # FROM t"));
        assertEquals(8, e.column());
        e = assertThrows(SqlException.class, () -> Parser.parse("/* never closed"));
        assertEquals("42601", e.getSQLState());
        e = assertThrows(SqlException.class, () -> Parser.parse(""));
        assertEquals("42601", e.getSQLState());
        e = assertThrows(SqlException.class, () -> Parser.parse("SELECT 1; SELECT 2"));
        assertEquals(11, e.column());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT", "SELECT FROM t", "SELECT a FROM", "SELECT a FROM t WHERE", "SELECT a,", "SELECT (1", "SELECT 1)",
        "INSERT t VALUES (1)", "INSERT INTO t VALUES", "INSERT INTO t VALUES ()", "UPDATE t a = 1", "CREATE TABLE t ()",
        "CREATE TABLE t (a FOO)", "CREATE TABLE t (a VARCHAR(0))", "CREATE TABLE t (a DECIMAL(2, 3))", "DROP t",
        "ALTER INDEX i", "SET TRANSACTION ISOLATION LEVEL DIRTY", "CHECKPOINT NOW", "SELECT CASE END",
        "SELECT a NOT NULL", "SELECT 1 BETWEEN 2", "SELECT x IN 1", "SELECT 12abc", "SELECT \"\"", "SELECT count(DISTINCT)",
        "SELECT a FROM t ORDER a", "SELECT a FROM t LIMIT", "EXPLAIN EXPLAIN SELECT 1", "SELECT t.from FROM t",
        "REINDEX t", "ROLLBACK TO", "SELECT X'0'", "SELECT x'zz'", "SELECT X'00", "SELECT 1 FROM (t)", "SELECT a b c FROM t", "SELECT DEFAULT", "DELETE FROM t WHERE a = DEFAULT",
    })
    void rejectsMalformedStatementsWithSyntaxErrors(String sql) {
        SqlException e = assertThrows(SqlException.class, () -> Parser.parse(sql));
        assertEquals("42601", e.getSQLState(), e.getMessage());
        assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
    }

    @Test
    void normalizesIdentifiersAndKeepsQuotedCase() throws SqlException {
        Statement.Select s = (Statement.Select) Parser.parse("select FooBar, \"FooBar\", T.Col from MyTable");
        Query.Select body = (Query.Select) s.query().body();
        assertEquals(new Expr.ColumnRef(new SourcePos(1, 8), null, "foobar"), ((Query.ExprItem) body.items().get(0)).expr());
        assertEquals("FooBar", ((Expr.ColumnRef) ((Query.ExprItem) body.items().get(1)).expr()).column());
        Expr.ColumnRef qualified = (Expr.ColumnRef) ((Query.ExprItem) body.items().get(2)).expr();
        assertEquals("t", qualified.table());
        assertEquals("col", qualified.column());
        assertEquals("mytable", ((Query.NamedTable) body.from().get(0)).name());
    }

    @Test
    void allowsNonReservedKeywordsAsIdentifiers() throws SqlException {
        Parser.parse("SELECT date, timestamp, key, index, level, count, text FROM analyze");
        Parser.parse("CREATE TABLE log (key INT PRIMARY KEY, date DATE, value TEXT, level INT)");
    }

    @Test
    void followsOperatorPrecedence() throws SqlException {
        assertEquals("((1 + (2 * 3)) = 7)", expr("1 + 2 * 3 = 7"));
        assertEquals("((a OR (b AND c)) OR d)", expr("a OR b AND c OR d"));
        assertEquals("(NOT (a = b))", expr("NOT a = b"));
        assertEquals("((a || b) = (c || d))", expr("a || b = c || d"));
        assertEquals("(('x' || (1 + 2)) || 'y')", expr("'x' || 1 + 2 || 'y'"));
        assertEquals("((- a) * b)", expr("-a * b"));
        assertEquals("((a - b) - c)", expr("a - b - c"));
        assertEquals("((a BETWEEN 1 AND 2) AND (b > 0))", expr("a BETWEEN 1 AND 2 AND b > 0"));
        assertEquals("((a + 1) IS NULL)", expr("a + 1 IS NULL"));
        assertEquals("(NOT (a IN (1, 2)))", expr("NOT a IN (1, 2)"));
    }

    @Test
    void readsLiteralsWithTheirTypes() throws SqlException {
        assertEquals(7, literal("7"));
        assertEquals(3_000_000_000L, literal("3000000000"));
        assertEquals(Integer.MIN_VALUE, literal("-2147483648"));
        assertEquals(Long.MIN_VALUE, literal("-9223372036854775808"));
        assertEquals(new BigDecimal("9223372036854775808"), literal("9223372036854775808"));
        assertEquals(new BigDecimal("1.50"), literal("1.50"));
        assertEquals(new BigDecimal("0.5"), literal(".5"));
        assertEquals(2.5e-3, literal("2.5e-3"));
        assertEquals("it's", literal("'it''s'"));
        assertEquals(LocalDate.of(2024, 1, 31), literal("DATE '2024-01-31'"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 1, 2, 3), literal("TIMESTAMP '2024-01-31 01:02:03'"));
        assertNull(literal("NULL"));
        SqlException e = assertThrows(SqlException.class, () -> Parser.parseExpression("DATE '2024-02-30'"));
        assertEquals("22008", e.getSQLState());
        assertEquals(6, e.column());
        assertEquals("22007", assertThrows(SqlException.class, () -> Parser.parseExpression("DATE 'soon'")).getSQLState());
        assertEquals("22003", assertThrows(SqlException.class, () -> Parser.parseExpression("1e400")).getSQLState());
    }

    @Test
    void numbersParametersInOrderPerStatement() throws SqlException {
        Statement.Insert insert = (Statement.Insert) Parser.parse("INSERT INTO t VALUES (?, ?), (?, 1)");
        assertEquals(new Expr.Parameter(new SourcePos(1, 26), 2), insert.rows().get(0).get(1));
        assertEquals(3, ((Expr.Parameter) insert.rows().get(1).get(0)).index());
        List<Statement> script = Parser.parseScript("SELECT ?; SELECT ?, ?");
        Query.Select second = (Query.Select) ((Statement.Select) script.get(1)).query().body();
        assertEquals(1, ((Expr.Parameter) ((Query.ExprItem) second.items().get(0)).expr()).index());
    }

    @Test
    void parsesScriptsWithCommentsAndEmptyStatements() throws SqlException {
        List<Statement> script = Parser.parseScript(
                "-- create\nCREATE TABLE t (a INT);;\n/* fill /* nested */ it */ INSERT INTO t VALUES (1);\nSELECT a FROM t -- done\n");
        assertEquals(3, script.size());
        assertInstanceOf(Statement.CreateTable.class, script.get(0));
        assertInstanceOf(Statement.Insert.class, script.get(1));
        assertEquals(new SourcePos(4, 1), script.get(2).pos());
        assertTrue(Parser.parseScript("  ; -- nothing\n").isEmpty());
    }

    @Test
    void buildsCreateTableShape() throws SqlException {
        Statement.CreateTable t = (Statement.CreateTable) Parser.parse(
                "CREATE TABLE orders (id BIGINT NOT NULL, line INT, qty DECIMAL(8,3) DEFAULT 1 CHECK (qty > 0), "
                        + "note VARCHAR(200), PRIMARY KEY (id, line)) WITH (audit = true)");
        assertEquals("orders", t.name());
        assertEquals(4, t.columns().size());
        Statement.ColumnDef qty = t.columns().get(2);
        assertEquals(SqlType.decimal(8, 3), qty.type());
        assertEquals(new Expr.Literal(new SourcePos(1, 77), 1), qty.defaultValue());
        assertInstanceOf(Expr.Binary.class, qty.check());
        assertTrue(t.columns().get(0).notNull());
        assertEquals(SqlType.varchar(200), t.columns().get(3).type());
        assertEquals(List.of("id", "line"), ((Statement.PrimaryKey) t.constraints().get(0)).columns());
        assertEquals("audit", t.options().get(0).name());
        assertEquals(Boolean.TRUE, ((Expr.Literal) t.options().get(0).value()).value());
    }

    @Test
    void buildsSelectShape() throws SqlException {
        Query q = ((Statement.Select) Parser.parse(
                "SELECT o.id, SUM(l.qty) total FROM orders o LEFT JOIN lines AS l ON l.oid = o.id "
                        + "WHERE o.id > ? GROUP BY o.id HAVING SUM(l.qty) > 10 ORDER BY total DESC LIMIT 5")).query();
        Query.Select s = (Query.Select) q.body();
        assertEquals("total", ((Query.ExprItem) s.items().get(1)).alias());
        Expr.FunctionCall sum = (Expr.FunctionCall) ((Query.ExprItem) s.items().get(1)).expr();
        assertTrue(sum.isAggregate());
        Query.Join join = (Query.Join) s.from().get(0);
        assertEquals(Query.JoinKind.LEFT, join.kind());
        assertEquals("o", ((Query.NamedTable) join.left()).alias());
        assertEquals("l", ((Query.NamedTable) join.right()).alias());
        assertEquals(1, s.groupBy().size());
        assertTrue(q.orderBy().get(0).descending());
        assertEquals(5, ((Expr.Literal) q.limit()).value());
        Query.NamedTable old = (Query.NamedTable) ((Query.Select) ((Statement.Select) Parser.parse(
                "SELECT * FROM t AS OF SCN ? x")).query().body()).from().get(0);
        assertEquals(Query.AsOfKind.SCN, old.asOf().kind());
        assertEquals("x", old.alias());
        Expr.FunctionCall count = (Expr.FunctionCall) Parser.parseExpression("count(*)");
        assertTrue(count.star());
        assertFalse(((Expr.FunctionCall) Parser.parseExpression("count(DISTINCT a)")).star());
    }

    @Test
    void refusesNestingTooDeepWithAnSqlError() throws SqlException {
        String deep = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000);
        SqlException e = assertThrows(SqlException.class, () -> Parser.parse(deep));
        assertEquals("54001", e.getSQLState());
        String minus = "SELECT " + "-".repeat(5000) + "1";
        assertThrows(SqlException.class, () -> Parser.parse(minus.replace("--", "- -")));
        String nots = "SELECT " + "NOT ".repeat(5000) + "TRUE";
        assertEquals("54001", assertThrows(SqlException.class, () -> Parser.parse(nots)).getSQLState());
        for (String op : new String[] {" + 1", " OR TRUE", " AND TRUE", " || 'x'", " * 1", " = 1"}) {
            String chain = "SELECT 1" + op.repeat(100_000);
            assertEquals("54001", assertThrows(SqlException.class, () -> Parser.parse(chain)).getSQLState(), op);
        }
        String joins = "SELECT * FROM t" + " JOIN t ON TRUE".repeat(10_000);
        assertEquals("54001", assertThrows(SqlException.class, () -> Parser.parse(joins)).getSQLState());
        String unions = "SELECT 1" + " UNION SELECT 1".repeat(10_000);
        assertEquals("54001", assertThrows(SqlException.class, () -> Parser.parse(unions)).getSQLState());
        Parser.parse("SELECT * FROM t" + " JOIN t ON TRUE".repeat(100) + " UNION SELECT 1".repeat(100));
    }

    @Test
    void rejectsWithQueriesAsUnsupported() {
        assertEquals("0A000", assertThrows(SqlException.class,
                () -> Parser.parse("WITH x AS (SELECT 1) SELECT * FROM x")).getSQLState());
    }

    private static String expr(String sql) throws SqlException {
        return SqlPrinter.print(Parser.parseExpression(sql));
    }

    private static Object literal(String sql) throws SqlException {
        return ((Expr.Literal) Parser.parseExpression(sql)).value();
    }
}
