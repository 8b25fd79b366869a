package io.cairn.sql.internal.expr;

import java.time.LocalDateTime;

/**
 * What an expression may read besides the row: the bound {@code ?} parameter values (index 0 is
 * the first mark), the statement's hidden parameters (the values of the literals a shared plan
 * reads by slot, see {@link io.cairn.sql.internal.parser.Shapes}) and the statement's start time,
 * which CURRENT_DATE and CURRENT_TIMESTAMP return for every row of the statement.
 */
public record EvalContext(Object[] parameters, LocalDateTime statementTime, Object[] hidden) {

    private static final Object[] NONE = new Object[0];

    public EvalContext {
        parameters = parameters == null ? NONE : parameters;
        hidden = hidden == null ? NONE : hidden;
    }

    public EvalContext(Object[] parameters, LocalDateTime statementTime) {
        this(parameters, statementTime, NONE);
    }

    /** A context with these parameters and the current time as the statement time. */
    public static EvalContext of(Object... parameters) {
        return new EvalContext(parameters, LocalDateTime.now());
    }
}
