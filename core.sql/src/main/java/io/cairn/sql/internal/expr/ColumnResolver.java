package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.type.SqlType;

/**
 * Tells the {@link ExpressionCompiler} where the columns an expression names are in the row it will
 * be evaluated against. The planner implements it for each operator's input row.
 */
public interface ColumnResolver {

    /** A column's place in the row and its type. */
    record Column(int index, SqlType type) {
    }

    /**
     * The column {@code table.column} ({@code table} null when unqualified), or null if there is
     * none.
     *
     * @throws SqlException 42702 if an unqualified name matches columns of more than one table
     */
    Column resolve(String table, String column) throws SqlException;

    /**
     * A chance to replace a whole expression before it is compiled, e.g. an aggregate call or a
     * subquery whose value the executor has already computed into the row; null to compile it
     * normally.
     */
    default Evaluator replace(Expr expr) throws SqlException {
        return null;
    }

    /**
     * A call of a function that is not built in (a plugin's scalar function), or null when there
     * is none by that name here; 42883 when the arguments do not fit it.
     */
    default Evaluator call(io.cairn.sql.internal.parser.Expr.FunctionCall f, Evaluator[] args) throws SqlException {
        return null;
    }

    /** A resolver for expressions without a row (SELECT without FROM, DEFAULT values). */
    ColumnResolver NONE = (table, column) -> null;
}
