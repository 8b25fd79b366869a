package io.cairn.sql.internal.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.type.SqlType;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionCompilerTest {

    private static final RowLayout JOIN = new RowLayout(List.of(
            new RowLayout.Entry("o", "id", SqlType.BIGINT),
            new RowLayout.Entry("o", "total", SqlType.decimal(10, 2)),
            new RowLayout.Entry("l", "id", SqlType.BIGINT),
            new RowLayout.Entry("l", "name", SqlType.varchar(20))));

    private static final EvalContext NO_PARAMS = new EvalContext(null, LocalDateTime.of(2024, 1, 31, 0, 0));

    @Test
    void readsColumnsFromTheRowByResolvedIndex() throws SqlException {
        Evaluator e = compile("o.id + l.id * 10");
        assertEquals(SqlType.BIGINT, e.type());
        assertEquals(31L, e.evaluate(new Object[] {1L, null, 3L, "x"}, NO_PARAMS));
        Evaluator like = compile("name LIKE 'a%' AND total > 1");
        assertEquals(true, like.evaluate(new Object[] {1L, new java.math.BigDecimal("1.50"), 2L, "abc"}, NO_PARAMS));
        assertEquals(null, like.evaluate(new Object[] {1L, null, 2L, "abc"}, NO_PARAMS));
        assertEquals(false, like.evaluate(new Object[] {1L, null, 2L, "xbc"}, NO_PARAMS));
    }

    @Test
    void reportsUnknownAndAmbiguousColumnsWithTheirPosition() {
        SqlException unknown = assertThrows(SqlException.class, () -> compile("total +\n  nope"));
        assertEquals("42703", unknown.getSQLState());
        assertEquals(2, unknown.line());
        assertEquals(3, unknown.column());
        assertTrue(unknown.getMessage().startsWith("column \"nope\" does not exist"), unknown.getMessage());
        SqlException ambiguous = assertThrows(SqlException.class, () -> compile("1 + id"));
        assertEquals("42702", ambiguous.getSQLState());
        assertEquals(5, ambiguous.column());
        assertEquals("42703", assertThrows(SqlException.class, () -> compile("x.id")).getSQLState());
    }

    @Test
    void bindsParametersInOrder() throws SqlException {
        Evaluator e = compile("? * 2 + ?");
        assertEquals(7, e.evaluate(new Object[4], new EvalContext(new Object[] {3, 1}, LocalDateTime.now())));
        assertEquals(null, e.evaluate(new Object[4], new EvalContext(new Object[] {null, 1}, LocalDateTime.now())));
        assertEquals("22023", assertThrows(SqlException.class,
                () -> e.evaluate(new Object[4], new EvalContext(new Object[] {3}, LocalDateTime.now()))).getSQLState());
    }

    @Test
    void letsTheExecutorReplaceAggregatesAndSubqueries() throws SqlException {
        ColumnResolver withAggregates = new ColumnResolver() {
            @Override
            public Column resolve(String table, String column) throws SqlException {
                return JOIN.resolve(table, column);
            }

            @Override
            public Evaluator replace(Expr expr) {
                if (expr instanceof Expr.FunctionCall f && f.isAggregate()) {
                    return new ExpressionCompiler.Column(4, SqlType.BIGINT);
                }
                return null;
            }
        };
        Evaluator e = ExpressionCompiler.compile(Parser.parseExpression("COUNT(*) + 1"), withAggregates);
        assertEquals(11L, e.evaluate(new Object[] {null, null, null, null, 10L}, NO_PARAMS));
    }

    @Test
    void infersStaticTypes() throws SqlException {
        assertEquals(SqlType.BOOLEAN, compile("name IS NULL").type());
        assertEquals(SqlType.TEXT, compile("name || 'x'").type());
        assertEquals(SqlType.decimal(10, 2), compile("COALESCE(total, 0)").type());
        assertEquals(SqlType.DECIMAL, compile("total * 2").type());
        assertEquals(SqlType.INT, compile("CAST(o.id AS INT)").type());
        assertEquals(SqlType.DATE, compile("CURRENT_DATE").type());
        assertEquals(SqlType.TEXT, compile("CASE WHEN o.id > 0 THEN name ELSE 'none' END").type());
    }

    @Test
    void evaluatesConstantExpressionsWithoutARow() throws SqlException {
        assertEquals("ab", ExpressionCompiler.evaluate(Parser.parseExpression("'a' || 'b'"), NO_PARAMS));
        assertEquals(java.time.LocalDate.of(2024, 1, 31),
                ExpressionCompiler.evaluate(Parser.parseExpression("CURRENT_DATE"), NO_PARAMS));
    }

    @Test
    void likeMatchesWithoutBacktrackingBlowUp() throws SqlException {
        String text = "a".repeat(5000);
        String pattern = "%a".repeat(50) + "b";
        long start = System.nanoTime();
        assertEquals(false, LikePattern.compile(pattern, null).matches(text));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void compilesAndEvaluatesTheLongestChainsTheParserAccepts() throws SqlException {
        String ors = "i = 0" + " OR i = 1".repeat(490);
        Evaluator e = ExpressionCompiler.compile(Parser.parseExpression(ors), RowLayout.of("t", List.of("i"), List.of(SqlType.INT)));
        assertEquals(true, e.evaluate(new Object[] {1}, NO_PARAMS));
        String sums = "1" + " + 1".repeat(499);
        assertEquals(500, ExpressionCompiler.evaluate(Parser.parseExpression(sums), NO_PARAMS));
        String nested = "(".repeat(150) + "1" + " + 1)".repeat(150);
        assertEquals(151, ExpressionCompiler.evaluate(Parser.parseExpression(nested), NO_PARAMS));
    }

    @Test
    void handlesTheDeepestTreeOnAHalfMegabyteStack() throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                Expr e = Parser.parseExpression("1" + " + 1".repeat(499));
                ExpressionCompiler.compile(e, ColumnResolver.NONE).evaluate(new Object[0], NO_PARAMS);
                io.cairn.sql.internal.parser.SqlPrinter.print(e);
                io.cairn.sql.internal.parser.AstWalker.walk(e, true, x -> { });
            } catch (Throwable x) {
                failure[0] = x;
            }
        }, "deep", 512 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    private static Evaluator compile(String sql) throws SqlException {
        return ExpressionCompiler.compile(Parser.parseExpression(sql), JOIN);
    }
}
