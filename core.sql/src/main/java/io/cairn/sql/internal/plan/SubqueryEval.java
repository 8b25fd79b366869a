package io.cairn.sql.internal.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
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
    private Set<Object> cachedSet;
    private boolean cachedHasNull;

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
     * Runs an IN subquery into {@code set} (its distinct non-NULL values, normalized); returns
     * whether it returned a NULL. The set is a hash table that cannot spill: past the memory bound
     * the statement fails with 53200.
     */
    private boolean runInto(Object[] row, Set<Object> set) throws SqlException {
        Object[] saved = scope.current[0];
        scope.current[0] = row;
        ExecContext ctx = planner.exec();
        boolean hasNull = false;
        Operator root = plan.root();
        try {
            root.open(ctx);
            Object[] r;
            while ((r = root.next()) != null) {
                if (r[0] == null) {
                    hasNull = true;
                } else if (set.add(Operators.normalize(r[0]))) {
                    ctx.checkMemory(set.size(), r, "the values of an IN subquery");
                }
            }
        } finally {
            root.close();
            scope.current[0] = saved;
        }
        return hasNull;
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
        Set<Object> set;
        boolean hasNull;
        if (!marker.correlated && cachedSet != null) {
            set = cachedSet;
            hasNull = cachedHasNull;
        } else {
            set = new HashSet<>();
            hasNull = runInto(row, set);
            if (!marker.correlated) {
                cachedSet = set;
                cachedHasNull = hasNull;
            }
        }
        Boolean result;
        if (set.isEmpty() && !hasNull) {
            result = false;
        } else if (v == null) {
            result = null;
        } else if (set.contains(Operators.normalize(v))) {
            result = true;
        } else {
            result = hasNull ? null : false;
        }
        return result == null ? null : in.negated() ? !result : result;
    }

    @Override
    public SqlType type() {
        return expr instanceof Expr.ScalarSubquery ? plan.types().get(0) : SqlType.BOOLEAN;
    }
}
