package io.cairn.sql.internal.sqltest;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.expr.ExpressionCompiler;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.Query;
import io.cairn.sql.internal.parser.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine for this stage: a SELECT without FROM (no ORDER BY, LIMIT or UNION) evaluated by
 * the expression compiler, producing one row. Anything else fails with 0A000. The statement time
 * is fixed (2024-01-31 12:34:56) so CURRENT_DATE has an expected value in test files.
 */
public final class ExpressionEngine implements SqlTestEngine {

    static final LocalDateTime STATEMENT_TIME = LocalDateTime.of(2024, 1, 31, 12, 34, 56);

    @Override
    public void execute(String sql) throws SqlException {
        query(sql);
    }

    @Override
    public List<Object[]> query(String sql) throws SqlException {
        Statement statement = Parser.parse(sql);
        if (!(statement instanceof Statement.Select select)
                || !(select.query().body() instanceof Query.Select body)
                || !body.from().isEmpty() || body.where() != null || !body.groupBy().isEmpty() || body.having() != null
                || !select.query().orderBy().isEmpty() || select.query().limit() != null || select.query().offset() != null) {
            throw new SqlException("only SELECT without FROM runs before the executor exists", SqlException.FEATURE_NOT_SUPPORTED);
        }
        List<Evaluator> evaluators = new ArrayList<>();
        for (Query.SelectItem item : body.items()) {
            if (!(item instanceof Query.ExprItem e)) {
                throw new SqlException("SELECT * needs a FROM clause", SqlException.FEATURE_NOT_SUPPORTED);
            }
            evaluators.add(ExpressionCompiler.compile(e.expr(), ColumnResolver.NONE));
        }
        EvalContext context = new EvalContext(new Object[0], STATEMENT_TIME);
        Object[] row = new Object[evaluators.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = evaluators.get(i).evaluate(new Object[0], context);
        }
        List<Object[]> rows = new ArrayList<>();
        rows.add(row);
        return rows;
    }
}
