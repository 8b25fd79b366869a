package io.cairn.sql.internal.expr;

import java.time.LocalDateTime;

/**
 * What an expression may read besides the row: the bound {@code ?} parameter values (index 0 is
 * the first mark) and the statement's start time, which CURRENT_DATE and CURRENT_TIMESTAMP return
 * for every row of the statement.
 */
public record EvalContext(Object[] parameters, LocalDateTime statementTime) {

    public EvalContext {
        parameters = parameters == null ? new Object[0] : parameters;
    }

    /** A context with these parameters and the current time as the statement time. */
    public static EvalContext of(Object... parameters) {
        return new EvalContext(parameters, LocalDateTime.now());
    }
}
