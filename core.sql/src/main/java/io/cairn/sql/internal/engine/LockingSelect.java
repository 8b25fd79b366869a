package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.Operators;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.parser.AstWalker;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.Query;
import io.cairn.sql.internal.parser.SourcePos;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.sql.internal.plan.Planner;
import io.cairn.txn.Transaction;

/**
 * SELECT ... FOR UPDATE [NOWAIT | SKIP LOCKED] over one table: the query runs as planned (its
 * WHERE, ORDER BY and select list), with the row's primary key carried as hidden trailing
 * columns; a {@link LockRows} step between the ordered rows and LIMIT/OFFSET locks each row as
 * UPDATE would and, under READ COMMITTED, re-checks a row whose newest committed version differs
 * from the one read (CATALOG.md, "SELECT ... FOR UPDATE"). Locking below the LIMIT means rows are
 * locked only as far as the LIMIT reads, and SKIP LOCKED still fills the LIMIT with rows it can lock.
 */
final class LockingSelect {

    /** SQLSTATE of FOR UPDATE NOWAIT meeting a locked row (PostgreSQL's lock_not_available). */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    private final SqlEngine engine;
    private final SqlEngine.SessionState state;
    private final Transaction txn;
    private final Catalog catalog;
    private final Planner planner;
    private final ExecContext ctx;

    LockingSelect(SqlEngine engine, SqlEngine.SessionState state, Transaction txn, Catalog catalog, Planner planner,
            ExecContext ctx) {
        this.engine = engine;
        this.state = state;
        this.txn = txn;
        this.catalog = catalog;
        this.planner = planner;
        this.ctx = ctx;
    }

    /** What {@link #plan} built: the plan to run and the names and types of its visible columns. */
    record Planned(Operator root, List<String> names, List<io.cairn.sql.internal.type.SqlType> types) {
    }

    /** Checks the query, takes the table's SHARED lock and builds the locking plan. */
    Planned plan(Statement.SelectForUpdate s) throws SqlException {
        Query q = s.query();
        Query.Select body = check(s);
        Query.NamedTable from = (Query.NamedTable) body.from().get(0);
        TableAccess a = planner.access(from.name());
        TableInfo t = a.table();
        if (t.hasRowId()) {
            throw unsupported(s, s.clause() + " needs a table with a primary key: \"" + t.name() + "\" has none");
        }
        // DML's table lock and catalog check: the rows are locked as UPDATE locks them
        engine.lockForWrite(state, txn, a);
        String alias = from.alias() != null ? from.alias() : from.name();
        List<Integer> pk = t.primaryKey();
        List<Query.SelectItem> items = new ArrayList<>(body.items());
        for (int i = 0; i < pk.size(); i++) {
            String column = t.columns().get(pk.get(i)).name();
            items.add(new Query.ExprItem(s.forPos(), new Expr.ColumnRef(s.forPos(), alias, column), "$lock_key_" + i));
        }
        Query.Select keyed = new Query.Select(body.pos(), body.distinct(), items, body.from(), body.where(),
                body.groupBy(), body.having());
        Planner.Planned p = planner.planQuery(new Query(q.pos(), keyed, q.orderBy(), null, null));
        int width = p.names().size() - pk.size();
        LockRows lock = new LockRows(p.root(), a, alias, body, width, s.share(), s.lockWait());
        lock.estimatedRows = p.root().estimatedRows;
        Operator root = lock;
        long limit = count(q.limit(), "LIMIT");
        long offset = count(q.offset(), "OFFSET");
        if (limit >= 0 || offset > 0) {
            root = new Operators.Limit(lock, offset, limit);
            root.estimatedRows = limit < 0 ? lock.estimatedRows : Math.min(limit, lock.estimatedRows);
        }
        return new Planned(root, p.names().subList(0, width), p.types().subList(0, width));
    }

    /** The one SELECT of a lockable query; 0A000 for what FOR UPDATE cannot lock (as PostgreSQL). */
    private Query.Select check(Statement.SelectForUpdate s) throws SqlException {
        String clause = s.clause();
        if (!(s.query().body() instanceof Query.Select body)) {
            throw unsupported(s, clause + " is not allowed with UNION");
        }
        if (body.distinct()) {
            throw unsupported(s, clause + " is not allowed with DISTINCT clause");
        }
        if (!body.groupBy().isEmpty()) {
            throw unsupported(s, clause + " is not allowed with GROUP BY clause");
        }
        if (body.having() != null) {
            throw unsupported(s, clause + " is not allowed with HAVING clause");
        }
        boolean[] aggregate = {false};
        for (Query.SelectItem item : body.items()) {
            if (item instanceof Query.ExprItem e) {
                AstWalker.walk(e.expr(), false, x -> aggregate[0] |= x instanceof Expr.FunctionCall f && f.isAggregate());
            }
        }
        for (Query.OrderItem o : s.query().orderBy()) {
            AstWalker.walk(o.expr(), false, x -> aggregate[0] |= x instanceof Expr.FunctionCall f && f.isAggregate());
        }
        if (aggregate[0]) {
            throw unsupported(s, clause + " is not allowed with aggregate functions");
        }
        if (body.from().isEmpty()) {
            throw unsupported(s, clause + " needs a table in FROM");
        }
        if (body.from().size() > 1 || !(body.from().get(0) instanceof Query.NamedTable n)) {
            throw unsupported(s, clause + " of a join or a subquery in FROM is not supported: lock the rows of one table");
        }
        if (n.asOf() != null) {
            throw unsupported(s, clause + " cannot be used with AS OF: past versions cannot be locked");
        }
        if (catalog.findTable(n.name()) == null && engine.registry().view(n.name()) != null) {
            throw unsupported(s, clause + " cannot be used with system view \"" + n.name() + "\"");
        }
        return body;
    }

