package io.cairn.sql.internal.plan;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.Operators.KeyRange;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.expr.ExpressionCompiler;
import io.cairn.sql.internal.expr.RowLayout;
import io.cairn.sql.internal.parser.AstWalker;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Query;
import io.cairn.sql.internal.parser.SqlPrinter;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionManager;

/**
 * Turns a query AST into an operator tree for one execution: resolves names against the catalog,
 * picks a primary key or secondary index range for sargable WHERE conjuncts, and places filters,
 * joins, aggregation, sorting and limits. Comma-separated and inner-joined tables (up to 6) are
 * joined in an order chosen greedily by estimated rows (see CATALOG.md, "Join order"). Estimates
 * are rough constants until ANALYZE statistics drive them.
 */
public final class Planner {

    /** A planned query: its operator tree and output columns. */
    public record Planned(Operator root, List<String> names, List<SqlType> types) {
    }

    static final double FULL_SCAN_ROWS = 1000;

    private final Catalog catalog;
    private final TransactionManager manager;
    private final EvalContext eval;
    private final Map<String, TableAccess> accesses = new HashMap<>();
    private final List<AutoCloseable> asOfResources = new ArrayList<>();
    private ExecContext exec;
    private boolean useInvisibleIndexes;
    private java.util.function.Function<String, io.cairn.sql.internal.catalog.Statistics.TableStats> stats = t -> null;

    private java.util.function.Function<String, io.cairn.sql.SystemView> systemViews = name -> null;
    private java.util.function.Function<String, io.cairn.sql.SqlTableFunction> tableFunctions = name -> null;
    private io.cairn.sql.SystemViewContext viewContext;
    private AccessSource accessSource;
    /** False once the plan reads something only this execution may use (see {@link #cacheable()}). */
    private boolean cacheable = true;

    /** Builds a table's access; the engine shares one per catalog version. */
    public interface AccessSource {
        TableAccess access(TableInfo table) throws SqlException;
    }

    /** Where table accesses come from (default: built for this planner). */
    public void useTableAccesses(AccessSource source) {
        this.accessSource = source;
    }

    /**
     * Whether the plans made so far can serve other executions: they hold no parameter value,
     * statement time, AS OF transaction, system view or table function rows, or subquery (whose
     * result is kept per execution), and their LIMIT/OFFSET are literals.
     */
    public boolean cacheable() {
        return cacheable;
    }

    /**
     * Where FROM names that are not catalog tables, and table functions {@code name(args)}, are
     * looked up, and the context their rows get.
     */
    public void useSystemViews(java.util.function.Function<String, io.cairn.sql.SystemView> views,
            java.util.function.Function<String, io.cairn.sql.SqlTableFunction> functions,
            io.cairn.sql.SystemViewContext context) {
        this.systemViews = views;
        this.tableFunctions = functions;
        this.viewContext = context;
    }

    public Planner(Catalog catalog, TransactionManager manager, EvalContext eval) {
        this.catalog = catalog;
        this.manager = manager;
        this.eval = eval;
    }

    /** Lets the planner use invisible indexes too (the session's optimizer_use_invisible_indexes). */
    public void useInvisibleIndexes(boolean use) {
        this.useInvisibleIndexes = use;
    }

    /** Where the planner finds ANALYZE statistics of a table (null when there are none). */
    public void useStatistics(java.util.function.Function<String, io.cairn.sql.internal.catalog.Statistics.TableStats> source) {
        this.stats = source;
    }

    /** The execution context subqueries run in; set before the plan is opened. */
    public void bind(ExecContext context) {
        this.exec = context;
    }

    ExecContext exec() {
        return exec;
    }

    /** Ends the AS OF transactions this statement opened. */
    public void close() {
        for (int i = asOfResources.size() - 1; i >= 0; i--) {
            try {
                asOfResources.get(i).close();
            } catch (Exception e) {
                // closing a read-only snapshot cannot lose anything
            }
        }
        asOfResources.clear();
    }

    public TableAccess access(String table) throws SqlException {
        TableAccess a = accesses.get(table);
        if (a == null) {
            if (catalog.findTable(table) == null && systemViews.apply(table) != null) {
                throw new SqlException("\"" + table + "\" is a system view; it cannot be changed", "42809");
            }
            TableInfo t = catalog.table(table);
            a = accessSource != null ? accessSource.access(t) : new TableAccess(t, catalog.indexesOf(table));
            accesses.put(table, a);
        }
        return a;
    }

    /** A scope over one table's visible columns, for DML and CHECK constraints. */
    public ColumnResolver tableScope(TableAccess a, String alias) {
        return new Scope(this, tableEntries(a, alias), null, null);
    }

    public Evaluator compile(Expr e, ColumnResolver scope) throws SqlException {
        return ExpressionCompiler.compile(e, scope);
    }

    /** A scope without columns whose subqueries can still be planned (INSERT VALUES). */
    public ColumnResolver emptyScope() {
        return new Scope(this, List.of(), null, null);
    }

    Object constant(Expr e) throws SqlException {
        return ExpressionCompiler.compile(e, new Scope(this, List.of(), null, null)).evaluate(new Object[0], eval);
    }

    private static List<RowLayout.Entry> tableEntries(TableAccess a, String alias) {
        List<RowLayout.Entry> entries = new ArrayList<>();
        for (int p : a.visible()) {
            entries.add(new RowLayout.Entry(alias, a.table().columns().get(p).name(), a.table().columns().get(p).type()));
        }
        return entries;
    }

    // ---- queries

    public Planned planQuery(Query q) throws SqlException {
        return planQuery(q, null, null);
    }

    Planned planQuery(Query q, Scope outer, Scope.Marker marker) throws SqlException {
        Planned p;
        if (q.body() instanceof Query.Select s) {
            p = planSelect(s, q.orderBy(), outer, marker);
        } else {
            p = planBody(q.body(), outer, marker);
            if (!q.orderBy().isEmpty()) {
                List<Operators.SortKey> keys = new ArrayList<>();
                for (Query.OrderItem item : q.orderBy()) {
                    int col = outputColumn(item.expr(), p.names(), null);
                    if (col < 0) {
                        throw error(item.expr(), "42P10", "ORDER BY on a UNION result must name an output column");
                    }
                    keys.add(sortKey(item, col));
                }
                p = new Planned(new Operators.Sort(p.root(), keys), p.names(), p.types());
            }
        }
        if (q.limit() != null || q.offset() != null) {
            long limit = q.limit() == null ? -1 : count(q.limit(), "LIMIT");
            long offset = q.offset() == null ? 0 : count(q.offset(), "OFFSET");
            Operator below = p.root() instanceof Operators.Trim t ? t.children().get(0) : p.root();
            if (limit >= 0 && below instanceof Operators.Sort sort && limit + offset >= 0) {
                sort.keepFirst(limit + offset);
            }
            Operator l = new Operators.Limit(p.root(), offset, limit);
            l.estimatedRows = limit < 0 ? p.root().estimatedRows : Math.min(limit, Math.max(0, p.root().estimatedRows));
            p = new Planned(l, p.names(), p.types());
        }
        return p;
    }

