package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.exec.TableWriter;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.expr.ExpressionCompiler;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.sql.internal.plan.Planner;
import io.cairn.txn.Transaction;

/**
 * INSERT, UPDATE and DELETE. UPDATE and DELETE first collect the matching rows, then write, so a
 * statement never sees its own changes (no Halloween problem); UPDATE removes every old row before
 * inserting the new ones, so a key shift like {@code SET id = id + 1} does not collide with itself.
 * Each collected row is locked and re-read before it is written ({@link Recheck}), so a concurrent
 * commit is neither overwritten nor lost.
 */
final class Dml {

    private final SqlEngine engine;
    private final SqlEngine.SessionState state;
    private final Transaction txn;
    private final Planner planner;
    private final ExecContext ctx;

    Dml(SqlEngine engine, SqlEngine.SessionState state, Transaction txn, Planner planner, ExecContext ctx) {
        this.engine = engine;
        this.state = state;
        this.txn = txn;
        this.planner = planner;
        this.ctx = ctx;
    }

    private TableWriter writer(TableAccess a) throws SqlException {
        List<Evaluator> checks = new ArrayList<>();
        for (String c : a.table().checks()) {
            checks.add(Ddl.compileCheck(a.table(), c));
        }
        return new TableWriter(a, checks, a.table().checks(), engine.rowIds(txn, a));
    }

    long insert(Statement.Insert ins) throws SqlException {
        TableAccess a = planner.access(ins.table());
        engine.lockForWrite(state, txn, a);
        TableInfo t = a.table();
        int[] visible = a.visible();
        // target: position in the visible row for each supplied value
        List<Integer> targets = new ArrayList<>();
        if (ins.columns().isEmpty()) {
            for (int i = 0; i < visible.length; i++) {
                targets.add(i);
            }
        } else {
            for (String c : ins.columns()) {
                int p = t.columnIndex(c);
                if (p < 0) {
                    throw new SqlException("column \"" + c + "\" of relation \"" + t.name() + "\" does not exist", SqlException.UNDEFINED_COLUMN);
                }
                int v = indexOf(visible, p);
                if (targets.contains(v)) {
                    throw new SqlException("column \"" + c + "\" specified more than once", Ddl.DUPLICATE_COLUMN);
                }
                targets.add(v);
            }
        }
        Evaluator[] defaults = new Evaluator[visible.length];
        for (int i = 0; i < visible.length; i++) {
            ColumnInfo c = t.columns().get(visible[i]);
            if (c.defaultSql() != null && !targets.contains(i)) {
                defaults[i] = ExpressionCompiler.compile(Parser.parseExpression(c.defaultSql()), ColumnResolver.NONE);
            }
        }
        TableWriter w = writer(a);
        long n = 0;
        if (ins.query() != null) {
            Planner.Planned p = planner.planQuery(ins.query());
            if (p.names().size() != targets.size()) {
                throw new SqlException("INSERT has " + targets.size() + " target columns but the query returns " + p.names().size(), SqlException.SYNTAX_ERROR);
            }
            // read everything first: INSERT INTO t SELECT ... FROM t must not read its own rows
            List<Object[]> rows = new ArrayList<>();
            Operator root = p.root();
            engine.planned(state, root);
            root.open(ctx);
            try {
                Object[] r;
                while ((r = root.next()) != null) {
                    rows.add(r);
                    ctx.checkMemory(rows.size(), r, "INSERT ... SELECT");
                }
            } finally {
                root.close();
            }
            for (Object[] r : rows) {
                insertRow(w, r, targets, defaults, visible.length);
                n++;
            }
            return n;
        }
        ColumnResolver scope = planner.emptyScope();
        for (List<Expr> values : ins.rows()) {
            if (values.size() != targets.size()) {
                throw new SqlException("INSERT has " + targets.size() + " target columns but " + values.size() + " values", SqlException.SYNTAX_ERROR);
            }
            Object[] supplied = new Object[values.size()];
            for (int i = 0; i < supplied.length; i++) {
                supplied[i] = ExpressionCompiler.compile(values.get(i), scope).evaluate(new Object[0], ctx.eval());
            }
            insertRow(w, supplied, targets, defaults, visible.length);
            n++;
        }
        return n;
    }

