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
    // made when first needed: a statement whose plan comes from the plan cache builds a planner it rarely uses
    private Map<String, TableAccess> accesses;
    private List<AutoCloseable> asOfResources;
    private ExecContext exec;
    private boolean useInvisibleIndexes;
    private java.util.function.Function<String, io.cairn.sql.internal.catalog.Statistics.TableStats> stats = t -> null;

    private java.util.function.Function<String, io.cairn.sql.SystemView> systemViews = name -> null;
    private java.util.function.Function<String, io.cairn.sql.SqlTableFunction> tableFunctions = name -> null;
    private java.util.function.Supplier<? extends io.cairn.sql.SystemViewContext> viewContext;
    private AccessSource accessSource;
    /** Set once a histogram estimate used a hidden literal's value: the plan is chosen for these values. */
    private boolean peekedAtLiterals;

    /**
     * Whether a cost estimate looked at the value of a hidden literal (one a shared plan reads by
     * slot) in a histogram: the plan is still right for any value, but was chosen for this one,
     * so the engine keeps it for this text only (CATALOG.md, "Plan cache").
     */
    public boolean peekedAtLiterals() {
        return peekedAtLiterals;
    }

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
     * statement time, AS OF transaction, system view or table function rows, plugin function, or
     * subquery (whose result is kept per execution), and their LIMIT/OFFSET are literals.
     */
    public boolean cacheable() {
        return cacheable;
    }

    /** Column names the query being planned uses anywhere (null: all of them), for index-only scans. */
    private Set<String> neededColumns;
    /** How to read a planned table scan again ordered on one of its output columns (null if it cannot be). */
    private Map<Operators.TableScan, java.util.function.IntFunction<Operators.TableScan>> orderedAlternatives;

    /** The ORDER BY the next single-table scan may deliver, and its LIMIT + OFFSET (-1: none). */
    private List<OrderColumn> wantedOrder;
    private long wantedRows = -1;

    /** An ORDER BY item that names a column of the one table in FROM (physical position). */
    private record OrderColumn(int column, boolean descending, boolean nullsFirst) {
    }

    /**
     * Where FROM names that are not catalog tables, and table functions {@code name(args)}, are
     * looked up, and the context their rows get (made when a plan first reads a view).
     */
    public void useSystemViews(java.util.function.Function<String, io.cairn.sql.SystemView> views,
            java.util.function.Function<String, io.cairn.sql.SqlTableFunction> functions,
            java.util.function.Supplier<? extends io.cairn.sql.SystemViewContext> context) {
        this.systemViews = views;
        this.tableFunctions = functions;
        this.viewContext = context;
    }

    /** The catalog this planner resolves tables against (the statement's snapshot of it). */
    public Catalog catalog() {
        return catalog;
    }

    public Planner(Catalog catalog, TransactionManager manager, EvalContext eval) {
        this.catalog = catalog;
        this.manager = manager;
        this.eval = eval;
    }

    private java.util.function.Function<String, io.cairn.sql.SqlFunction> functions = name -> null;

    /** Where expressions find the scalar functions plugins registered. */
    public void useFunctions(java.util.function.Function<String, io.cairn.sql.SqlFunction> source) {
        this.functions = source;
    }

    io.cairn.sql.SqlFunction function(String name) {
        io.cairn.sql.SqlFunction fn = functions.apply(name);
        if (fn != null) {
            // the plan would hold this registration, which its plugin may withdraw or replace
            // without moving the catalog version
            cacheable = false;
        }
        return fn;
    }

    /** Lets the planner use invisible indexes too (the session's optimizer_use_invisible_indexes). */
    public void useInvisibleIndexes(boolean use) {
        this.useInvisibleIndexes = use;
    }

    private java.util.Set<String> skippedIndexTrees = java.util.Set.of();

    /** Indexes (by tree) this statement must not read: built by its SNAPSHOT transaction from newer rows. */
    public void skipIndexTrees(java.util.Set<String> trees) {
        this.skippedIndexTrees = trees;
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

    /**
     * Ends the AS OF transactions this statement opened and deletes any temp file its sorts and
     * hash tables left (the statement ended, failed or was cancelled).
     */
    public void close() {
        for (int i = asOfResources == null ? -1 : asOfResources.size() - 1; i >= 0; i--) {
            try {
                asOfResources.get(i).close();
            } catch (Exception e) {
                // closing a read-only snapshot cannot lose anything
            }
        }
        if (asOfResources != null) {
            asOfResources.clear();
        }
        if (exec != null) {
            exec.closeTempFiles();
        }
    }

    public TableAccess access(String table) throws SqlException {
        if (accesses == null) {
            accesses = new HashMap<>();
        }
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
        neededColumns = ColumnUse.names(q);
        try {
            return planQuery(q, null, null);
        } finally {
            neededColumns = null;
        }
    }

    Planned planQuery(Query q, Scope outer, Scope.Marker marker) throws SqlException {
        Planned p;
        if (q.body() instanceof Query.Select s) {
            wantedRows = -1;
            if (q.limit() != null && q.offset() == null || q.limit() != null && q.offset() instanceof Expr.Literal) {
                try {
                    long limit = count(q.limit(), "LIMIT");
                    long offset = q.offset() == null ? 0 : count(q.offset(), "OFFSET");
                    wantedRows = limit < 0 ? -1 : limit + offset;
                } catch (SqlException e) {
                    wantedRows = -1; // reported when the LIMIT is planned below
                }
            }
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
                wantedOrder = s.from().size() == 1 ? orderColumns(s, orderBy) : null;
                for (Query.TableRef ref : s.from()) {
                    // WHERE conjuncts narrow every table's scan: the ones an index can use are
                    // null-rejecting, so pushing them below a LEFT JOIN does not change its result
                    items.add(planFrom(ref, conjuncts, outer, marker));
                    wantedOrder = null;
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
        boolean presorted = s.from().size() == 1 && from.op() instanceof Operators.TableScan scan && scan.deliversOrder();
        if (!keys.isEmpty() && !presorted) {
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
            } else {
                List<Expr> where = List.copyOf(conjuncts);
                if (orderedAlternatives == null) {
                    orderedAlternatives = new java.util.IdentityHashMap<>();
                }
                orderedAlternatives.put(scan, column -> {
                    // the same table read in the order of one column, for a merge join
                    List<OrderColumn> savedOrder = wantedOrder;
                    long savedRows = wantedRows;
                    wantedOrder = List.of(new OrderColumn(a.visible()[column], false, true));
                    wantedRows = -1; // a join reads all of it, whatever the query's LIMIT
                    try {
                        Operators.TableScan ordered = scan(a, alias, where, false, true);
                        return ordered.deliversOrder() ? ordered : null;
                    } finally {
                        wantedOrder = savedOrder;
                        wantedRows = savedRows;
                    }
                });
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
        return materialize("table function " + f.name(), alias, fn.columns(), fn.rows(viewContext.get(), args));
    }

    /** The most FROM items whose join order the planner chooses; longer lists join as written. */
    static final int MAX_REORDERED = 6;

    /**
     * The order to join the comma-separated FROM items in (indexes into {@code items}): left-deep,
     * found by dynamic programming over the subsets of the items (at most 2^6 of them). A plan's
     * cost is the sum of its intermediate results' estimated rows and of the rows of every item
     * joined after the first (hashed or scanned again), so both big intermediate results and big
     * build sides count. A join's rows are the product of its inputs' times, for each WHERE
     * {@code column = column} conjunct between them, 1 / the larger of the two columns' distinct
     * counts (from ANALYZE, at most the item's estimated rows; without statistics the item's rows,
     * as for a key). An item no such conjunct connects is only joined (as a cross product) when
     * no connected one is left. Ties keep the written order. Explicit JOIN ... ON trees (LEFT joins
     * included) are single items and keep their own order; all joins between items are inner or
     * cross, and the whole WHERE is still evaluated above them, so any order returns the same rows.
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
        double[] rows = new double[n];
        for (int i = 0; i < n; i++) {
            rows[i] = Math.max(1, items.get(i).op().estimatedRows);
        }
        List<double[]> edges = joinEdges(items, conjuncts, rows); // {item a, item b, selectivity}
        int subsets = 1 << n;
        double[] cost = new double[subsets];
        double[] card = new double[subsets];
        int[] lastItem = new int[subsets];
        java.util.Arrays.fill(cost, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            cost[1 << i] = 0;
            card[1 << i] = rows[i];
            lastItem[1 << i] = i;
        }
        for (int mask = 1; mask < subsets; mask++) {
            if (cost[mask] == Double.POSITIVE_INFINITY || mask == subsets - 1) {
                continue;
            }
            boolean anyConnected = false;
            for (int j = 0; j < n && !anyConnected; j++) {
                anyConnected = (mask & 1 << j) == 0 && selectivity(edges, mask, j) < 1.5;
            }
            for (int j = 0; j < n; j++) {
                if ((mask & 1 << j) != 0) {
                    continue;
                }
                double sel = selectivity(edges, mask, j);
                boolean connected = sel < 1.5;
                if (anyConnected && !connected) {
                    continue;
                }
                double joined = card[mask] * rows[j] * (connected ? sel : 1);
                double c = cost[mask] + joined + rows[j];
                int next = mask | 1 << j;
                if (c < cost[next] * (1 - 1e-9)) {
                    cost[next] = c;
                    card[next] = joined;
                    lastItem[next] = j;
                }
            }
        }
        for (int mask = subsets - 1; mask != 0; mask &= ~(1 << lastItem[mask])) {
            order.add(0, lastItem[mask]);
        }
        return order;
    }

    /**
     * The selectivity of the conjuncts joining item {@code j} to the items of {@code mask}: the
     * product of theirs, or 2 (a marker above any selectivity) when none connects them.
     */
    private static double selectivity(List<double[]> edges, int mask, int j) {
        double sel = 2;
        for (double[] e : edges) {
            int a = (int) e[0];
            int b = (int) e[1];
            if (a == j && (mask & 1 << b) != 0 || b == j && (mask & 1 << a) != 0) {
                sel = (sel > 1 ? 1 : sel) * e[2];
            }
        }
        return sel;
    }

    /** The WHERE {@code column = column} conjuncts between two items, with their selectivities. */
    private List<double[]> joinEdges(List<From> items, List<Expr> conjuncts, double[] rows) {
        List<double[]> edges = new ArrayList<>();
        for (Expr c : conjuncts) {
            if (!(c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ && b.left() instanceof Expr.ColumnRef x
                    && b.right() instanceof Expr.ColumnRef y)) {
                continue;
            }
            int xi = owner(items, x);
            int yi = owner(items, y);
            if (xi < 0 || yi < 0 || xi == yi) {
                continue;
            }
            double dx = distinct(items.get(xi), x, rows[xi]);
            double dy = distinct(items.get(yi), y, rows[yi]);
            edges.add(new double[] {xi, yi, 1 / Math.max(1, Math.max(dx, dy))});
        }
        return edges;
    }

    /** The one item a column reference names, or -1 (none, or ambiguous). */
    private int owner(List<From> items, Expr.ColumnRef c) {
        int found = -1;
        for (int i = 0; i < items.size(); i++) {
            if (safeResolve(new Scope(this, items.get(i).entries(), null, null), c) != null) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    /** A join column's distinct values: ANALYZE's count for a table column, at most the item's rows. */
    private double distinct(From item, Expr.ColumnRef c, double rows) {
        if (item.op() instanceof Operators.TableScan scan) {
            ColumnResolver.Column col = safeResolve(new Scope(this, item.entries(), null, null), c);
            io.cairn.sql.internal.catalog.Statistics.TableStats ts = stats.apply(scan.access().table().name());
            io.cairn.sql.internal.catalog.Statistics.ColumnStats cs = ts == null || col == null ? null
                    : ts.columns().get(item.entries().get(col.index()).name());
            if (cs != null && cs.distinct() > 0) {
                return Math.min(rows, cs.distinct());
            }
        }
        return rows;
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
        return materialize("system view " + n.name(), alias, view.columns(), view.rows(viewContext.get()));
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
        // planning with a statement: past the memory bound the rows go to a temp file
        io.cairn.sql.internal.exec.RowBuffer buffer = exec == null ? null : new io.cairn.sql.internal.exec.RowBuffer(exec);
        long count = 0;
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
                count++;
                if (buffer != null) {
                    exec.tick();
                    buffer.add(row);
                } else {
                    rows.add(row);
                }
            }
        }
        if (buffer != null) {
            buffer.finish();
            return new From(new Operators.BufferedRows(buffer, count), entries);
        }
        return new From(new Operators.ValuesOp(rows), entries);
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
        Operator merge = leftJoin ? null : mergeJoin(conj, l, r, lk, rk, residualScope);
        if (merge != null) {
            return merge;
        }
        Operator op = new Operators.HashJoin(l.op(), r.op(), leftJoin,
                lk.toArray(new Evaluator[0]), rk.toArray(new Evaluator[0]), res, r.entries().size());
        op.estimatedRows = Math.max(l.op().estimatedRows, r.op().estimatedRows);
        return op;
    }

    /** Relative cost per row of hashing a join's build side and keeping it in memory. */
    static final double HASH_BUILD_COST = 1.0;

    /**
     * A merge join when both inputs are scans ordered on the columns of one {@code column = column}
     * pair: it costs a pass over each (left + right rows), a hash join the same plus building a
     * hash table of the right side (right rows x {@value #HASH_BUILD_COST}), so it wins whenever the
     * order is there. Key types must order the same way in keys and in SQL (no DOUBLE, whose keys
     * tell -0.0 from 0.0). Null if no pair qualifies. The other conditions are checked per pair: the
     * whole ON condition, or for WHERE joins the WHERE filter above.
     */
    private Operator mergeJoin(List<Expr> conj, From l, From r, List<Evaluator> lk, List<Evaluator> rk,
            Scope residualScope) throws SqlException {
        if (!(l.op() instanceof Operators.TableScan ls) || !(r.op() instanceof Operators.TableScan rs)) {
            return null;
        }
        double hashCost = ls.estimatedCost + rs.estimatedCost + ls.estimatedRows + rs.estimatedRows * (1 + HASH_BUILD_COST);
        Operators.TableScan bestL = null;
        Operators.TableScan bestR = null;
        int bestPair = -1;
        double bestCost = hashCost;
        for (int i = 0; i < lk.size(); i++) {
            ColumnAt a = (ColumnAt) lk.get(i);
            ColumnAt b = (ColumnAt) rk.get(i);
            if (!mergeable(a.type(), b.type())) {
                continue;
            }
            // each side as planned if it is in the join column's order, else read again in that order
            Operators.TableScan ol = ls.orderedBy() == a.index() ? ls : reordered(ls, a.index());
            Operators.TableScan or = rs.orderedBy() == b.index() ? rs : reordered(rs, b.index());
            if (ol == null || or == null) {
                continue;
            }
            double cost = ol.estimatedCost + or.estimatedCost + ol.estimatedRows + or.estimatedRows;
            if (cost <= bestCost) { // a tie goes to the merge join: it keeps no hash table
                bestCost = cost;
                bestL = ol;
                bestR = or;
                bestPair = i;
            }
        }
        if (bestPair < 0) {
            return null;
        }
        Evaluator res = null;
        if (residualScope != null) {
            Expr all = null;
            for (Expr c : conj) {
                all = all == null ? c : new Expr.Binary(c.pos(), Expr.BinaryOp.AND, all, c);
            }
            res = boolCondition(all, residualScope, "JOIN/ON");
        }
        Operator op = new Operators.MergeJoin(bestL, bestR, ((ColumnAt) lk.get(bestPair)).index(),
                ((ColumnAt) rk.get(bestPair)).index(), res);
        op.estimatedRows = Math.max(bestL.estimatedRows, bestR.estimatedRows);
        return op;
    }

    /** The scan read again ordered on output column {@code column}, or null if no key gives that order. */
    private Operators.TableScan reordered(Operators.TableScan scan, int column) {
        java.util.function.IntFunction<Operators.TableScan> alternative =
                orderedAlternatives == null ? null : orderedAlternatives.get(scan);
        Operators.TableScan ordered = alternative == null ? null : alternative.apply(column);
        return ordered != null && ordered.orderedBy() == column ? ordered : null;
    }

    private static boolean mergeable(SqlType a, SqlType b) {
        java.util.Set<SqlType.Kind> integral = java.util.EnumSet.of(SqlType.Kind.INT, SqlType.Kind.BIGINT);
        if (integral.contains(a.kind()) && integral.contains(b.kind())) {
            return true;
        }
        return a.kind() == b.kind() && a.kind() != SqlType.Kind.DOUBLE && a.kind() != SqlType.Kind.BLOB;
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
        if (asOfResources == null) {
            asOfResources = new ArrayList<>();
        }
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
    private record Deferred(Evaluator value, Object peek) {
        /** No value to look at: a parameter or an expression. */
        static final Object NONE = new Object();
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

    /** Relative costs of reading: a table row in key order, an index entry, a row fetched by primary key, a range seek. */
    static final double ROW_COST = 1.0;
    static final double ENTRY_COST = 0.5;
    static final double FETCH_COST = 3.0;
    static final double SEEK_COST = 2.0;

    /** One way to read a table: the key ranges of the primary key ({@code index} -1) or of an index. */
    private static final class Path {
        int index;
        List<KeyRange> ranges;
        /** Set instead of {@link #ranges} when a key bound is known only when the plan opens. */
        DeferredRanges deferred;
        int score;
        boolean ordered;
        boolean indexOnly;
        double rows;
        double cost;
        String label;
    }

    /** Relative cost of a sort, per row and per doubling of the rows (or of a Top-N heap's size). */
    static final double SORT_COST = 0.2;

    private Operators.TableScan scan(TableAccess a, String alias, List<Expr> conjuncts, boolean withKey,
            boolean useIndexes) {
        TableInfo t = a.table();
        Map<Integer, Bounds> bounds = new HashMap<>();
        for (Expr c : conjuncts) {
            sargable(c, a, alias, bounds);
        }
        io.cairn.sql.internal.catalog.Statistics.TableStats ts = stats.apply(t.name());
        double tableRows = ts == null ? FULL_SCAN_ROWS : Math.max(1, ts.rows());
        List<OrderColumn> order = withKey ? null : wantedOrder;
        List<Path> paths = new ArrayList<>();
        Path seq = new Path();
        seq.index = -1;
        seq.ranges = List.of(KeyRange.ALL);
        seq.rows = tableRows;
        seq.cost = tableRows * ROW_COST + SEEK_COST;
        seq.label = "Seq Scan on " + t.name() + aliasText(t, alias);
        paths.add(seq);
        if (!t.hasRowId()) {
            seq.ordered = delivers(a, t.primaryKey(), null, null, order);
            Candidate c = candidate(t, t.primaryKey(), null, bounds, a.keyCodec());
            if (c != null) {
                Path p = new Path();
                p.index = -1;
                p.ranges = c.ranges;
                p.deferred = c.deferred;
                p.score = c.score;
                p.rows = estimate(a, t.primaryKey(), bounds, c, ts, tableRows, true);
                p.cost = p.rows * ROW_COST + c.rangeCount * SEEK_COST;
                p.label = (c.point && c.eqColumns == t.primaryKey().size() ? "Primary Key Lookup on " : "Primary Key Range Scan on ")
                        + t.name() + aliasText(t, alias);
                // a deferred candidate with one range at most (no IN list) opens to one range at
                // most, in key order whatever the values: widening keeps the order, the filter the rows
                p.ordered = c.rangeCount <= 1 && delivers(a, t.primaryKey(), null, c, order);
                paths.add(p);
            }
        }
        for (int i = 0; useIndexes && i < a.indexes().size(); i++) {
            IndexInfo idx = a.indexes().get(i);
            if ((!idx.visible() && !useInvisibleIndexes) || skippedIndexTrees.contains(idx.tree())) {
                continue;
            }
            boolean covers = !withKey && covers(a, idx);
            Candidate c = candidate(t, idx.columns(), idx.descending(), bounds, a.indexCodec(i));
            boolean ordered = (c == null || c.rangeCount <= 1) && delivers(a, idx.columns(), idx.descending(), c, order);
            Path p = new Path();
            p.index = i;
            p.indexOnly = covers;
            p.ordered = ordered;
            if (c != null) {
                p.ranges = c.ranges;
                p.deferred = c.deferred;
                p.score = c.score;
                p.rows = estimate(a, idx.columns(), bounds, c, ts, tableRows, idx.unique());
                p.cost = p.rows * (ENTRY_COST + (covers ? 0 : FETCH_COST)) + c.rangeCount * SEEK_COST;
            } else if (covers || ordered) {
                p.ranges = List.of(KeyRange.ALL); // the whole index instead of the whole table
                p.rows = tableRows;
                p.cost = tableRows * (ENTRY_COST + (covers ? 0 : FETCH_COST)) + SEEK_COST;
            } else {
                continue;
            }
            p.label = (covers ? "Index Only Scan using " : "Index Scan using ") + idx.name() + " on " + t.name() + aliasText(t, alias);
            paths.add(p);
        }
        Path best = null;
        int bestScore = 0;
        for (Path p : paths) {
            bestScore = Math.max(bestScore, p.score);
        }
        for (Path p : paths) {
            // without statistics the most selective-looking key wins (rule-based) and cost only
            // breaks ties; with them, the cheapest path including any sort the ORDER BY then needs
            if (ts == null && p.score < bestScore) {
                continue;
            }
            if (best == null || total(p, order) < total(best, order)) {
                best = p;
            }
        }
        Operators.TableScan scan;
        if (best.deferred != null) {
            scan = new Operators.TableScan(a, best.index, best.deferred, withKey, best.label);
        } else {
            List<KeyRange> ranges = best.ordered ? nullsInOrder(a, best, order) : best.ranges;
            scan = new Operators.TableScan(a, best.index, ranges, withKey, best.label);
        }
        scan.estimatedCost = total(best, order);
        if (best.indexOnly) {
            scan.indexOnly();
        } else if (!withKey && neededColumns != null) {
            // a query's rows: the columns it never names are not decoded (DML reads whole rows)
            scan.decodeOnly(a.physicalColumns(neededColumns));
        }
        if (best.ordered && order != null && !order.isEmpty()) {
            scan.deliverOrder();
        }
        scan.estimatedRows = best.rows;
        return scan;
    }

    /** A path's cost plus, for a wanted ORDER BY it does not deliver, a sort; delivered with a LIMIT, only the first rows. */
    private double total(Path p, List<OrderColumn> order) {
        if (order == null || order.isEmpty()) {
            return p.cost;
        }
        if (p.ordered) {
            return wantedRows < 0 ? p.cost : p.cost * Math.min(1, (wantedRows + 1) / Math.max(1, p.rows));
        }
        double heap = wantedRows < 0 ? p.rows : Math.min(p.rows, wantedRows + 1);
        return p.cost + p.rows * SORT_COST * (Math.log(heap + 1) / Math.log(2));
    }

    /**
     * Whether reading this key (all of it, or the candidate's one range) returns rows in the
     * wanted ORDER BY: its items name the key's first columns in order with the key's directions,
     * and NULLs fall where they are wanted (an ascending key holds NULLs first, a descending one
     * last) or cannot occur: a NOT NULL column, a first column the range bounds, or a first column
     * whose NULL entries {@link #nullsInOrder} reads before or after the others.
     */
    private static boolean delivers(TableAccess a, List<Integer> key, List<Boolean> descending, Candidate c,
            List<OrderColumn> order) {
        if (order == null || order.isEmpty() || order.size() > key.size()) {
            return false;
        }
        for (int k = 0; k < order.size(); k++) {
            OrderColumn o = order.get(k);
            boolean desc = descending != null && descending.get(k);
            if (o.column() != key.get(k) || o.descending() != desc) {
                return false;
            }
            io.cairn.sql.internal.catalog.ColumnInfo ci = a.table().columns().get(o.column());
            boolean notNull = ci.notNull() || a.table().primaryKey().contains(o.column()) && !a.table().hasRowId();
            boolean nullsFirstInKey = !desc;
            if (o.nullsFirst() != nullsFirstInKey && !notNull && !(k == 0 && (c == null || c.eqColumns + (c.point ? 0 : 1) > 0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ranges of an ordered path, with a whole first key column's NULL entries read before the
     * others (NULLS FIRST on an ascending key) or after them (NULLS LAST on a descending key)
     * when the ORDER BY wants them there.
     */
    private List<KeyRange> nullsInOrder(TableAccess a, Path p, List<OrderColumn> order) {
        if (order == null || order.isEmpty() || p.score > 0 || p.ranges.size() != 1 || p.ranges.get(0) != KeyRange.ALL) {
            return p.ranges;
        }
        boolean desc = p.index >= 0 && a.indexes().get(p.index).descending(0);
        int first = order.get(0).column();
        boolean notNull = a.table().columns().get(first).notNull() || !a.table().hasRowId() && a.table().primaryKey().contains(first);
        if (order.get(0).nullsFirst() == !desc || notNull) {
            return p.ranges;
        }
        try {
            byte[] nul = (p.index < 0 ? a.keyCodec() : a.indexCodec(p.index)).encode(new Object[] {null});
            byte[] afterNul = TableAccess.prefixEnd(nul);
            KeyRange nulls = new KeyRange(nul, true, afterNul, false);
            return desc ? List.of(new KeyRange(nul, true, null, false), new KeyRange(null, true, nul, false))
                    : List.of(new KeyRange(afterNul, true, null, false), nulls);
        } catch (SqlException e) {
            return p.ranges;
        }
    }

    /**
     * The ORDER BY of a single-table SELECT as columns of that table, or null when some item is
     * not a plain column (an expression, an alias of one) or the query groups, aggregates or is
     * DISTINCT (its rows are then not the scan's).
     */
    private List<OrderColumn> orderColumns(Query.Select s, List<Query.OrderItem> orderBy) {
        if (orderBy.isEmpty() || s.distinct() || !s.groupBy().isEmpty() || s.having() != null
                || !(s.from().get(0) instanceof Query.NamedTable n) || n.asOf() != null) {
            return null;
        }
        List<Expr.FunctionCall> aggs = new ArrayList<>();
        for (Query.SelectItem item : s.items()) {
            if (item instanceof Query.ExprItem e) {
                collectAggregates(e.expr(), aggs);
            }
        }
        for (Query.OrderItem o : orderBy) {
            collectAggregates(o.expr(), aggs);
        }
        TableInfo t = catalog.findTable(n.name());
        if (!aggs.isEmpty() || t == null) {
            return null;
        }
        String alias = n.alias() != null ? n.alias() : n.name();
        List<OrderColumn> cols = new ArrayList<>();
        for (Query.OrderItem o : orderBy) {
            Expr e = o.expr();
            if (e instanceof Expr.Literal lit && (lit.value() instanceof Integer || lit.value() instanceof Long)) {
                long k = ((Number) lit.value()).longValue();
                if (k < 1 || k > s.items().size() || !(s.items().get((int) k - 1) instanceof Query.ExprItem item)) {
                    return null;
                }
                e = item.expr();
            } else if (e instanceof Expr.ColumnRef c && c.table() == null) {
                for (Query.SelectItem i : s.items()) {
                    if (i instanceof Query.ExprItem item && c.column().equals(item.alias())) {
                        e = item.expr();
                        break;
                    }
                }
            }
            if (!(e instanceof Expr.ColumnRef c) || c.table() != null && !c.table().equals(alias)) {
                return null;
            }
            int col = t.columnIndex(c.column());
            if (col < 0) {
                return null;
            }
            boolean nullsFirst = o.nulls() == Query.NullOrder.DEFAULT ? o.descending() : o.nulls() == Query.NullOrder.FIRST;
            cols.add(new OrderColumn(col, o.descending(), nullsFirst));
        }
        return cols;
    }

    /** The rows a key range candidate reads: from the histograms of its columns when ANALYZE made them. */
    private double estimate(TableAccess a, List<Integer> keyCols, Map<Integer, Bounds> bounds, Candidate c,
            io.cairn.sql.internal.catalog.Statistics.TableStats ts, double tableRows, boolean unique) {
        TableInfo t = a.table();
        if (c.rangeCount == 0) {
            return 0;
        }
        if (c.point && c.eqColumns == keyCols.size() && unique) {
            return c.rangeCount;
        }
        io.cairn.sql.internal.catalog.Statistics.ColumnStats first = ts == null ? null
                : ts.columns().get(t.columns().get(keyCols.get(0)).name());
        if (first == null) {
            return Math.max(c.rangeCount, tableRows / 10);
        }
        double fraction = 1;
        int used = c.eqColumns + (c.point ? 0 : 1);
        for (int k = 0; k < used && k < keyCols.size(); k++) {
            int col = keyCols.get(k);
            Bounds b = bounds.get(col);
            io.cairn.sql.internal.catalog.Statistics.ColumnStats cs = ts.columns().get(t.columns().get(col).name());
            if (b == null || cs == null) {
                fraction *= Selectivity.DEFAULT_RANGE;
                continue;
            }
            SqlType type = t.columns().get(col).type();
            if (k < c.eqColumns) {
                double sum = 0;
                for (Object v : b.eq) {
                    // a value known only when the plan opens: the average share of one value
                    Object known = peek(v, type);
                    sum += known instanceof Deferred ? Selectivity.averageEqual(cs) : Selectivity.equal(cs, type, ts.rows(), known);
                }
                fraction *= Math.min(1, sum);
            } else if (peek(b.low, type) instanceof Deferred || peek(b.high, type) instanceof Deferred) {
                fraction *= Selectivity.defaultRange(cs, b.low != null && b.high != null);
            } else {
                fraction *= Selectivity.range(cs, type, ts.rows(), peek(b.low, type), b.lowInclusive, peek(b.high, type),
                        b.highInclusive);
            }
        }
        return Math.max(1, fraction * tableRows);
    }

    /**
     * A bound's value for an estimate: a hidden literal's value of this execution (noted, see
     * {@link #peekedAtLiterals}) if it can bound the column, else the bound as it is.
     */
    private Object peek(Object bound, SqlType type) {
        if (bound instanceof Deferred d && d.peek() != Deferred.NONE && keyable(type, d.peek())) {
            peekedAtLiterals = true;
            return d.peek();
        }
        return bound;
    }

    /**
     * Whether the index entries alone hold every column the statement uses of this table: the
     * index columns and the primary key they carry. DOUBLE and unscaled DECIMAL columns do not
     * count, because their keys normalize -0.0 and trailing zeros that the row keeps.
     */
    private boolean covers(TableAccess a, IndexInfo idx) {
        if (neededColumns == null) {
            return false;
        }
        TableInfo t = a.table();
        Set<Integer> carried = new HashSet<>(idx.columns());
        if (!t.hasRowId()) {
            carried.addAll(t.primaryKey());
        }
        for (int p : a.visible()) {
            io.cairn.sql.internal.catalog.ColumnInfo ci = t.columns().get(p);
            if (!neededColumns.contains(ci.name())) {
                continue;
            }
            SqlType.Kind k = ci.type().kind();
            if (!carried.contains(p) || k == SqlType.Kind.DOUBLE || k == SqlType.Kind.DECIMAL && !ci.type().hasPrecision()) {
                return false;
            }
        }
        return true;
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

    /** {@code descending} gives each key column's direction (null: all ascending). */
    private static Candidate candidate(TableInfo table, List<Integer> columns, List<Boolean> descending,
            Map<Integer, Bounds> bounds, io.cairn.sql.internal.type.KeyCodec codec) {
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
            boolean rangeDescending = range != null && descending != null && descending.get(eqColumns);
            if (deferred) {
                List<SqlType> types = new ArrayList<>();
                for (int i = 0; i < eqColumns + (range != null ? 1 : 0); i++) {
                    types.add(table.columns().get(columns.get(i)).type());
                }
                c.deferred = new DeferredRanges(eqValues, range == null ? null : new Object[] {range.low,
                        range.lowInclusive, range.high, range.highInclusive}, rangeDescending, types, codec);
                c.rangeCount = prefixes.size(); // the most it opens to: NULLs, repeats and widening only drop some
            } else {
                c.ranges = range == null ? ranges(prefixes, false, null, false, null, false, false, codec)
                        : ranges(prefixes, true, range.low, range.lowInclusive, range.high, range.highInclusive,
                                rangeDescending, codec);
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
     * narrowed by the next column's bounds when {@code hasRange}; a null bound is open. On a
     * {@code descending} column larger values come first and NULLs after every value.
     */
    private static List<KeyRange> ranges(List<List<Object>> prefixes, boolean hasRange, Object lowValue,
            boolean lowInclusive, Object highValue, boolean highInclusive, boolean descending,
            io.cairn.sql.internal.type.KeyCodec codec) throws SqlException {
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
            if (hasRange && descending) {
                if (highValue != null) {
                    byte[] h = codec.encode(append(p, highValue));
                    from = highInclusive ? h : TableAccess.prefixEnd(h);
                }
                if (lowValue != null) {
                    byte[] l = codec.encode(append(p, lowValue));
                    to = lowInclusive ? TableAccess.prefixEnd(l) : l;
                } else {
                    to = codec.encode(append(p, null));
                }
                if (from == null) {
                    continue;
                }
            } else if (hasRange) {
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
        /** The range column is a descending key column. */
        private final boolean descending;
        private final List<SqlType> types;
        private final io.cairn.sql.internal.type.KeyCodec codec;
        /** The most ranges it opens to: the product of the IN lists' lengths. */
        private final int maxRanges;

        DeferredRanges(List<List<Object>> eqValues, Object[] range, boolean descending, List<SqlType> types,
                io.cairn.sql.internal.type.KeyCodec codec) {
            this.eqValues = List.copyOf(eqValues);
            this.range = range;
            this.descending = descending;
            this.types = types;
            this.codec = codec;
            int n = 1;
            for (List<Object> values : eqValues) {
                n *= values.size();
            }
            this.maxRanges = n;
        }

        @Override
        public int maxRanges() {
            return maxRanges;
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
                    hasRange && (Boolean) range[3], descending, codec);
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
        // a scope without columns, so a plugin function (deterministic, see isConstant) resolves
        // too; using one makes the plan uncacheable (see function())
        // a hidden literal (a shared plan reads it by slot): this execution's value may still guide
        // the estimate, which makes the plan this value's (see peekedAtLiterals)
        Object peek = e instanceof Expr.Literal l && ExpressionCompiler.hiddenSlot(l) != null ? l.value() : Deferred.NONE;
        return new Deferred(ExpressionCompiler.compile(e, new Scope(this, List.of(), null, null)), peek);
    }

    /** Whether the expression is made of literals, operators and casts only (its value never changes). */
    static boolean isLiteral(Expr e) {
        boolean[] ok = {true};
        AstWalker.walk(e, true, x -> {
            if (!(x instanceof Expr.Literal l && ExpressionCompiler.hiddenSlot(l) == null || x instanceof Expr.Unary
                    || x instanceof Expr.Binary || x instanceof Expr.Cast)) {
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

    private boolean isConstant(Expr e) {
        boolean[] ok = {true};
        AstWalker.walk(e, true, x -> {
            if (x instanceof Expr.ColumnRef || x instanceof Expr.ScalarSubquery || x instanceof Expr.InSubquery
                    || x instanceof Expr.Exists || (x instanceof Expr.FunctionCall f && f.isAggregate())) {
                ok[0] = false;
            } else if (x instanceof Expr.FunctionCall f) {
                io.cairn.sql.SqlFunction fn = functions.apply(f.name());
                ok[0] &= fn == null || fn.deterministic(); // else it must run per row, not once as a bound
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
