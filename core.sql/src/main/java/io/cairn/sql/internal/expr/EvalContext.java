package io.cairn.sql.internal.expr;

import java.time.LocalDateTime;
import java.util.function.Supplier;

/**
 * What an expression may read besides the row: the bound {@code ?} parameter values (index 0 is
 * the first mark), the statement's hidden parameters (the values of the literals a shared plan
 * reads by slot, see {@link io.cairn.sql.internal.parser.Shapes}) and the statement's start time,
 * which CURRENT_DATE and CURRENT_TIMESTAMP return for every row of the statement.
 *
 * <p>The start time is read from the clock only when an expression first asks for it: most
 * statements never do, and reading the zone and the wall clock costs about as much as a point
 * select's whole instrumentation. It is still the statement's start, not the time of that first
 * request: {@link #startingAt} takes the start as a {@link System#nanoTime()} value.
 */
public final class EvalContext {

    private static final Object[] NONE = new Object[0];

    private final Object[] parameters;
    private final Object[] hidden;
    /** Gives the start time on first use; null once {@link #statementTime} is known. */
    private Supplier<LocalDateTime> clock;
    private final long startNanos;
    private LocalDateTime statementTime;

    private EvalContext(Object[] parameters, LocalDateTime statementTime, Supplier<LocalDateTime> clock,
            long startNanos, Object[] hidden) {
        this.parameters = parameters == null ? NONE : parameters;
        this.hidden = hidden == null ? NONE : hidden;
        this.statementTime = statementTime;
        this.clock = clock;
        this.startNanos = startNanos;
    }

    public EvalContext(Object[] parameters, LocalDateTime statementTime, Object[] hidden) {
        this(parameters, statementTime, null, 0, hidden);
    }

    public EvalContext(Object[] parameters, LocalDateTime statementTime) {
        this(parameters, statementTime, null, 0, NONE);
    }

    /**
     * A statement's context whose start time is the wall-clock time of {@code startNanos} (a
     * {@link System#nanoTime()} value taken when the statement started), or, when {@code clock}
     * is not null, what that clock says (tests fix the time with one); either is read on first use.
     */
    public static EvalContext startingAt(Object[] parameters, long startNanos, Supplier<LocalDateTime> clock,
            Object[] hidden) {
        return new EvalContext(parameters, null, clock, startNanos, hidden);
    }

    /** A context with these parameters and the current time as the statement time. */
    public static EvalContext of(Object... parameters) {
        return startingAt(parameters, System.nanoTime(), null, null);
    }

    public Object[] parameters() {
        return parameters;
    }

    public Object[] hidden() {
        return hidden;
    }

    /** The statement's start time (the same for every row and every call). */
    public LocalDateTime statementTime() {
        LocalDateTime t = statementTime;
        if (t == null) {
            Supplier<LocalDateTime> c = clock;
            t = c != null ? c.get() : LocalDateTime.now().minusNanos(Math.max(0, System.nanoTime() - startNanos));
            statementTime = t;
            clock = null;
        }
        return t;
    }
}
