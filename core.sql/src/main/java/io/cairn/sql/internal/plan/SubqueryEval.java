package io.cairn.sql.internal.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.RowBuffer;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.type.SqlType;

/**
 * A scalar, IN or EXISTS subquery as an expression. An uncorrelated one runs once per statement
 * and its result is kept; a correlated one runs again for every outer row.
 */
final class SubqueryEval implements Evaluator {

    private final Planner planner;
    private final Expr expr;
    private final Planner.Planned plan;
    private final Scope scope;
    private final Scope.Marker marker;
    private final Evaluator operand;
    private List<Object[]> cached;
    /** The IN values of the last run: kept for the statement when not correlated. */
    private InValues cachedIn;

    SubqueryEval(Planner planner, Expr expr, Planner.Planned plan, Scope scope, Scope.Marker marker, Evaluator operand) {
        this.planner = planner;
        this.expr = expr;
        this.plan = plan;
        this.scope = scope;
        this.marker = marker;
        this.operand = operand;
    }

    Operator plan() {
        return plan.root();
    }

    /** The first {@code max} rows (EXISTS needs one, a scalar subquery two). */
    private List<Object[]> run(Object[] row, int max) throws SqlException {
        if (!marker.correlated && cached != null) {
            return cached;
        }
        Object[] saved = scope.current[0];
        scope.current[0] = row;
        ExecContext ctx = planner.exec();
        List<Object[]> rows = new ArrayList<>();
        Operator root = plan.root();
        try {
            root.open(ctx);
            Object[] r;
            while ((r = root.next()) != null) {
                rows.add(r);
                if (rows.size() >= max) {
                    break;
                }
            }
        } finally {
            root.close();
            scope.current[0] = saved;
        }
        if (!marker.correlated) {
            cached = rows;
        }
        return rows;
    }

    /**
     * The values of an IN subquery: a hash set of its distinct non-NULL values (normalized) while
     * they fit under the memory bound; past it, all of them in a {@link RowBuffer} (memory, then
     * a temp file) that each test reads through, as PostgreSQL's non-hashed subplan does.
     */
    private static final class InValues {
        Set<Object> set = new HashSet<>();
        RowBuffer spilled;
        boolean hasNull;

        boolean isEmpty() {
            return set.isEmpty() && spilled == null;
        }

        boolean contains(Object normalized) throws SqlException {
            if (spilled == null) {
                return set.contains(normalized);
            }
            RowBuffer.Cursor c = spilled.cursor();
            Object[] r;
            while ((r = c.next()) != null) {
                if (Operators.normalize(r[0]).equals(normalized)) {
                    return true;
                }
            }
            return false;
        }

        void release() {
            if (spilled != null) {
                spilled.clear();
            }
        }
    }

    private InValues runIn(Object[] row) throws SqlException {
        Object[] saved = scope.current[0];
        scope.current[0] = row;
        ExecContext ctx = planner.exec();
        InValues values = new InValues();
        Operator root = plan.root();
        try {
            root.open(ctx);
            Object[] r;
            while ((r = root.next()) != null) {
                if (r[0] == null) {
                    values.hasNull = true;
                } else if (values.spilled != null) {
                    values.spilled.add(new Object[] {r[0]});
                } else if (values.set.add(Operators.normalize(r[0]))) {
                    ctx.held(values.set.size(), r);
                    if (values.set.size() >= ctx.maxMemoryRows()) {
                        values.spilled = new RowBuffer(ctx);
                        for (Object v : values.set) {
                            // normalized values are SQL values again, but for a BLOB's wrapper
                            values.spilled.add(new Object[] {v instanceof java.nio.ByteBuffer b ? b.array() : v});
                        }
                        values.set = Set.of();
                    }
                }
            }
            if (values.spilled != null) {
                values.spilled.finish();
            }
        } finally {
            root.close();
            scope.current[0] = saved;
        }
        return values;
    }

    @Override
    public Object evaluate(Object[] row, EvalContext context) throws SqlException {
        if (expr instanceof Expr.Exists) {
            return !run(row, 1).isEmpty();
        }
        if (expr instanceof Expr.ScalarSubquery) {
            List<Object[]> rows = run(row, 2);
            if (rows.size() > 1) {
                throw new SqlException("more than one row returned by a subquery used as an expression", SqlException.CARDINALITY_VIOLATION);
            }
            return rows.isEmpty() ? null : rows.get(0)[0];
        }
        Expr.InSubquery in = (Expr.InSubquery) expr;
        Object v = operand.evaluate(row, context);
        InValues values;
        if (!marker.correlated && cachedIn != null) {
            values = cachedIn;
        } else {
            if (cachedIn != null) {
                cachedIn.release(); // a correlated subquery's values of the previous outer row
            }
            values = runIn(row);
            cachedIn = values;
        }
        Boolean result;
        if (values.isEmpty() && !values.hasNull) {
            result = false;
        } else if (v == null) {
            result = null;
        } else if (values.contains(Operators.normalize(v))) {
            result = true;
        } else {
            result = values.hasNull ? null : false;
        }
        return result == null ? null : in.negated() ? !result : result;
    }

    @Override
    public SqlType type() {
        return expr instanceof Expr.ScalarSubquery ? plan.types().get(0) : SqlType.BOOLEAN;
    }
}
