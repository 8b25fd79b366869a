package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.RowBuffer;
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

    /**
     * The reusable part of one INSERT, UPDATE or DELETE for one catalog version: the table's
     * access, its compiled CHECK constraints and defaults, the compiled values, and the plan that
     * finds the rows to change. The plan cache keeps it like a query plan (one execution at a
     * time takes it: the operators keep state while they run); it holds no parameter or hidden
     * literal value, so it serves every text of its shape.
     */
    static final class Plan implements PlanCache.Tree {
        final String command;
        final TableAccess access;
        final List<Evaluator> checks;
        /** INSERT: the position in the visible row of each supplied value, and the defaults of the others. */
        List<Integer> targets;
        Evaluator[] defaults;
        /** INSERT ... VALUES: one compiled expression per value. */
        Evaluator[][] rows;
        /** INSERT ... SELECT: the query. */
        Planner.Planned query;
        /** UPDATE: the visible positions assigned, and their compiled values. */
        int[] assigned;
        Evaluator[] values;
        /** UPDATE, DELETE: the plan reading the rows the WHERE selects, and the WHERE for re-checks. */
        Operator matching;
        Evaluator recheck;

        Plan(String command, TableAccess access, List<Evaluator> checks) {
            this.command = command;
            this.access = access;
            this.checks = checks;
        }

        @Override
        public Operator root() {
            return matching != null ? matching : query != null ? query.root() : null;
        }

        @Override
        public String toString() {
            return command + " on " + access.table().name() + (rows != null ? " (" + rows.length + " rows of VALUES)" : "");
        }
    }

    private Plan newPlan(String command, TableAccess a) throws SqlException {
        List<Evaluator> checks = new ArrayList<>();
        for (String c : a.table().checks()) {
            checks.add(Ddl.compileCheck(a.table(), c));
        }
        return new Plan(command, a, checks);
    }

    private TableWriter writer(Plan p) throws SqlException {
        return new TableWriter(p.access, p.checks, p.access.table().checks(), engine.rowIds(txn, p.access));
    }

    /** Plans an INSERT, UPDATE or DELETE for {@link #run}. */
    Plan plan(Statement st) throws SqlException {
        if (st instanceof Statement.Insert i) {
            return planInsert(i);
        } else if (st instanceof Statement.Update u) {
            return planUpdate(u);
        }
        Statement.Delete d = (Statement.Delete) st;
        TableAccess a = planner.access(d.table());
        Plan p = newPlan("Delete", a);
        p.matching = matchingPlan(a, d.where());
        if (d.where() != null) {
            p.recheck = planner.condition(d.where(), planner.tableScope(a, a.table().name()), "WHERE");
        }
        return p;
    }

    /** The plan cache's lease of the running plan (null if not cached): instrumentation reuses its hash. */
    private PlanCache.Lease lease;

    /** Runs an INSERT, UPDATE or DELETE with its plan (cached or just made); returns the rows changed. */
    long run(Statement st, Plan p, PlanCache.Lease lease) throws SqlException {
        this.lease = lease;
        engine.lockForWrite(state, txn, p.access);
        if (st instanceof Statement.Insert) {
            return insert(p);
        } else if (st instanceof Statement.Update) {
            return update(p);
        }
        return delete(p);
    }

    long insert(Statement.Insert ins) throws SqlException {
        return run(ins, planInsert(ins), null);
    }

    private Plan planInsert(Statement.Insert ins) throws SqlException {
        TableAccess a = planner.access(ins.table());
        Plan plan = newPlan("Insert", a);
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
        plan.targets = targets;
        plan.defaults = defaults;
        if (ins.query() != null) {
            Planner.Planned p = planner.planQuery(ins.query());
            if (p.names().size() != targets.size()) {
                throw new SqlException("INSERT has " + targets.size() + " target columns but the query returns " + p.names().size(), SqlException.SYNTAX_ERROR);
            }
            plan.query = p;
            return plan;
        }
        ColumnResolver scope = planner.emptyScope();
        plan.rows = new Evaluator[ins.rows().size()][];
        int r = 0;
        for (List<Expr> values : ins.rows()) {
            if (values.size() != targets.size()) {
                throw new SqlException("INSERT has " + targets.size() + " target columns but " + values.size() + " values", SqlException.SYNTAX_ERROR);
            }
            Evaluator[] row = new Evaluator[values.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = ExpressionCompiler.compile(values.get(i), scope);
            }
            plan.rows[r++] = row;
        }
        return plan;
    }

    private long insert(Plan plan) throws SqlException {
        List<Integer> targets = plan.targets;
        Evaluator[] defaults = plan.defaults;
        int width = plan.access.visible().length;
        TableWriter w = writer(plan);
        long n = 0;
        if (plan.query != null) {
            // read everything first: INSERT INTO t SELECT ... FROM t must not read its own rows
            RowBuffer rows = new RowBuffer(ctx); // past the memory bound in a temp file
            try {
                Operator root = plan.query.root();
                engine.planned(state, root, lease);
                root.open(ctx);
                try {
                    Object[] r;
                    while ((r = root.next()) != null) {
                        rows.add(r);
                    }
                } finally {
                    root.close();
                }
                rows.finish();
                RowBuffer.Cursor c = rows.cursor();
                Object[] r;
                while ((r = c.next()) != null) {
                    insertRow(w, r, targets, defaults, width);
                    n++;
                }
            } finally {
                rows.clear();
            }
            return n;
        }
        Object[] none = new Object[0];
        for (Evaluator[] values : plan.rows) {
            Object[] supplied = new Object[values.length];
            for (int i = 0; i < supplied.length; i++) {
                supplied[i] = values[i].evaluate(none, ctx.eval());
            }
            insertRow(w, supplied, targets, defaults, width);
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

    /**
     * The rows (visible columns + key bytes last) the plan's WHERE selects; past the memory bound
     * in a temp file. The caller clears it.
     */
    private RowBuffer matching(Plan p) throws SqlException {
        Operator op = p.matching;
        lastPlan = op;
        engine.planned(state, op, lease);
        RowBuffer rows = new RowBuffer(ctx);
        op.open(ctx);
        try {
            Object[] r;
            while ((r = op.next()) != null) {
                rows.add(r);
            }
        } finally {
            op.close();
        }
        rows.finish();
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
        return run(u, planUpdate(u), null);
    }

    private Plan planUpdate(Statement.Update u) throws SqlException {
        TableAccess a = planner.access(u.table());
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
        Plan plan = newPlan("Update", a);
        plan.assigned = targets;
        plan.values = values;
        plan.matching = matchingPlan(a, u.where());
        if (u.where() != null) {
            plan.recheck = planner.condition(u.where(), scope, "WHERE");
        }
        return plan;
    }

    private long update(Plan plan) throws SqlException {
        TableAccess a = plan.access;
        int[] visible = a.visible();
        int[] targets = plan.assigned;
        Evaluator[] values = plan.values;
        TableWriter w = writer(plan);
        RowBuffer rows = matching(plan);
        Recheck recheck = new Recheck(a, plan.recheck);
        // each change as {key, old version's width, old version..., new version...}; past the
        // memory bound in a temp file, read twice: all deletes first, then all inserts
        RowBuffer changes = new RowBuffer(ctx);
        long n = 0;
        RowBuffer.Cursor cursor = rows.cursor();
        Object[] r;
        while ((r = cursor.next()) != null) {
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
            Object[] physical = w.prepare(row, ctx.eval());
            Object[] change = new Object[2 + stored.length + physical.length];
            change[0] = key;
            change[1] = stored.length;
            System.arraycopy(stored, 0, change, 2, stored.length);
            System.arraycopy(physical, 0, change, 2 + stored.length, physical.length);
            changes.add(change);
            n++;
        }
        rows.clear();
        changes.finish();
        cursor = changes.cursor();
        while ((r = cursor.next()) != null) {
            int width = (Integer) r[1];
            w.deleteVersion(txn, (byte[]) r[0], java.util.Arrays.copyOfRange(r, 2, 2 + width));
        }
        cursor = changes.cursor();
        while ((r = cursor.next()) != null) {
            int width = (Integer) r[1];
            Object[] physical = java.util.Arrays.copyOfRange(r, 2 + width, r.length);
            w.insertAt(txn, physical, w.keyAfterUpdate(physical, (byte[]) r[0]));
        }
        changes.clear();
        return n;
    }

    long delete(Statement.Delete d) throws SqlException {
        return run(d, plan(d), null);
    }

    private long delete(Plan plan) throws SqlException {
        TableAccess a = plan.access;
        TableWriter w = writer(plan);
        RowBuffer rows = matching(plan);
        Recheck recheck = new Recheck(a, plan.recheck);
        int width = a.visible().length;
        long n = 0;
        RowBuffer.Cursor cursor = rows.cursor();
        Object[] r;
        while ((r = cursor.next()) != null) {
            ctx.tick();
            byte[] key = (byte[]) r[width];
            Object[] stored = w.lockNewest(txn, key);
            if (recheck.current(r, stored) != null) {
                w.deleteVersion(txn, key, stored);
                n++;
            }
        }
        rows.clear();
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
        /** The WHERE over the visible columns (+ key last), null without one. */
        private final Evaluator condition;

        Recheck(TableAccess access, Evaluator condition) {
            this.access = access;
            this.condition = condition;
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
            if (condition == null) {
                return newest;
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
