package io.cairn.sql.internal.plan;

import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.expr.RowLayout;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.SqlPrinter;

/**
 * The scope after GROUP BY: a row holds the group values then the aggregate values. A column may
 * only be named if it is grouped on; an aggregate call reads its computed value.
 */
final class AggScope extends Scope {

    private final Scope input;
    private final List<Expr> groupBy;
    private final List<String> groupText = new ArrayList<>();
    private final List<Expr.FunctionCall> aggCalls;
    private final List<String> aggText = new ArrayList<>();
    private final Evaluator[] groups;
    private final Operators.AggSpec[] specs;

    AggScope(Planner planner, Scope input, List<Expr> groupBy, Evaluator[] groups, List<Expr.FunctionCall> aggCalls,
            Operators.AggSpec[] specs, Scope outer, Marker marker) {
        super(planner, entries(groupBy, groups, specs), outer, marker);
        this.input = input;
        this.groupBy = groupBy;
        this.groups = groups;
        this.aggCalls = aggCalls;
        this.specs = specs;
        for (Expr g : groupBy) {
            groupText.add(SqlPrinter.print(g));
        }
        for (Expr a : aggCalls) {
            aggText.add(SqlPrinter.print(a));
        }
    }

    private static List<RowLayout.Entry> entries(List<Expr> groupBy, Evaluator[] groups, Operators.AggSpec[] specs) {
        List<RowLayout.Entry> e = new ArrayList<>();
        for (int i = 0; i < groups.length; i++) {
            e.add(new RowLayout.Entry(null, "?group" + i, groups[i].type()));
        }
        for (int i = 0; i < specs.length; i++) {
            e.add(new RowLayout.Entry(null, "?agg" + i, specs[i].type()));
        }
        return e;
    }

    @Override
    public Column resolve(String table, String column) throws SqlException {
        Column in = input.resolve(table, column);
        if (in == null) {
            return null;
        }
        for (int i = 0; i < groupBy.size(); i++) {
            if (groupBy.get(i) instanceof Expr.ColumnRef g) {
                Column gc = input.resolve(g.table(), g.column());
                if (gc != null && gc.index() == in.index()) {
                    return new Column(i, groups[i].type());
                }
            }
        }
        throw new SqlException("column \"" + (table == null ? "" : table + ".") + column
                + "\" must appear in the GROUP BY clause or be used in an aggregate function", "42803");
    }

    @Override
    public Evaluator replace(Expr expr) throws SqlException {
        if (expr instanceof Expr.FunctionCall f && f.isAggregate()) {
            int i = aggText.indexOf(SqlPrinter.print(f));
            if (i >= 0) {
                return new Planner.ColumnAt(groups.length + i, specs[i].type());
            }
        }
        if (!(expr instanceof Expr.Literal) && !(expr instanceof Expr.ColumnRef)) {
            int g = groupText.indexOf(SqlPrinter.print(expr));
            if (g >= 0) {
                return new Planner.ColumnAt(g, groups[g].type());
            }
        }
        if (expr instanceof Expr.ColumnRef c && input.resolve(c.table(), c.column()) == null) {
            return super.replace(expr);
        }
        if (expr instanceof Expr.ColumnRef) {
            return null;
        }
        return super.replace(expr);
    }
}
