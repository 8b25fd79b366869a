package io.cairn.sql.internal.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.SqlPrinter;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random well-formed expressions over every type, operator and function: compiling and
 * evaluating them must give a SQL value or a {@link SqlException}, never another exception, and
 * printing them must give text that parses back to the same printed form. Fixed seed;
 * {@code -Dcairn.test.long=true} runs fifty times as many.
 */
class ExpressionFuzzTest {

    private static final int COUNT = 6000 * (Boolean.getBoolean("cairn.test.long") ? 50 : 1);

    private static final RowLayout ROW = RowLayout.of("t",
            List.of("b", "i", "l", "d", "n", "s", "dt", "ts", "bl"),
            List.of(SqlType.BOOLEAN, SqlType.INT, SqlType.BIGINT, SqlType.DOUBLE, SqlType.decimal(10, 2), SqlType.TEXT,
                    SqlType.DATE, SqlType.TIMESTAMP, SqlType.BLOB));

    private static final String[] LITERALS = {
        "0", "1", "-1", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "3000000000",
        "0.5", "-2.25", "99999999999999999999.99", "1e0", "-1.5e300", "1e-300", "''", "'abc'", "'2024-01-31'",
        "'12'", "' 7 '", "'true'", "'%a_'", "'日本😀'", "NULL", "TRUE", "FALSE", "DATE '2024-02-29'",
        "TIMESTAMP '2024-01-31 10:20:30.5'", "?",
    };
    private static final String[] COLUMNS = {"b", "i", "l", "d", "n", "s", "dt", "ts", "bl", "t.i"};
    private static final String[] BINARY = {"+", "-", "*", "/", "%", "||", "=", "<>", "<", "<=", ">", ">=", "AND", "OR"};
    private static final String[] FUNCTIONS = {
        "upper:1", "lower:1", "length:1", "char_length:1", "substring:2", "substring:3", "substr:2", "trim:1", "trim:2",
        "ltrim:1", "rtrim:2", "position:2", "replace:3", "concat:0", "concat:3", "abs:1", "round:1", "round:2",
        "floor:1", "ceil:1", "mod:2", "power:2", "sqrt:1", "coalesce:1", "coalesce:3", "nullif:2", "now:0",
    };
    private static final String[] TYPES = {
        "BOOLEAN", "INT", "BIGINT", "DOUBLE", "DECIMAL", "DECIMAL(5, 2)", "VARCHAR(3)", "TEXT", "DATE", "TIMESTAMP", "BLOB",
    };
    private static final String[] FIELDS = {"YEAR", "MONTH", "DAY", "HOUR", "SECOND", "DOW", "EPOCH", "WEEK"};

    @Test
    void randomExpressionsEvaluateToAValueOrAnSqlError() throws SqlException {
        Random random = new Random(1234);
        EvalContext context = new EvalContext(new Object[] {42}, LocalDateTime.of(2024, 1, 31, 12, 0));
        Object[][] rows = {
            {true, 7, -3L, 2.5, new BigDecimal("12.34"), "hello", LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 1, 2, 3), new byte[] {1, 2}},
            {null, Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN, new BigDecimal("-99999999.99"), "", LocalDate.of(1, 1, 1),
                null, new byte[0]},
            {false, 0, 0L, -0.0, BigDecimal.ZERO, "x%_\\", null, LocalDateTime.of(9999, 12, 31, 23, 59, 59), null},
        };
        int values = 0;
        for (int n = 0; n < COUNT; n++) {
            String sql = expression(random, 4);
            Expr parsed;
            try {
                parsed = Parser.parseExpression(sql);
            } catch (SqlException e) {
                // Only literal errors are possible in generated text (none expected); any SQL error is allowed.
                continue;
            }
            String printed = SqlPrinter.print(parsed);
            assertEquals(printed, SqlPrinter.print(Parser.parseExpression(printed)), sql);
            Evaluator evaluator;
            try {
                evaluator = ExpressionCompiler.compile(parsed, ROW);
            } catch (SqlException e) {
                continue;
            }
            for (Object[] row : rows) {
                try {
                    Object v = evaluator.evaluate(row, context);
                    Values.kindOf(v);
                    values++;
                } catch (SqlException e) {
                    // a SQL error is a fine answer
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("evaluating " + sql + " threw " + e, e);
                }
            }
        }
        // The generator must produce mostly valid expressions, or the test proves little.
        org.junit.jupiter.api.Assertions.assertTrue(values > COUNT / 2, "only " + values + " evaluations succeeded");
    }

    private static String expression(Random r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return r.nextBoolean() ? LITERALS[r.nextInt(LITERALS.length)] : COLUMNS[r.nextInt(COLUMNS.length)];
        }
        int d = depth - 1;
        switch (r.nextInt(14)) {
            case 0: case 1: case 2:
                return "(" + expression(r, d) + " " + BINARY[r.nextInt(BINARY.length)] + " " + expression(r, d) + ")";
            case 3:
                return (r.nextBoolean() ? "NOT " : "-") + "(" + expression(r, d) + ")";
            case 4:
                return "(" + expression(r, d) + (r.nextBoolean() ? " IS NULL)" : " IS NOT NULL)");
            case 5:
                return "(" + expression(r, d) + (r.nextBoolean() ? " NOT" : "") + " BETWEEN " + expression(r, d) + " AND "
                        + expression(r, d) + ")";
            case 6:
                return "(" + expression(r, d) + " IN (" + expression(r, d) + ", " + expression(r, d) + "))";
            case 7:
                return "(" + expression(r, d) + " LIKE " + expression(r, d) + (r.nextBoolean() ? " ESCAPE '!'" : "") + ")";
            case 8:
                return "CAST(" + expression(r, d) + " AS " + TYPES[r.nextInt(TYPES.length)] + ")";
            case 9:
                return "CASE WHEN " + expression(r, d) + " THEN " + expression(r, d) + " ELSE " + expression(r, d) + " END";
            case 10:
                return "CASE " + expression(r, d) + " WHEN " + expression(r, d) + " THEN " + expression(r, d) + " END";
            case 11:
                return "EXTRACT(" + FIELDS[r.nextInt(FIELDS.length)] + " FROM " + expression(r, d) + ")";
            case 12:
                return "SUBSTRING(" + expression(r, d) + " FROM " + expression(r, d) + " FOR " + expression(r, d) + ")";
            default: {
                String[] f = FUNCTIONS[r.nextInt(FUNCTIONS.length)].split(":");
                int arity = Integer.parseInt(f[1]);
                StringBuilder sb = new StringBuilder(f[0]).append('(');
                for (int i = 0; i < arity; i++) {
                    sb.append(i == 0 ? "" : ", ").append(expression(r, d));
                }
                return sb.append(')').toString();
            }
        }
    }
}
