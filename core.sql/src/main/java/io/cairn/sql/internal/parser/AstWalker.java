package io.cairn.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks the AST: the direct children of an expression, and every expression of a statement,
 * subqueries included, in source order (parents before children). The planner uses it to find
 * aggregates and column references; sessions use {@link #parameterCount} for prepared statements.
 */
public final class AstWalker {

    private AstWalker() {
    }

    /** The direct sub-expressions of {@code e}; subqueries are not expressions and are not included. */
    public static List<Expr> children(Expr e) {
        if (e instanceof Expr.Unary u) {
            return List.of(u.operand());
        } else if (e instanceof Expr.Binary b) {
            return List.of(b.left(), b.right());
        } else if (e instanceof Expr.IsNull n) {
            return List.of(n.operand());
        } else if (e instanceof Expr.Between b) {
            return List.of(b.operand(), b.low(), b.high());
        } else if (e instanceof Expr.InList in) {
            List<Expr> all = new ArrayList<>();
            all.add(in.operand());
            all.addAll(in.values());
            return all;
        } else if (e instanceof Expr.InSubquery in) {
            return List.of(in.operand());
        } else if (e instanceof Expr.Like l) {
            return l.escape() == null ? List.of(l.operand(), l.pattern()) : List.of(l.operand(), l.pattern(), l.escape());
        } else if (e instanceof Expr.Case c) {
            List<Expr> all = new ArrayList<>();
            if (c.operand() != null) {
                all.add(c.operand());
            }
            for (Expr.When w : c.whens()) {
                all.add(w.condition());
                all.add(w.result());
            }
            if (c.otherwise() != null) {
                all.add(c.otherwise());
            }
            return all;
        } else if (e instanceof Expr.Cast c) {
            return List.of(c.operand());
        } else if (e instanceof Expr.Extract x) {
            return List.of(x.source());
        } else if (e instanceof Expr.FunctionCall f) {
            return f.args();
        }
        return List.of();
    }

    /** Visits {@code e} and its sub-expressions; with {@code intoSubqueries}, also those of its subqueries. */
    public static void walk(Expr e, boolean intoSubqueries, Consumer<Expr> visitor) {
        visitor.accept(e);
        for (Expr child : children(e)) {
            walk(child, intoSubqueries, visitor);
        }
        if (intoSubqueries) {
            if (e instanceof Expr.InSubquery in) {
                walk(in.query(), visitor);
            } else if (e instanceof Expr.Exists x) {
                walk(x.query(), visitor);
            } else if (e instanceof Expr.ScalarSubquery s) {
                walk(s.query(), visitor);
            }
        }
    }

    /** Whether {@code e} calls an aggregate outside any subquery. */
    public static boolean containsAggregate(Expr e) {
        boolean[] found = new boolean[1];
        walk(e, false, x -> found[0] |= x instanceof Expr.FunctionCall f && f.isAggregate());
        return found[0];
    }

    /** Visits every expression of a query, subqueries included. */
    public static void walk(Query q, Consumer<Expr> visitor) {
        body(q.body(), visitor);
        for (Query.OrderItem o : q.orderBy()) {
            walk(o.expr(), true, visitor);
        }
        visitNullable(q.limit(), visitor);
        visitNullable(q.offset(), visitor);
    }

    private static void body(Query.Body b, Consumer<Expr> visitor) {
        if (b instanceof Query.Nested n) {
            walk(n.query(), visitor);
        } else if (b instanceof Query.Union u) {
            body(u.left(), visitor);
            body(u.right(), visitor);
        } else {
            Query.Select s = (Query.Select) b;
            for (Query.SelectItem item : s.items()) {
                if (item instanceof Query.ExprItem e) {
                    walk(e.expr(), true, visitor);
                }
            }
            for (Query.TableRef t : s.from()) {
                table(t, visitor);
            }
            visitNullable(s.where(), visitor);
            for (Expr g : s.groupBy()) {
                walk(g, true, visitor);
            }
            visitNullable(s.having(), visitor);
        }
    }

    private static void table(Query.TableRef t, Consumer<Expr> visitor) {
        if (t instanceof Query.NamedTable n) {
            if (n.asOf() != null) {
                walk(n.asOf().point(), true, visitor);
            }
        } else if (t instanceof Query.SubqueryTable s) {
            walk(s.query(), visitor);
        } else if (t instanceof Query.FunctionTable f) {
            for (Expr a : f.args()) {
                walk(a, true, visitor);
            }
        } else {
            Query.Join j = (Query.Join) t;
            table(j.left(), visitor);
            table(j.right(), visitor);
            visitNullable(j.condition(), visitor);
        }
    }

    /** Visits every expression of a statement, subqueries included, in source order. */
    public static void walk(Statement s, Consumer<Expr> visitor) {
        if (s instanceof Statement.Select x) {
            walk(x.query(), visitor);
        } else if (s instanceof Statement.SelectForUpdate x) {
            walk(x.query(), visitor);
        } else if (s instanceof Statement.Insert x) {
            for (List<Expr> row : x.rows()) {
                for (Expr e : row) {
                    walk(e, true, visitor);
                }
            }
            if (x.query() != null) {
                walk(x.query(), visitor);
            }
        } else if (s instanceof Statement.Update x) {
            for (Statement.Assignment a : x.assignments()) {
                walk(a.value(), true, visitor);
            }
            visitNullable(x.where(), visitor);
        } else if (s instanceof Statement.Delete x) {
            visitNullable(x.where(), visitor);
        } else if (s instanceof Statement.Explain x) {
            walk(x.statement(), visitor);
        } else if (s instanceof Statement.Call x) {
            for (Expr a : x.args()) {
                walk(a, true, visitor);
            }
        } else if (s instanceof Statement.SetParameter x) {
            walk(x.value(), true, visitor);
        } else if (s instanceof Statement.AlterSystemSet x) {
            walk(x.value(), true, visitor);
        } else if (s instanceof Statement.CreateTable x) {
            for (Statement.ColumnDef c : x.columns()) {
                columnDef(c, visitor);
            }
            for (Statement.TableConstraint c : x.constraints()) {
                if (c instanceof Statement.Check ch) {
                    walk(ch.condition(), true, visitor);
                }
            }
            for (Statement.Option o : x.options()) {
                walk(o.value(), true, visitor);
            }
        } else if (s instanceof Statement.AddColumn x) {
            columnDef(x.column(), visitor);
        }
    }

    private static void columnDef(Statement.ColumnDef c, Consumer<Expr> visitor) {
        visitNullable(c.defaultValue(), visitor);
        visitNullable(c.check(), visitor);
    }

    private static void visitNullable(Expr e, Consumer<Expr> visitor) {
        if (e != null) {
            walk(e, true, visitor);
        }
    }

    /** How many {@code ?} marks the statement has (its highest parameter index). */
    public static int parameterCount(Statement s) {
        int[] max = new int[1];
        walk(s, e -> {
            if (e instanceof Expr.Parameter p) {
                max[0] = Math.max(max[0], p.index());
            }
        });
        return max[0];
    }
}