    private long count(Expr e, String what) throws SqlException {
        if (!isLiteral(e)) {
            cacheable = false;
        }
        Object v = constant(e);
        if (v == null) {
            return what.equals("LIMIT") ? -1 : 0;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw error(e, "2201W", what + " must be a non-negative integer");
        }
        return ((Number) v).longValue();
    }

    private static Operators.SortKey sortKey(Query.OrderItem item, int col) {
        boolean nullsFirst = item.nulls() == Query.NullOrder.DEFAULT ? item.descending() : item.nulls() == Query.NullOrder.FIRST;
        return new Operators.SortKey(col, item.descending(), nullsFirst);
    }

    private Planned planBody(Query.Body body, Scope outer, Scope.Marker marker) throws SqlException {
        if (body instanceof Query.Select s) {
            return planSelect(s, List.of(), outer, marker);
        } else if (body instanceof Query.Nested n) {
            return planQuery(n.query(), outer, marker);
        }
        Query.Union u = (Query.Union) body;
        Planned l = planBody(u.left(), outer, marker);
        Planned r = planBody(u.right(), outer, marker);
        if (l.names().size() != r.names().size()) {
            throw error(u.pos(), "42601", "each UNION query must have the same number of columns");
        }
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < l.types().size(); i++) {
            SqlType.Kind a = l.types().get(i).kind();
            SqlType.Kind b = r.types().get(i).kind();
            if (a != SqlType.Kind.NULL && b != SqlType.Kind.NULL && a != b && !(a.isNumeric() && b.isNumeric())) {
                throw error(u.pos(), SqlException.DATATYPE_MISMATCH, "UNION types " + l.types().get(i) + " and "
                        + r.types().get(i) + " cannot be matched");
            }
            if (a == SqlType.Kind.NULL) {
                types.add(r.types().get(i));
            } else if (b == SqlType.Kind.NULL || a == b) {
                types.add(l.types().get(i));
            } else {
                types.add(numericType(Values.promote(a, b)));
            }
        }
        Operator root = new Operators.Append(List.of(conform(l, types), conform(r, types)));
        root.estimatedRows = l.root().estimatedRows + r.root().estimatedRows;
        if (!u.all()) {
            root = new Operators.Distinct(root, l.names().size());
        }
        return new Planned(root, l.names(), types);
    }

    private static SqlType numericType(SqlType.Kind k) {
        switch (k) {
            case INT: return SqlType.INT;
            case BIGINT: return SqlType.BIGINT;
            case DOUBLE: return SqlType.DOUBLE;
            default: return SqlType.DECIMAL;
        }
    }

    /** The input of a UNION with its numeric columns converted to the UNION's column types. */
    private static Operator conform(Planned p, List<SqlType> types) {
        Evaluator[] exprs = new Evaluator[types.size()];
        boolean needed = false;
        for (int i = 0; i < exprs.length; i++) {
            SqlType from = p.types().get(i);
            SqlType to = types.get(i);
            if (from.kind() != to.kind() && from.kind() != SqlType.Kind.NULL) {
                needed = true;
                exprs[i] = new CastAt(i, to);
            } else {
                exprs[i] = new ColumnAt(i, from);
            }
        }
        if (!needed) {
            return p.root();
        }
        Operator op = new Operators.Project(p.root(), exprs);
        op.estimatedRows = p.root().estimatedRows;
        return op;
    }

    /** Column {@code index} converted to {@code type}. */
    record CastAt(int index, SqlType type) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) throws SqlException {
            return Values.cast(row[index], type);
        }
    }

    /** The output column an ORDER BY item names (ordinal or output name), or -1. */
    private int outputColumn(Expr e, List<String> names, List<Expr> itemExprs) throws SqlException {
        if (e instanceof Expr.Literal lit && (lit.value() instanceof Integer || lit.value() instanceof Long)) {
            long n = ((Number) lit.value()).longValue();
            if (n < 1 || n > names.size()) {
                throw error(e, "42P10", "ORDER BY position " + n + " is not in select list");
            }
            return (int) n - 1;
        }
        if (e instanceof Expr.ColumnRef c && c.table() == null) {
            int found = -1;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals(c.column())) {
                    if (found >= 0 && itemExprs == null) {
                        throw error(e, SqlException.AMBIGUOUS_COLUMN, "ORDER BY \"" + c.column() + "\" is ambiguous");
                    }
                    if (found < 0) {
                        found = i;
                    }
                }
            }
            if (found >= 0) {
                return found;
            }
        }
        if (itemExprs != null) {
            String text = SqlPrinter.print(e);
            for (int i = 0; i < itemExprs.size(); i++) {
                if (itemExprs.get(i) != null && SqlPrinter.print(itemExprs.get(i)).equals(text)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private record From(Operator op, List<RowLayout.Entry> entries) {
    }

    private Planned planSelect(Query.Select s, List<Query.OrderItem> orderBy, Scope outer, Scope.Marker marker)
            throws SqlException {
        From from;
        List<Expr> conjuncts = new ArrayList<>();
        split(s.where(), conjuncts);
        Expr where = s.where();
        if (s.from().isEmpty()) {
            List<Object[]> one = new ArrayList<>();
            one.add(new Object[0]);
            from = new From(new Operators.ValuesOp(one), List.of());
        } else {
            from = null;
            // Inner JOIN ... ON trees of 3 or more tables are flattened into FROM items whose ON
            // conditions join the WHERE, so their order can be chosen too (LEFT joins stay whole)
            List<Query.TableRef> refs = new ArrayList<>();
            List<Expr> on = new ArrayList<>();
            for (Query.TableRef ref : s.from()) {
                flattenInner(ref, refs, on);
            }
            List<From> items = null;
            if (refs.size() > s.from().size() && refs.size() >= 3 && refs.size() <= MAX_REORDERED) {
                List<Expr> all = new ArrayList<>(conjuncts);
                for (Expr c : on) {
                    split(c, all);
                }
                items = new ArrayList<>();
                List<RowLayout.Entry> entries = new ArrayList<>();
                for (Query.TableRef ref : refs) {
                    From f = planFrom(ref, all, outer, marker);
                    items.add(f);
                    entries.addAll(f.entries());
                }
                try {
                    // an unqualified name unique among a join's two sides may be ambiguous among all tables
                    for (Expr c : on) {
                        boolCondition(c, new Scope(this, entries, outer, marker), "JOIN/ON");
                    }
                    conjuncts.clear();
                    conjuncts.addAll(all);
                    for (Expr c : on) {
                        where = where == null ? c : new Expr.Binary(c.pos(), Expr.BinaryOp.AND, where, c);
                    }
                } catch (SqlException e) {
                    items = null; // plan the joins as written, which reports any real error
                }
            }
            if (items == null) {
                items = new ArrayList<>();
                for (Query.TableRef ref : s.from()) {
                    // WHERE conjuncts narrow every table's scan: the ones an index can use are
                    // null-rejecting, so pushing them below a LEFT JOIN does not change its result
                    items.add(planFrom(ref, conjuncts, outer, marker));
                }
            }
            List<Integer> order = joinOrder(items, conjuncts);
            for (int k : order) {
                From next = items.get(k);
                if (from == null) {
                    from = next;
                } else {
                    Operator j = equiJoin(conjuncts, from, next, false, null);
                    if (j == null) {
                        j = new Operators.NestedLoopJoin(from.op(), next.op(), Operators.JoinKind.CROSS, null,
                                next.entries().size());
                        j.estimatedRows = from.op().estimatedRows * next.op().estimatedRows;
                    }
                    from = new From(j, Scope.concat(from.entries(), next.entries()));
                }
            }
            from = writtenLayout(from, items, order);
        }
        Scope scope = new Scope(this, from.entries(), outer, marker);
        Operator op = from.op();
        if (where != null) {
            Evaluator cond = boolCondition(where, scope, "WHERE");
            double est = op.estimatedRows;
            op = new Operators.Filter(op, cond, SqlPrinter.print(where));
            op.estimatedRows = Math.max(1, est / 3);
        }

        // aggregation
        List<Expr.FunctionCall> aggCalls = new ArrayList<>();
        for (Query.SelectItem item : s.items()) {
            if (item instanceof Query.ExprItem e) {
                collectAggregates(e.expr(), aggCalls);
            }
        }
        if (s.having() != null) {
            collectAggregates(s.having(), aggCalls);
        }
        for (Query.OrderItem o : orderBy) {
            collectAggregates(o.expr(), aggCalls);
        }
        if (s.where() != null && AstWalker.containsAggregate(s.where())) {
            throw error(s.where(), "42803", "aggregate functions are not allowed in WHERE");
        }
        Scope source = scope;
        List<Expr> groupBy = new ArrayList<>();
        for (Expr g : s.groupBy()) {
            groupBy.add(groupExpr(g, s.items(), scope));
        }
        boolean aggregated = !s.groupBy().isEmpty() || !aggCalls.isEmpty() || s.having() != null;
        if (aggregated) {
            Evaluator[] groups = new Evaluator[groupBy.size()];
            for (int i = 0; i < groups.length; i++) {
                Expr g = groupBy.get(i);
                if (AstWalker.containsAggregate(g)) {
                    throw error(g, "42803", "aggregate functions are not allowed in GROUP BY");
                }
                groups[i] = compileIn(g, scope);
            }
            Operators.AggSpec[] specs = new Operators.AggSpec[aggCalls.size()];
            for (int i = 0; i < specs.length; i++) {
                specs[i] = aggSpec(aggCalls.get(i), scope);
            }
            Operator agg = new Operators.HashAggregate(op, groups, specs);
            agg.estimatedRows = groups.length == 0 ? 1 : Math.max(1, op.estimatedRows / 10);
            op = agg;
            source = new AggScope(this, scope, groupBy, groups, aggCalls, specs, outer, marker);
            if (s.having() != null) {
                Evaluator cond = boolCondition(s.having(), source, "HAVING");
                double est = op.estimatedRows;
                op = new Operators.Filter(op, cond, SqlPrinter.print(s.having()));
                op.estimatedRows = Math.max(1, est / 3);
            }
        }

        // projection
        List<Evaluator> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> itemExprs = new ArrayList<>();
        for (Query.SelectItem item : s.items()) {
            if (item instanceof Query.Star star) {
                if (s.from().isEmpty()) {
                    throw error(star.pos(), SqlException.FEATURE_NOT_SUPPORTED, "SELECT * needs a FROM clause");
                }
                if (aggregated) {
                    throw error(star.pos(), "42803", "SELECT * is not allowed with GROUP BY or aggregates");
                }
                boolean any = false;
                List<RowLayout.Entry> entries = scope.entries();
                for (int i = 0; i < entries.size(); i++) {
                    RowLayout.Entry e = entries.get(i);
                    if (star.table() == null || star.table().equals(e.table())) {
                        exprs.add(new ColumnAt(i, e.type()));
                        names.add(e.name());
                        itemExprs.add(new Expr.ColumnRef(star.pos(), e.table(), e.name()));
                        any = true;
                    }
                }
                if (!any && star.table() != null) {
                    throw error(star.pos(), SqlException.UNDEFINED_TABLE, "missing FROM-clause entry for table \"" + star.table() + "\"");
                }
            } else {
                Query.ExprItem e = (Query.ExprItem) item;
                exprs.add(compileIn(e.expr(), source));
                names.add(e.alias() != null ? e.alias() : columnName(e.expr()));
                itemExprs.add(e.expr());
            }
        }
        int width = exprs.size();
        List<Operators.SortKey> keys = new ArrayList<>();
        for (Query.OrderItem o : orderBy) {
            int col = outputColumn(o.expr(), names, itemExprs);
            if (col < 0) {
                if (s.distinct()) {
                    throw error(o.expr(), "42P10", "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                }
                exprs.add(compileIn(o.expr(), source));
                col = exprs.size() - 1;
            }
            keys.add(sortKey(o, col));
        }
        List<SqlType> types = exprs.subList(0, width).stream().map(Evaluator::type).toList();
        double est = op.estimatedRows;
        op = new Operators.Project(op, exprs.toArray(new Evaluator[0]));
        op.estimatedRows = est;
        if (s.distinct()) {
            op = new Operators.Distinct(op, width);
        }
        if (!keys.isEmpty()) {
            op = new Operators.Sort(op, keys);
        }
        if (exprs.size() > width) {
            op = new Operators.Trim(op, width);
        }
        return new Planned(op, names, types);
    }

    /** A GROUP BY item: a select-list ordinal or output alias stands for that item's expression. */
    private Expr groupExpr(Expr g, List<Query.SelectItem> items, Scope scope) throws SqlException {
        if (g instanceof Expr.Literal lit && (lit.value() instanceof Integer || lit.value() instanceof Long)) {
            long n = ((Number) lit.value()).longValue();
            if (n < 1 || n > items.size() || !(items.get((int) n - 1) instanceof Query.ExprItem item)) {
                throw error(g, "42P10", "GROUP BY position " + n + " is not in select list");
            }
            return item.expr();
        }
        if (g instanceof Expr.ColumnRef c && c.table() == null && scope.resolve(null, c.column()) == null) {
            for (Query.SelectItem i : items) {
                if (i instanceof Query.ExprItem e && c.column().equals(e.alias())) {
                    return e.expr();
                }
            }
        }
        return g;
    }

    /** Compiles a WHERE-like condition, 42804 unless it is boolean. */
    public Evaluator condition(Expr e, ColumnResolver scope, String clause) throws SqlException {
        Evaluator ev = ExpressionCompiler.compile(e, scope);
        SqlType.Kind k = ev.type().kind();
        if (k != SqlType.Kind.BOOLEAN && k != SqlType.Kind.NULL) {
            throw error(e, SqlException.DATATYPE_MISMATCH, "argument of " + clause + " must be type boolean, not type " + ev.type());
        }
        return ev;
    }

    private static String columnName(Expr e) {
        if (e instanceof Expr.ColumnRef c) {
            return c.column();
        } else if (e instanceof Expr.FunctionCall f) {
            return f.name();
        } else if (e instanceof Expr.Cast c) {
            return columnName(c.operand());
        }
        return "?column?";
    }

    private Evaluator compileIn(Expr e, Scope scope) throws SqlException {
        return ExpressionCompiler.compile(e, scope);
    }

    private Evaluator boolCondition(Expr e, Scope scope, String clause) throws SqlException {
        Evaluator ev = compileIn(e, scope);
        SqlType.Kind k = ev.type().kind();
        if (k != SqlType.Kind.BOOLEAN && k != SqlType.Kind.NULL) {
            throw error(e, SqlException.DATATYPE_MISMATCH, "argument of " + clause + " must be type boolean, not type " + ev.type());
        }
        return ev;
    }

    private static void collectAggregates(Expr e, List<Expr.FunctionCall> out) {
        AstWalker.walk(e, false, x -> {
            if (x instanceof Expr.FunctionCall f && f.isAggregate()) {
                String text = SqlPrinter.print(f);
                for (Expr.FunctionCall o : out) {
                    if (SqlPrinter.print(o).equals(text)) {
                        return;
                    }
                }
                out.add(f);
            }
        });
    }

    private Operators.AggSpec aggSpec(Expr.FunctionCall f, Scope scope) throws SqlException {
        Operators.AggKind kind = Operators.AggKind.valueOf(f.name().toUpperCase());
        if (f.star()) {
            if (kind != Operators.AggKind.COUNT) {
                throw error(f, SqlException.SYNTAX_ERROR, f.name() + "(*) is not allowed");
            }
            return new Operators.AggSpec(kind, null, false, SqlType.BIGINT);
        }
        if (f.args().size() != 1) {
            throw error(f, SqlException.UNDEFINED_FUNCTION, f.name() + " takes one argument");
        }
        for (Expr a : f.args()) {
            if (AstWalker.containsAggregate(a)) {
                throw error(a, "42803", "aggregate function calls cannot be nested");
            }
        }
        Evaluator arg = compileIn(f.args().get(0), scope);
        SqlType t = arg.type();
        SqlType result;
        switch (kind) {
            case COUNT:
                result = SqlType.BIGINT;
                break;
            case SUM:
            case AVG:
                if (t.kind() != SqlType.Kind.NULL && !t.kind().isNumeric()) {
                    throw error(f, SqlException.UNDEFINED_FUNCTION, "function " + f.name() + "(" + t + ") does not exist");
                }
                result = t.kind() == SqlType.Kind.DOUBLE ? SqlType.DOUBLE
                        : kind == Operators.AggKind.SUM && (t.kind() == SqlType.Kind.INT || t.kind() == SqlType.Kind.BIGINT)
                                ? SqlType.BIGINT : SqlType.DECIMAL;
                break;
            default:
                result = t;
        }
        return new Operators.AggSpec(kind, arg, f.distinct(), result);
    }

    static void split(Expr e, List<Expr> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            split(b.left(), out);
            split(b.right(), out);
        } else {
            out.add(e);
        }
    }

    // ---- FROM

    private From planFrom(Query.TableRef ref, List<Expr> conjuncts, Scope outer, Scope.Marker marker)
            throws SqlException {
        if (ref instanceof Query.NamedTable n) {
            if (catalog.findTable(n.name()) == null) {
                io.cairn.sql.SystemView view = systemViews.apply(n.name());
                if (view != null) {
                    return systemView(view, n);
                }
            }
            TableAccess a = access(n.name());
            String alias = n.alias() != null ? n.alias() : n.name();
            // an index may be younger than the AS OF point, so flashback reads use the primary key only
            Operators.TableScan scan = scan(a, alias, conjuncts, false, n.asOf() == null);
            if (n.asOf() != null) {
                scan.readThrough(asOf(n.asOf()));
            }
            return new From(scan, tableEntries(a, alias));
        } else if (ref instanceof Query.SubqueryTable st) {
            Planned p = planQuery(st.query(), outer, marker);
            List<RowLayout.Entry> entries = new ArrayList<>();
            for (int i = 0; i < p.names().size(); i++) {
                entries.add(new RowLayout.Entry(st.alias(), p.names().get(i), p.types().get(i)));
            }
            return new From(p.root(), entries);
        } else if (ref instanceof Query.Join j) {
            From l = planFrom(j.left(), conjuncts, outer, marker);
            From r = planFrom(j.right(), conjuncts, outer, marker);
            List<RowLayout.Entry> entries = Scope.concat(l.entries(), r.entries());
            Operator op = null;
            if (j.kind() != Query.JoinKind.CROSS && j.condition() != null) {
                op = hashJoin(j, l, r, entries, outer, marker);
            }
            if (op == null) {
                Evaluator cond = null;
                if (j.condition() != null) {
                    cond = boolCondition(j.condition(), new Scope(this, entries, outer, marker), "JOIN/ON");
                }
                Operators.JoinKind kind = j.kind() == Query.JoinKind.LEFT ? Operators.JoinKind.LEFT
                        : j.kind() == Query.JoinKind.CROSS ? Operators.JoinKind.CROSS : Operators.JoinKind.INNER;
                op = new Operators.NestedLoopJoin(l.op(), r.op(), kind, cond, r.entries().size());
                op.estimatedRows = cond == null ? l.op().estimatedRows * r.op().estimatedRows
                        : Math.max(l.op().estimatedRows, r.op().estimatedRows);
            }
            return new From(op, entries);
        }
        Query.FunctionTable f = (Query.FunctionTable) ref;
        cacheable = false;
        io.cairn.sql.SqlTableFunction fn = tableFunctions.apply(f.name());
        if (fn == null) {
            throw error(f.pos(), SqlException.UNDEFINED_FUNCTION, "table function " + f.name() + " does not exist");
        }
        List<io.cairn.sql.SystemView.Column> params = fn.parameters();
        if (params.size() != f.args().size()) {
            throw error(f.pos(), SqlException.UNDEFINED_FUNCTION, "table function " + f.name() + " takes "
                    + params.size() + " arguments, not " + f.args().size());
        }
        Object[] args = new Object[params.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = io.cairn.sql.internal.engine.SystemRegistry.convert(constant(f.args().get(i)), params.get(i).type(),
                    "argument " + params.get(i).name() + " of " + f.name());
        }
        String alias = f.alias() != null ? f.alias() : f.name();
        return materialize("table function " + f.name(), alias, fn.columns(), fn.rows(viewContext, args));
    }

    /** The most FROM items whose join order the planner chooses; longer lists join as written. */
    static final int MAX_REORDERED = 6;

    /**
     * The order to join the comma-separated FROM items in (indexes into {@code items}): greedy and
     * left-deep. It starts with the item with the fewest estimated rows (after its WHERE bounds,
     * using ANALYZE statistics when they exist), then repeatedly adds the smallest item that a
     * WHERE {@code column = column} conjunct connects to the items joined so far (so a hash join
     * can be used), or the smallest item at all when none is connected. Ties keep the written
     * order. Explicit JOIN ... ON trees (LEFT joins included) are single items and keep their
     * own order; all joins between items are inner or cross, and the whole WHERE is still
     * evaluated above them, so any order returns the same rows.
     */
    private List<Integer> joinOrder(List<From> items, List<Expr> conjuncts) {
        int n = items.size();
        List<Integer> order = new ArrayList<>();
        if (n < 2 || n > MAX_REORDERED) {
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            return order;
        }
        boolean[] used = new boolean[n];
        List<RowLayout.Entry> joined = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int best = -1;
            boolean bestConnected = false;
            for (int i = 0; i < n; i++) {
                if (used[i]) {
                    continue;
                }
                boolean connected = k > 0 && connects(joined, items.get(i).entries(), conjuncts);
                if (best < 0 || connected && !bestConnected
                        || connected == bestConnected && items.get(i).op().estimatedRows < items.get(best).op().estimatedRows) {
                    best = i;
                    bestConnected = connected;
                }
            }
            used[best] = true;
            order.add(best);
            joined.addAll(items.get(best).entries());
        }
        return order;
    }

    /** Collects the tables of inner and cross join trees, and their ON conditions; anything else is one item. */
    private static void flattenInner(Query.TableRef ref, List<Query.TableRef> refs, List<Expr> on) {
        if (ref instanceof Query.Join j && j.kind() != Query.JoinKind.LEFT) {
            flattenInner(j.left(), refs, on);
            flattenInner(j.right(), refs, on);
            if (j.condition() != null) {
                on.add(j.condition());
            }
        } else {
            refs.add(ref);
        }
    }

    /** Whether a {@code column = column} conjunct compares a column of {@code left} with one of {@code right}. */
    private boolean connects(List<RowLayout.Entry> left, List<RowLayout.Entry> right, List<Expr> conjuncts) {
        Scope ls = new Scope(this, left, null, null);
        Scope rs = new Scope(this, right, null, null);
        for (Expr c : conjuncts) {
            if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ && b.left() instanceof Expr.ColumnRef x
                    && b.right() instanceof Expr.ColumnRef y) {
                ColumnResolver.Column xl = safeResolve(ls, x), xr = safeResolve(rs, x);
                ColumnResolver.Column yl = safeResolve(ls, y), yr = safeResolve(rs, y);
                if (xl != null && xr == null && yr != null && yl == null
                        || yl != null && yr == null && xr != null && xl == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Puts the columns of FROM items joined in another order back in the written order (SELECT *, names). */
    private static From writtenLayout(From joined, List<From> items, List<Integer> order) {
        boolean identity = true;
        for (int k = 0; k < order.size(); k++) {
            identity &= order.get(k) == k;
        }
        if (identity) {
            return joined;
        }
        int[] start = new int[items.size()];
        int at = 0;
        for (int k : order) {
            start[k] = at;
            at += items.get(k).entries().size();
        }
        List<Evaluator> exprs = new ArrayList<>();
        List<RowLayout.Entry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<RowLayout.Entry> e = items.get(i).entries();
            for (int c = 0; c < e.size(); c++) {
                exprs.add(new ColumnAt(start[i] + c, e.get(c).type()));
                entries.add(e.get(c));
            }
        }
        Operator op = new Operators.Project(joined.op(), exprs.toArray(new Evaluator[0]));
        op.estimatedRows = joined.op().estimatedRows;
        return new From(op, entries);
    }

    /** A system view's rows, materialized now and read like a VALUES list. */
    private From systemView(io.cairn.sql.SystemView view, Query.NamedTable n) throws SqlException {
        cacheable = false;
        if (n.asOf() != null) {
            throw error(n.pos(), SqlException.FEATURE_NOT_SUPPORTED, "AS OF is not supported on system view " + n.name());
        }
        String alias = n.alias() != null ? n.alias() : n.name();
        return materialize("system view " + n.name(), alias, view.columns(), view.rows(viewContext));
    }

    /** Plugin rows checked and converted to engine values, read like a VALUES list. */
    private From materialize(String what, String alias, List<io.cairn.sql.SystemView.Column> columns,
            Iterable<Object[]> source) throws SqlException {
        List<RowLayout.Entry> entries = new ArrayList<>();
        for (io.cairn.sql.SystemView.Column c : columns) {
            entries.add(new RowLayout.Entry(alias, c.name().toLowerCase(java.util.Locale.ROOT),
                    io.cairn.sql.internal.engine.SystemRegistry.sqlType(c.type())));
        }
        List<Object[]> rows = new ArrayList<>();
        if (source != null) {
            for (Object[] r : source) {
                if (r == null || r.length != columns.size()) {
                    throw new SqlException(what + " returned a row of "
                            + (r == null ? 0 : r.length) + " values for " + columns.size() + " columns", "XX000");
                }
                Object[] row = new Object[r.length];
                for (int i = 0; i < r.length; i++) {
                    row[i] = io.cairn.sql.internal.engine.SystemRegistry.convert(r[i], columns.get(i).type(),
                            what + " column " + columns.get(i).name());
                }
                rows.add(row);
                if (exec != null) {
                    exec.checkMemory(rows.size(), what);
                }
            }
        }
        Operators.ValuesOp op = new Operators.ValuesOp(rows);
        return new From(op, entries);
    }

    /** A hash join when the ON condition has column = column conjuncts across the two sides; else null. */
    private Operator hashJoin(Query.Join j, From l, From r, List<RowLayout.Entry> entries, Scope outer,
            Scope.Marker marker) throws SqlException {
        List<Expr> conj = new ArrayList<>();
        split(j.condition(), conj);
        // validate the whole condition (types, names) the same way a nested loop join would
        boolCondition(j.condition(), new Scope(this, entries, outer, marker), "JOIN/ON");
        return equiJoin(conj, l, r, j.kind() == Query.JoinKind.LEFT, new Scope(this, entries, outer, marker));
    }

    /**
     * A hash join on the {@code column = column} conjuncts that compare a column of each side, or
     * null if there are none. With a {@code residualScope} the other conjuncts are checked per
     * joined pair (an ON condition); without, the caller filters (a WHERE condition).
     */
    private Operator equiJoin(List<Expr> conj, From l, From r, boolean leftJoin, Scope residualScope)
            throws SqlException {
        Scope ls = new Scope(this, l.entries(), null, null);
        Scope rs = new Scope(this, r.entries(), null, null);
        List<Evaluator> lk = new ArrayList<>();
        List<Evaluator> rk = new ArrayList<>();
        Expr residual = null;
        for (Expr c : conj) {
            boolean used = false;
            if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ && b.left() instanceof Expr.ColumnRef x
                    && b.right() instanceof Expr.ColumnRef y) {
                ColumnResolver.Column xl = safeResolve(ls, x), xr = safeResolve(rs, x);
                ColumnResolver.Column yl = safeResolve(ls, y), yr = safeResolve(rs, y);
                if (xl != null && xr == null && yr != null && yl == null && comparableKinds(xl.type(), yr.type())) {
                    lk.add(new ColumnAt(xl.index(), xl.type()));
                    rk.add(new ColumnAt(yr.index(), yr.type()));
                    used = true;
                } else if (yl != null && yr == null && xr != null && xl == null && comparableKinds(yl.type(), xr.type())) {
                    lk.add(new ColumnAt(yl.index(), yl.type()));
                    rk.add(new ColumnAt(xr.index(), xr.type()));
                    used = true;
                }
            }
            if (!used) {
                residual = residual == null ? c : new Expr.Binary(c.pos(), Expr.BinaryOp.AND, residual, c);
            }
        }
        if (lk.isEmpty()) {
            return null;
        }
        Evaluator res = residual == null || residualScope == null ? null : boolCondition(residual, residualScope, "JOIN/ON");
        Operator op = new Operators.HashJoin(l.op(), r.op(), leftJoin,
                lk.toArray(new Evaluator[0]), rk.toArray(new Evaluator[0]), res, r.entries().size());
        op.estimatedRows = Math.max(l.op().estimatedRows, r.op().estimatedRows);
        return op;
    }

    private static boolean comparableKinds(SqlType a, SqlType b) {
        return a.kind() == b.kind() || (a.kind().isNumeric() && b.kind().isNumeric());
    }

    private static ColumnResolver.Column safeResolve(Scope s, Expr.ColumnRef c) {
        try {
            return s.resolve(c.table(), c.column());
        } catch (SqlException e) {
            return null;
        }
    }

    private Transaction asOf(Query.AsOf asOf) throws SqlException {
        cacheable = false;
        Object point = constant(asOf.point());
        long scn;
        if (asOf.kind() == Query.AsOfKind.SCN) {
            if (!(point instanceof Integer || point instanceof Long)) {
                throw error(asOf.point(), SqlException.DATATYPE_MISMATCH, "AS OF SCN needs an integer");
            }
            scn = ((Number) point).longValue();
        } else {
            Object ts = Values.cast(point, SqlType.TIMESTAMP);
            if (ts == null) {
                throw error(asOf.point(), SqlException.INVALID_PARAMETER_VALUE, "AS OF TIMESTAMP needs a timestamp");
            }
            scn = manager.scnAt(((java.time.LocalDateTime) ts).toInstant(ZoneOffset.UTC));
        }
        // a session has one transaction at a time, so an AS OF read gets its own session
        Session s = manager.openSession("sql-as-of", "AS OF " + scn);
        asOfResources.add(s);
        try {
            Transaction t = s.beginAsOf(scn);
            asOfResources.add(t);
            return t;
        } catch (TransactionException e) {
            throw new SqlException(e.getMessage(), e.sqlState());
        }
    }

    // ---- access paths

    /**
     * A bound whose value is known only when the plan opens: a {@code ?} parameter, or an
     * expression with one or with a function such as CURRENT_DATE. The planner assumes it will be
     * a usable, non-NULL key value; when it is not, the scan widens ({@link DeferredRanges}).
     */
    private record Deferred(Evaluator value) {
    }

    /** Per column: equality values (an IN list), or a lower and upper bound; values may be {@link Deferred}. */
    private static final class Bounds {
        List<Object> eq;
        Object low;
        boolean lowInclusive;
        Object high;
        boolean highInclusive;
        boolean empty;
    }

    /** A scan of the table, narrowed to a key range of the primary key or a visible index when WHERE allows. */
    public Operators.TableScan scan(TableAccess a, String alias, List<Expr> conjuncts, boolean withKey) {
        return scan(a, alias, conjuncts, withKey, true);
    }

    private Operators.TableScan scan(TableAccess a, String alias, List<Expr> conjuncts, boolean withKey,
            boolean useIndexes) {
        TableInfo t = a.table();
        Map<Integer, Bounds> bounds = new HashMap<>();
        for (Expr c : conjuncts) {
            sargable(c, a, alias, bounds);
        }
        Candidate best = null;
        int bestScore = 0;
        int bestIndex = -1;
        String bestLabel = null;
        if (!t.hasRowId()) {
            Candidate c = candidate(t, t.primaryKey(), bounds, a.keyCodec());
            if (c != null) {
                best = c;
                bestScore = c.score;
                bestLabel = (c.point && c.eqColumns == t.primaryKey().size() ? "Primary Key Lookup on " : "Primary Key Range Scan on ")
                        + t.name() + aliasText(t, alias);
            }
        }
        for (int i = 0; i < a.indexes().size(); i++) {
            IndexInfo idx = a.indexes().get(i);
            if ((!idx.visible() && !useInvisibleIndexes) || !useIndexes) {
                continue;
            }
            Candidate c = candidate(t, idx.columns(), bounds, a.indexCodec(i));
            if (c != null && c.score > bestScore) {
                best = c;
                bestScore = c.score;
                bestIndex = i;
                bestLabel = "Index Scan using " + idx.name() + " on " + t.name() + aliasText(t, alias);
            }
        }
        Operators.TableScan scan;
        io.cairn.sql.internal.catalog.Statistics.TableStats ts = stats.apply(t.name());
        double tableRows = ts == null ? FULL_SCAN_ROWS : Math.max(1, ts.rows());
        if (best == null) {
            scan = new Operators.TableScan(a, -1, List.of(KeyRange.ALL), withKey, "Seq Scan on " + t.name() + aliasText(t, alias));
            scan.estimatedRows = tableRows;
        } else {
            scan = best.deferred != null ? new Operators.TableScan(a, bestIndex, best.deferred, withKey, bestLabel)
                    : new Operators.TableScan(a, bestIndex, best.ranges, withKey, bestLabel);
            List<Integer> keyCols = bestIndex < 0 ? t.primaryKey() : a.indexes().get(bestIndex).columns();
            io.cairn.sql.internal.catalog.Statistics.ColumnStats first = ts == null ? null
                    : ts.columns().get(t.columns().get(keyCols.get(0)).name());
            if (bestLabel.startsWith("Primary Key Lookup") || (bestIndex >= 0 && a.indexes().get(bestIndex).unique()
                    && bestScore >= 2 * keyCols.size())) {
                scan.estimatedRows = best.rangeCount;
            } else if (first != null && first.distinct() > 0 && bestScore >= 2) {
                scan.estimatedRows = Math.max(1, best.rangeCount * tableRows * (1 - first.nullFraction()) / first.distinct());
            } else {
                scan.estimatedRows = Math.max(best.rangeCount, tableRows / 10);
            }
        }
        return scan;
    }

    private static String aliasText(TableInfo t, String alias) {
        return alias == null || alias.equals(t.name()) ? "" : " " + alias;
    }

    private static final class Candidate {
        List<KeyRange> ranges;
        /** Set instead of {@link #ranges} when a bound is {@link Deferred}. */
        DeferredRanges deferred;
        int rangeCount;
        int score;
        int eqColumns;
        boolean point;
    }

    private static final int MAX_RANGES = 1000;

    private static Candidate candidate(TableInfo table, List<Integer> columns, Map<Integer, Bounds> bounds,
            io.cairn.sql.internal.type.KeyCodec codec) {
        List<List<Object>> prefixes = new ArrayList<>();
        prefixes.add(new ArrayList<>());
        int eqColumns = 0;
        Bounds range = null;
        List<List<Object>> eqValues = new ArrayList<>();
        for (int col : columns) {
            Bounds b = bounds.get(col);
            if (b == null) {
                break;
            }
            if (b.empty) {
                Candidate c = new Candidate();
                c.ranges = List.of();
                c.rangeCount = 0;
                c.score = 100;
                c.point = true;
                return c;
            }
            if (b.eq != null) {
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> p : prefixes) {
                    for (Object v : b.eq) {
                        List<Object> q = new ArrayList<>(p);
                        q.add(v);
                        next.add(q);
                    }
                }
                if (next.size() > MAX_RANGES) {
                    break;
                }
                prefixes = next;
                eqValues.add(b.eq);
                eqColumns++;
                continue;
            }
            range = b;
            break;
        }
        if (eqColumns == 0 && range == null) {
            return null;
        }
        try {
            Candidate c = new Candidate();
            boolean deferred = range != null && (range.low instanceof Deferred || range.high instanceof Deferred);
            for (List<Object> values : eqValues) {
                for (Object v : values) {
                    deferred |= v instanceof Deferred;
                }
            }
            if (deferred) {
                List<SqlType> types = new ArrayList<>();
                for (int i = 0; i < eqColumns + (range != null ? 1 : 0); i++) {
                    types.add(table.columns().get(columns.get(i)).type());
                }
                c.deferred = new DeferredRanges(eqValues, range == null ? null : new Object[] {range.low,
                        range.lowInclusive, range.high, range.highInclusive}, types, codec);
                c.rangeCount = prefixes.size();
            } else {
                c.ranges = range == null ? ranges(prefixes, false, null, false, null, false, codec)
                        : ranges(prefixes, true, range.low, range.lowInclusive, range.high, range.highInclusive, codec);
                c.rangeCount = c.ranges.size();
            }
            c.eqColumns = eqColumns;
            c.point = range == null;
            c.score = eqColumns * 2 + (range != null ? 1 : 0);
            return c;
        } catch (SqlException e) {
            return null;
        }
    }

    /**
     * The key ranges of {@code prefixes} (equality values of the leading key columns), each
     * narrowed by the next column's bounds when {@code hasRange}; a null bound is open.
     */
    private static List<KeyRange> ranges(List<List<Object>> prefixes, boolean hasRange, Object lowValue,
            boolean lowInclusive, Object highValue, boolean highInclusive, io.cairn.sql.internal.type.KeyCodec codec)
            throws SqlException {
        List<KeyRange> ranges = new ArrayList<>(prefixes.size());
        Set<String> seen = prefixes.size() > 1 ? new HashSet<>() : null; // IN lists may repeat a value
        for (List<Object> p : prefixes) {
            byte[] prefix = codec.encode(p.toArray());
            if (seen != null && !seen.add(java.util.Arrays.toString(prefix))) {
                continue;
            }
            byte[] from = prefix;
            boolean fromInc = true;
            byte[] to = TableAccess.prefixEnd(prefix);
            if (hasRange) {
                Object[] low = null;
                Object[] high = null;
                if (lowValue != null) {
                    low = append(p, lowValue);
                }
                if (highValue != null) {
                    high = append(p, highValue);
                }
                if (low != null) {
                    byte[] l = codec.encode(low);
                    from = lowInclusive ? l : TableAccess.prefixEnd(l);
                } else if (p.isEmpty()) {
                    // skip NULLs, which sort first and never satisfy a comparison
                    from = TableAccess.prefixEnd(codec.encode(new Object[] {null}));
                } else {
                    from = TableAccess.prefixEnd(codec.encode(append(p, null)));
                }
                if (high != null) {
                    byte[] h = codec.encode(high);
                    to = highInclusive ? TableAccess.prefixEnd(h) : h;
                }
                if (from == null) {
                    continue;
                }
            }
            ranges.add(new KeyRange(from, fromInc, to, false));
        }
        return ranges;
    }

    /**
     * The key ranges of a scan whose bounds include {@link Deferred} values, computed each time
     * the scan opens. A value that is NULL makes the scan empty (the conjunct can never be true);
     * a value that cannot bound this key type exactly (another type, a too-long string) ends the
     * bounds at that column, so the scan reads more and the WHERE filter above it decides.
     */
    static final class DeferredRanges implements Operators.RangeSource {
        private final List<List<Object>> eqValues;
        /** low, lowInclusive, high, highInclusive of the column after the equality columns; null if none. */
        private final Object[] range;
        private final List<SqlType> types;
        private final io.cairn.sql.internal.type.KeyCodec codec;

        DeferredRanges(List<List<Object>> eqValues, Object[] range, List<SqlType> types,
                io.cairn.sql.internal.type.KeyCodec codec) {
            this.eqValues = List.copyOf(eqValues);
            this.range = range;
            this.types = types;
            this.codec = codec;
        }

        private static Object value(Object bound, EvalContext eval) throws SqlException {
            return bound instanceof Deferred d ? d.value().evaluate(new Object[0], eval) : bound;
        }

        @Override
        public List<KeyRange> ranges(EvalContext eval) {
            try {
                return compute(eval);
            } catch (SqlException e) {
                // as when planning with the value: not usable as a bound; the WHERE filter reports it
                return List.of(KeyRange.ALL);
            }
        }

        private List<KeyRange> compute(EvalContext eval) throws SqlException {
            List<List<Object>> prefixes = new ArrayList<>();
            prefixes.add(new ArrayList<>());
            boolean widened = false;
            for (int i = 0; i < eqValues.size() && !widened; i++) {
                List<Object> values = new ArrayList<>();
                for (Object bound : eqValues.get(i)) {
                    Object v = value(bound, eval);
                    if (v == null) {
                        continue; // never equal; an IN list's other values may still match
                    }
                    if (!keyable(types.get(i), v)) {
                        widened = true;
                        break;
                    }
                    values.add(v);
                }
                if (widened) {
                    break;
                }
                if (values.isEmpty()) {
                    return List.of();
                }
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> p : prefixes) {
                    for (Object v : values) {
                        List<Object> q = new ArrayList<>(p);
                        q.add(v);
                        next.add(q);
                    }
                }
                prefixes = next;
            }
            boolean hasRange = !widened && range != null;
            Object low = null;
            Object high = null;
            if (hasRange) {
                SqlType t = types.get(eqValues.size());
                if (range[0] != null) {
                    low = value(range[0], eval);
                    if (low == null) {
                        return List.of();
                    }
                    low = keyable(t, low) ? low : null;
                }
                if (range[2] != null) {
                    high = value(range[2], eval);
                    if (high == null) {
                        return List.of();
                    }
                    high = keyable(t, high) ? high : null;
                }
                hasRange = low != null || high != null;
            }
            if (!hasRange && prefixes.size() == 1 && prefixes.get(0).isEmpty()) {
                return List.of(KeyRange.ALL);
            }
            return Planner.ranges(prefixes, hasRange, low, hasRange && (Boolean) range[1], high,
                    hasRange && (Boolean) range[3], codec);
        }
    }

    private static Object[] append(List<Object> p, Object v) {
        Object[] r = p.toArray(new Object[p.size() + 1]);
        r[p.size()] = v;
        return r;
    }

    private void sargable(Expr c, TableAccess a, String alias, Map<Integer, Bounds> bounds) {
        try {
            if (c instanceof Expr.Binary b) {
                Expr.BinaryOp op = b.op();
                Expr colSide = b.left();
                Expr valSide = b.right();
                if (!(colSide instanceof Expr.ColumnRef)) {
                    colSide = b.right();
                    valSide = b.left();
                    op = flip(op);
                }
                if (op == null || !(colSide instanceof Expr.ColumnRef ref)) {
                    return;
                }
                int col = column(a, alias, ref);
                if (col < 0 || !isConstant(valSide)) {
                    return;
                }
                Object v = bound(valSide);
                Bounds bd = bounds.computeIfAbsent(col, k -> new Bounds());
                if (v == null) {
                    bd.empty = true;
                    return;
                }
                if (!(v instanceof Deferred) && !keyable(a.table().columns().get(col).type(), v)) {
                    if (bd.eq == null && bd.low == null && bd.high == null) {
                        bounds.remove(col);
                    }
                    return;
                }
                switch (op) {
                    case EQ:
                        bd.eq = List.of(v);
                        break;
                    case LT: case LE:
                        if (bd.high == null) {
                            bd.high = v;
                            bd.highInclusive = op == Expr.BinaryOp.LE;
                        }
                        break;
                    case GT: case GE:
                        if (bd.low == null) {
                            bd.low = v;
                            bd.lowInclusive = op == Expr.BinaryOp.GE;
                        }
                        break;
                    default:
                        if (bd.eq == null && bd.low == null && bd.high == null) {
                            bounds.remove(col);
                        }
                }
            } else if (c instanceof Expr.Between bt && !bt.negated() && bt.operand() instanceof Expr.ColumnRef ref) {
                int col = column(a, alias, ref);
                if (col < 0 || !isConstant(bt.low()) || !isConstant(bt.high())) {
                    return;
                }
                Object lo = bound(bt.low());
                Object hi = bound(bt.high());
                SqlType t = a.table().columns().get(col).type();
                Bounds bd = bounds.computeIfAbsent(col, k -> new Bounds());
                if (lo == null || hi == null) {
                    bd.empty = true;
                } else if (keyable(t, lo) && keyable(t, hi) && bd.low == null && bd.high == null) {
                    bd.low = lo;
                    bd.lowInclusive = true;
                    bd.high = hi;
                    bd.highInclusive = true;
                } else if (bd.eq == null && bd.low == null && bd.high == null) {
                    bounds.remove(col);
                }
            } else if (c instanceof Expr.InList in && !in.negated() && in.operand() instanceof Expr.ColumnRef ref) {
                int col = column(a, alias, ref);
                if (col < 0) {
                    return;
                }
                SqlType t = a.table().columns().get(col).type();
                List<Object> values = new ArrayList<>();
                for (Expr e : in.values()) {
                    if (!isConstant(e)) {
                        return;
                    }
                    Object v = bound(e);
                    if (v == null) {
                        continue;
                    }
                    if (!keyable(t, v)) {
                        return;
                    }
                    values.add(v);
                }
                Bounds bd = bounds.computeIfAbsent(col, k -> new Bounds());
                if (values.isEmpty()) {
                    bd.empty = true;
                } else if (bd.eq == null) {
                    bd.eq = values;
                }
            }
        } catch (SqlException e) {
            // not usable for an index: the filter evaluates (and reports) it
        }
    }

    /**
     * A constant key bound: its value now if it is made of literals only, else a {@link Deferred}
     * evaluated when the plan opens, so the plan holds no parameter value or statement time.
     */
    private Object bound(Expr e) throws SqlException {
        if (isLiteral(e)) {
            return constant(e);
        }
        return new Deferred(ExpressionCompiler.compile(e, ColumnResolver.NONE));
    }

    /** Whether the expression is made of literals, operators and casts only (its value never changes). */
    static boolean isLiteral(Expr e) {
        boolean[] ok = {true};
        AstWalker.walk(e, true, x -> {
            if (!(x instanceof Expr.Literal || x instanceof Expr.Unary || x instanceof Expr.Binary
                    || x instanceof Expr.Cast)) {
                ok[0] = false;
            }
        });
        return ok[0];
    }

    /** Whether a constant can bound a key of this column type without changing the comparison; a {@link Deferred} value is assumed to. */
    private static boolean keyable(SqlType column, Object v) {
        if (v instanceof Deferred) {
            return true;
        }
        SqlType.Kind vk = Values.kindOf(v);
        switch (column.kind()) {
            case INT:
                return (vk == SqlType.Kind.INT) || (vk == SqlType.Kind.BIGINT && (long) v == (int) (long) v);
            case BIGINT:
                return vk == SqlType.Kind.INT || vk == SqlType.Kind.BIGINT;
            case VARCHAR:
                return vk == SqlType.Kind.VARCHAR && (!column.hasLength() || ((String) v).codePointCount(0, ((String) v).length()) <= column.length());
            case DATE:
            case TIMESTAMP:
            case BOOLEAN:
                return vk == column.kind();
            default:
                return false;
        }
    }

    private static Expr.BinaryOp flip(Expr.BinaryOp op) {
        switch (op) {
            case EQ: return Expr.BinaryOp.EQ;
            case LT: return Expr.BinaryOp.GT;
            case LE: return Expr.BinaryOp.GE;
            case GT: return Expr.BinaryOp.LT;
            case GE: return Expr.BinaryOp.LE;
            default: return null;
        }
    }

    private static int column(TableAccess a, String alias, Expr.ColumnRef ref) {
        if (ref.table() != null && !ref.table().equals(alias)) {
            return -1;
        }
        return a.table().columnIndex(ref.column());
    }

    private static boolean isConstant(Expr e) {
        boolean[] ok = {true};
        AstWalker.walk(e, true, x -> {
            if (x instanceof Expr.ColumnRef || x instanceof Expr.ScalarSubquery || x instanceof Expr.InSubquery
                    || x instanceof Expr.Exists || (x instanceof Expr.FunctionCall f && f.isAggregate())) {
                ok[0] = false;
            }
        });
        return ok[0];
    }

    // ---- subqueries

    Evaluator subquery(Expr e, Scope scope) throws SqlException {
        cacheable = false;
        Scope.Marker marker = new Scope.Marker();
        Query q = e instanceof Expr.ScalarSubquery s ? s.query()
                : e instanceof Expr.InSubquery in ? in.query() : ((Expr.Exists) e).query();
        Planned p = planQuery(q, scope, marker);
        if (!(e instanceof Expr.Exists) && p.names().size() != 1) {
            throw error(e, SqlException.SYNTAX_ERROR, "subquery must return only one column");
        }
        Evaluator operand = e instanceof Expr.InSubquery in ? ExpressionCompiler.compile(in.operand(), scope) : null;
        return new SubqueryEval(this, e, p, scope, marker, operand);
    }

    static SqlException error(Expr e, String state, String message) {
        return error(e.pos(), state, message);
    }

    static SqlException error(io.cairn.sql.internal.parser.SourcePos pos, String state, String message) {
        return pos == null ? new SqlException(message, state) : new SqlException(message, state, pos.line(), pos.column());
    }

    /** Reads column {@code index} of the row. */
    record ColumnAt(int index, SqlType type) implements Evaluator {
        @Override
        public Object evaluate(Object[] row, EvalContext context) {
            return row[index];
        }
    }
}
