package io.cairn.sql.internal.plan;

import java.util.HashSet;
import java.util.Set;

import io.cairn.sql.internal.parser.AstWalker;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Query;

/**
 * The column names a query uses anywhere (select list, WHERE, joins, grouping, ordering and
 * subqueries), whatever table they name. Deliberately coarse: a name counts for every table that
 * has such a column, so an index-only scan is only chosen when it surely has every column needed.
 */
final class ColumnUse {

    private ColumnUse() {
    }

    /** The names, or null when a {@code *} anywhere may need every column. */
    static Set<String> names(Query q) {
        Set<String> names = new HashSet<>();
        boolean[] star = new boolean[1];
        visit(q, names, star);
        return star[0] ? null : names;
    }

    private static void visit(Query q, Set<String> names, boolean[] star) {
        body(q.body(), names, star);
        AstWalker.walk(q, e -> {
            if (e instanceof Expr.ColumnRef c) {
                names.add(c.column());
            } else if (e instanceof Expr.ScalarSubquery s) {
                body(s.query().body(), names, star);
            } else if (e instanceof Expr.InSubquery in) {
                body(in.query().body(), names, star);
            } else if (e instanceof Expr.Exists x) {
                body(x.query().body(), names, star);
            }
        });
    }

    /** Finds {@code *} select items in a body and the queries of its FROM subqueries. */
    private static void body(Query.Body b, Set<String> names, boolean[] star) {
        if (b instanceof Query.Nested n) {
            body(n.query().body(), names, star);
        } else if (b instanceof Query.Union u) {
            body(u.left(), names, star);
            body(u.right(), names, star);
        } else if (b instanceof Query.Select s) {
            for (Query.SelectItem item : s.items()) {
                star[0] |= item instanceof Query.Star;
            }
            for (Query.TableRef t : s.from()) {
                from(t, names, star);
            }
        }
    }

    private static void from(Query.TableRef t, Set<String> names, boolean[] star) {
        if (t instanceof Query.SubqueryTable st) {
            body(st.query().body(), names, star);
        } else if (t instanceof Query.Join j) {
            from(j.left(), names, star);
            from(j.right(), names, star);
        }
    }
}
