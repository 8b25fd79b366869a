package io.cairn.sql.internal.plan;

import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.expr.RowLayout;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.type.SqlType;

/**
 * The columns an expression can name at one point of a plan: the row layout of the operator it is
 * evaluated on, plus the enclosing query's scope for correlated subqueries. Subquery expressions
 * are planned here and replaced by evaluators that run them.
 */
class Scope implements ColumnResolver {

    /** Whether a subquery reads its outer rows, so it must be re-run per row instead of once. */
    static final class Marker {
        boolean correlated;
    }

    final RowLayout layout;
    final Scope outer;
    final Marker marker;
    final Planner planner;
    /** The row this scope's expressions are being evaluated on, for inner correlated subqueries. */
    final Object[][] current = new Object[1][];

    Scope(Planner planner, List<RowLayout.Entry> entries, Scope outer, Marker marker) {
        this.planner = planner;
        this.layout = new RowLayout(entries);
        this.outer = outer;
        this.marker = marker;
    }

    List<RowLayout.Entry> entries() {
        return layout.entries();
    }

    @Override
    public Column resolve(String table, String column) throws SqlException {
        return layout.resolve(table, column);
    }

    @Override
    public Evaluator call(Expr.FunctionCall f, Evaluator[] args) throws SqlException {
        io.cairn.sql.SqlFunction fn = planner.function(f.name());
        return fn == null ? null : PluginFunctionCall.of(fn, f, args);
    }

    @Override
    public Evaluator replace(Expr expr) throws SqlException {
        if (expr instanceof Expr.ColumnRef c) {
            if (resolve(c.table(), c.column()) != null) {
                return null;
            }
            for (Scope s = outer, inner = this; s != null; inner = s, s = s.outer) {
                if (inner.marker != null) {
                    inner.marker.correlated = true;
                }
                Column col = s.resolve(c.table(), c.column());
                if (col != null) {
                    return new OuterRef(s.current, col.index(), col.type());
                }
            }
            return null;
        }
        if (expr instanceof Expr.ScalarSubquery || expr instanceof Expr.InSubquery || expr instanceof Expr.Exists) {
            return planner.subquery(expr, this);
        }
        return null;
    }

    /** A column of an enclosing query's current row. */
    record OuterRef(Object[][] holder, int index, SqlType type) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) {
            return holder[0][index];
        }
    }

    static List<RowLayout.Entry> concat(List<RowLayout.Entry> a, List<RowLayout.Entry> b) {
        List<RowLayout.Entry> r = new ArrayList<>(a);
        r.addAll(b);
        return r;
    }
}