    private static SqlException unsupported(Statement.SelectForUpdate s, String message) {
        SourcePos at = s.forPos();
        return new SqlException(message + " (line " + at.line() + ", column " + at.column() + ")",
                SqlException.FEATURE_NOT_SUPPORTED, at.line(), at.column());
    }

    /** LIMIT or OFFSET as a row count (-1 for no LIMIT, 0 for no OFFSET); 2201W when negative. */
    private long count(Expr e, String what) throws SqlException {
        if (e == null) {
            return what.equals("LIMIT") ? -1 : 0;
        }
        Object v = planner.compile(e, planner.emptyScope()).evaluate(new Object[0], ctx.eval());
        if (v == null) {
            return what.equals("LIMIT") ? -1 : 0;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw new SqlException(what + " must be a non-negative integer", "2201W", e.pos().line(), e.pos().column());
        }
        return ((Number) v).longValue();
    }

    /**
     * Locks each row the query below returns (its visible columns, then the primary key), then
     * passes on the row as the statement should see it: as read when the newest committed version
     * is the one read; re-evaluated (WHERE, then the select list) on the newest version when a
     * concurrent commit changed it (READ COMMITTED); left out when it is gone, no longer matches,
     * or (SKIP LOCKED) another transaction holds it. SNAPSHOT fails with 40001 on a changed row.
     */
    private final class LockRows extends Operator {

        private final Operator child;
        private final TableAccess access;
        private final String alias;
        private final Query.Select body;
        private final int width;
        private final Statement.RowLockWait wait;
        private final boolean share;
        private final int keyColumns;
        /** Compiled on the first changed row only: the common case never needs them. */
        private Evaluator condition;
        /** Per output column: its evaluator, or null where a {@code *} puts a column as stored ({@link #starColumns}). */
        private List<Evaluator> projection;
        private int[] starColumns;

        LockRows(Operator child, TableAccess access, String alias, Query.Select body, int width, boolean share,
                Statement.RowLockWait wait) {
            this.share = share;
            this.child = child;
            this.access = access;
            this.alias = alias;
            this.body = body;
            this.width = width;
            this.wait = wait;
            this.keyColumns = access.table().primaryKey().size();
        }

        @Override
        protected void doOpen() throws SqlException {
            child.open(ctx);
        }

        @Override
        protected Object[] doNext() throws SqlException {
            String tree = access.table().tree();
            Object[] r;
            while ((r = child.next()) != null) {
                ctx.tick();
                byte[] key = access.keyCodec().encode(Arrays.copyOfRange(r, width, width + keyColumns));
                if (wait != Statement.RowLockWait.WAIT && !txn.tryLockRow(tree, key,
                        share ? io.cairn.txn.TableLockMode.SHARED : io.cairn.txn.TableLockMode.EXCLUSIVE)) {
                    if (wait == Statement.RowLockWait.SKIP_LOCKED) {
                        continue;
                    }
                    throw new SqlException("could not obtain lock on row in relation \"" + access.table().name()
                            + "\" (" + (share ? "FOR SHARE" : "FOR UPDATE") + " NOWAIT)", LOCK_NOT_AVAILABLE);
                }
                // waits (cancellable) unless locked just above
                byte[] newest = share ? txn.getForShare(tree, key) : txn.getForUpdate(tree, key);
                if (newest == null) {
                    continue; // deleted, or its key changed, by a transaction that committed meanwhile
                }
                if (Arrays.equals(newest, txn.get(tree, key))) {
                    return Arrays.copyOf(r, width); // the version read is the newest: as read
                }
                Object[] current = current(newest);
                if (current != null) {
                    return current;
                }
            }
            return null;
        }

        /** The output row from the newest version, or null if it no longer matches the WHERE. */
        private Object[] current(byte[] newest) throws SqlException {
            Object[] row = access.decodeVisible(newest);
            ColumnResolver scope = planner.tableScope(access, alias);
            if (body.where() != null) {
                if (condition == null) {
                    condition = planner.condition(body.where(), scope, "WHERE");
                }
                if (!Boolean.TRUE.equals(condition.evaluate(row, ctx.eval()))) {
                    return null;
                }
            }
            if (projection == null) {
                List<Evaluator> p = new ArrayList<>();
                List<Integer> stars = new ArrayList<>();
                for (Query.SelectItem item : body.items()) {
                    if (item instanceof Query.ExprItem e) {
                        p.add(planner.compile(e.expr(), scope));
                        stars.add(-1);
                    } else {
                        for (int i = 0; i < row.length; i++) {
                            p.add(null);
                            stars.add(i);
                        }
                    }
                }
                starColumns = stars.stream().mapToInt(Integer::intValue).toArray();
                projection = p;
            }
            Object[] out = new Object[width];
            for (int i = 0; i < width; i++) {
                Evaluator e = projection.get(i);
                out[i] = e == null ? row[starColumns[i]] : e.evaluate(row, ctx.eval());
            }
            return out;
        }

        @Override
        public List<Operator> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Lock Rows on " + access.table().name() + (share ? " (FOR SHARE" : " (FOR UPDATE") + switch (wait) {
                case WAIT -> ")";
                case NOWAIT -> " NOWAIT)";
                case SKIP_LOCKED -> " SKIP LOCKED)";
            };
        }
    }
}