    private void insertRow(TableWriter w, Object[] supplied, List<Integer> targets, Evaluator[] defaults, int width)
            throws SqlException {
        ctx.tick();
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
            if (defaults[i] != null) {
                row[i] = defaults[i].evaluate(new Object[0], ctx.eval());
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            row[targets.get(i)] = supplied[i];
        }
        w.insert(txn, w.prepare(row, ctx.eval()));
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** The plan reading the rows (visible columns + key bytes last) a WHERE selects. */
    Operator matchingPlan(TableAccess a, Expr where) throws SqlException {
        List<Expr> conj = new ArrayList<>();
        split(where, conj);
        Operator op = planner.scan(a, a.table().name(), conj, true);
        if (where != null) {
            Evaluator cond = planner.condition(where, planner.tableScope(a, a.table().name()), "WHERE");
            double est = op.estimatedRows;
            op = new Operators.Filter(op, cond, io.cairn.sql.internal.parser.SqlPrinter.print(where));
            op.estimatedRows = Math.max(1, est / 3);
        }
        return op;
    }

    /** The plan the last UPDATE or DELETE of this object read its rows with. */
    private Operator lastPlan;

    /**
     * EXPLAIN of an UPDATE or DELETE: the statement over the plan that finds its rows. With
     * {@code analyze} the statement runs (its changes stay, as in PostgreSQL) and the top line
     * reports the rows it changed.
     */
    Operator explain(Statement st, boolean analyze) throws SqlException {
        boolean update = st instanceof Statement.Update;
        String table = update ? ((Statement.Update) st).table() : ((Statement.Delete) st).table();
        Expr where = update ? ((Statement.Update) st).where() : ((Statement.Delete) st).where();
        long changed = -1;
        Operator child;
        if (analyze) {
            changed = update ? update((Statement.Update) st) : delete((Statement.Delete) st);
            child = lastPlan;
        } else {
            child = matchingPlan(planner.access(table), where);
        }
        long rows = changed;
        Operator top = new Operator() {
            private long emitted;

            @Override
            protected void doOpen() {
                emitted = 0;
            }

            /** One empty row per changed row, so EXPLAIN ANALYZE shows the count as actual rows. */
            @Override
            protected Object[] doNext() {
                if (emitted >= rows) {
                    return null;
                }
                emitted++;
                return new Object[0];
            }

            @Override
            public List<Operator> children() {
                return List.of(child);
            }

            @Override
            public String describe() {
                return (update ? "Update on " : "Delete on ") + table;
            }
        };
        top.estimatedRows = child.estimatedRows;
        if (analyze) {
            top.open(ctx);
            while (top.next() != null) {
                ctx.tick();
            }
        }
        return top;
    }

    /** The rows (visible columns + key bytes last) a WHERE selects. */
    private List<Object[]> matching(TableAccess a, Expr where) throws SqlException {
        Operator op = matchingPlan(a, where);
        lastPlan = op;
        engine.planned(state, op);
        List<Object[]> rows = new ArrayList<>();
        op.open(ctx);
        try {
            Object[] r;
            while ((r = op.next()) != null) {
                rows.add(r);
                ctx.checkMemory(rows.size(), r, "the rows of an UPDATE or DELETE");
            }
        } finally {
            op.close();
        }
        return rows;
    }

    private static void split(Expr e, List<Expr> out) {
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

    long update(Statement.Update u) throws SqlException {
        TableAccess a = planner.access(u.table());
        engine.lockForWrite(state, txn, a);
        TableInfo t = a.table();
        ColumnResolver scope = planner.tableScope(a, t.name());
        int[] visible = a.visible();
        int[] targets = new int[u.assignments().size()];
        Evaluator[] values = new Evaluator[targets.length];
        for (int i = 0; i < targets.length; i++) {
            Statement.Assignment as = u.assignments().get(i);
            int p = t.columnIndex(as.column());
            if (p < 0) {
                throw new SqlException("column \"" + as.column() + "\" of relation \"" + t.name() + "\" does not exist", SqlException.UNDEFINED_COLUMN);
            }
            targets[i] = indexOf(visible, p);
            values[i] = planner.compile(as.value(), scope);
        }
        TableWriter w = writer(a);
        List<Object[]> rows = matching(a, u.where());
        Recheck recheck = new Recheck(a, u.where(), scope);
        List<byte[]> keys = new ArrayList<>();
        List<Object[]> oldRows = new ArrayList<>();
        List<Object[]> newRows = new ArrayList<>();
        for (Object[] r : rows) {
            ctx.tick();
            byte[] key = (byte[]) r[visible.length];
            Object[] stored = w.lockNewest(txn, key);
            Object[] current = recheck.current(r, stored);
            if (current == null) {
                continue;
            }
            Object[] row = java.util.Arrays.copyOf(current, visible.length);
            for (int i = 0; i < targets.length; i++) {
                row[targets[i]] = values[i].evaluate(current, ctx.eval());
            }
            newRows.add(w.prepare(row, ctx.eval()));
            oldRows.add(stored);
            keys.add(key);
        }
        for (int i = 0; i < keys.size(); i++) {
            w.deleteVersion(txn, keys.get(i), oldRows.get(i));
        }
        for (int i = 0; i < keys.size(); i++) {
            Object[] physical = newRows.get(i);
            w.insertAt(txn, physical, w.keyAfterUpdate(physical, keys.get(i)));
        }
        return keys.size();
    }

    long delete(Statement.Delete d) throws SqlException {
        TableAccess a = planner.access(d.table());
        engine.lockForWrite(state, txn, a);
        TableWriter w = writer(a);
        List<Object[]> rows = matching(a, d.where());
        Recheck recheck = new Recheck(a, d.where(), planner.tableScope(a, a.table().name()));
        int width = a.visible().length;
        long n = 0;
        for (Object[] r : rows) {
            ctx.tick();
            byte[] key = (byte[]) r[width];
            Object[] stored = w.lockNewest(txn, key);
            if (recheck.current(r, stored) != null) {
                w.deleteVersion(txn, key, stored);
                n++;
            }
        }
        return n;
    }

    /**
     * READ COMMITTED's rule for a row an UPDATE or DELETE read from its snapshot and then locked
     * (PostgreSQL's EvalPlanQual, see CATALOG.md "Concurrent UPDATE and DELETE"): if the newest
     * version differs from the one read, a concurrent transaction committed a change meanwhile,
     * so the WHERE is evaluated again on the newest version and the statement acts on that.
     */
    private final class Recheck {

        private final TableAccess access;
        private final Expr where;
        private final ColumnResolver scope;
        /** Compiled on the first changed row only: the common case never needs it. */
        private Evaluator condition;

        Recheck(TableAccess access, Expr where, ColumnResolver scope) {
            this.access = access;
            this.where = where;
            this.scope = scope;
        }

        /**
         * The row (visible columns + key last) the statement acts on, given the row {@code read}
         * from its snapshot and the newest {@code stored} physical version under the row lock;
         * null if the row is gone or its newest version no longer matches the WHERE.
         */
        Object[] current(Object[] read, Object[] stored) throws SqlException {
            if (stored == null) {
                return null;
            }
            int[] visible = access.visible();
            Object[] newest = new Object[visible.length + 1];
            for (int i = 0; i < visible.length; i++) {
                newest[i] = stored[visible[i]];
            }
            newest[visible.length] = read[visible.length];
            if (sameValues(newest, read, visible.length)) {
                return read;
            }
            if (where == null) {
                return newest;
            }
            if (condition == null) {
                condition = planner.condition(where, scope, "WHERE");
            }
            return Boolean.TRUE.equals(condition.evaluate(newest, ctx.eval())) ? newest : null;
        }
    }

    private static boolean sameValues(Object[] a, Object[] b, int width) {
        for (int i = 0; i < width; i++) {
            if (!java.util.Objects.deepEquals(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }
}
