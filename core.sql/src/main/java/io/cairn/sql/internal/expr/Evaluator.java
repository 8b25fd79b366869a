package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.SqlType;

/**
 * A compiled expression: computes its value for one row. Built once per statement by
 * {@link ExpressionCompiler}, evaluated once per row; evaluators hold no per-row state, so one
 * tree may be shared by threads.
 */
public interface Evaluator {

    /** The value for {@code row} (null for SQL NULL), see {@link SqlType} for the Java classes. */
    Object evaluate(Object[] row, EvalContext context) throws SqlException;

    /** The static type of the result as far as it is known at compile time; {@link SqlType#NULL} when unknown. */
    SqlType type();

    /** Whether the value is the same for every row and every binding (literals and operators on them). */
    default boolean isConstant() {
        return false;
    }
}
