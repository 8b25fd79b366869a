package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.TableAccess;
import io.cairn.sql.internal.exec.TableWriter;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.expr.ExpressionCompiler;
import io.cairn.sql.internal.expr.RowLayout;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.parser.SqlPrinter;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.sql.internal.plan.Planner;
import io.cairn.sql.internal.type.SqlType;
import io.cairn.sql.internal.type.Values;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Transaction;

/** CREATE/DROP/ALTER of tables and indexes: catalog rows written in the statement's transaction. */
final class Ddl {

    static final String DUPLICATE_TABLE = "42P07";
    static final String DUPLICATE_COLUMN = "42701";
    static final String UNDEFINED_OBJECT = "42704";

    private final SqlEngine engine;
    private final SqlEngine.SessionState state;
    private final Transaction txn;
    private final Catalog catalog;
    private final ExecContext ctx;

    Ddl(SqlEngine engine, SqlEngine.SessionState state, Transaction txn, Catalog catalog, ExecContext ctx) {
        this.engine = engine;
        this.state = state;
        this.txn = txn;
        this.catalog = catalog;
        this.ctx = ctx;
    }

    private String newTree(String kind) {
        String tree = engine.createTree(kind);
        state.touchedTrees.add(tree);
        return tree;
    }

    private void nameFree(String name) throws SqlException {
        if (catalog.findTable(name) != null || catalog.findIndex(name) != null) {
            throw new SqlException("relation \"" + name + "\" already exists", DUPLICATE_TABLE);
        }
    }

    void createTable(Statement.CreateTable c) throws SqlException {
        if (catalog.findTable(c.name()) != null && c.ifNotExists()) {
            return;
        }
        nameFree(c.name());
        if (c.name().startsWith("v$") || c.name().startsWith("sql.") || c.name().startsWith("txn.")) {
            throw new SqlException("table name \"" + c.name() + "\" is reserved", "42939");
        }
        List<ColumnInfo> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Integer> pk = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        List<List<Integer>> uniques = new ArrayList<>();
        for (Statement.ColumnDef d : c.columns()) {
            if (!names.add(d.name())) {
                throw new SqlException("column \"" + d.name() + "\" specified more than once", DUPLICATE_COLUMN);
            }
            columns.add(column(d));
        }
        for (int i = 0; i < c.columns().size(); i++) {
            Statement.ColumnDef d = c.columns().get(i);
            if (d.primaryKey()) {
                if (!pk.isEmpty()) {
                    throw new SqlException("multiple primary keys for table \"" + c.name() + "\" are not allowed", "42P16");
                }
                pk.add(i);
            }
            if (d.unique()) {
                uniques.add(List.of(i));
            }
            if (d.check() != null) {
                checks.add(SqlPrinter.print(d.check()));
            }
        }
        TableInfo probe = new TableInfo(c.name(), columns, List.of(), List.of(), Map.of(), "", null);
        for (Statement.TableConstraint tc : c.constraints()) {
            if (tc instanceof Statement.PrimaryKey p) {
                if (!pk.isEmpty()) {
                    throw new SqlException("multiple primary keys for table \"" + c.name() + "\" are not allowed", "42P16");
                }
                pk.addAll(columnList(probe, p.columns()));
            } else if (tc instanceof Statement.Unique u) {
                uniques.add(columnList(probe, u.columns()));
            } else if (tc instanceof Statement.Check ch) {
                checks.add(SqlPrinter.print(ch.condition()));
            }
        }
        for (int p : pk) {
            ColumnInfo ci = columns.get(p);
            columns.set(p, new ColumnInfo(ci.name(), ci.type(), true, ci.defaultSql(), false));
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Statement.Option o : c.options()) {
            Object v = ExpressionCompiler.compile(o.value(), ColumnResolver.NONE).evaluate(new Object[0], ctx.eval());
            options.put(o.name(), v == null ? "" : Values.toText(v));
        }
        TableInfo t = new TableInfo(c.name(), columns, pk, checks, options, "", null);
        for (String check : checks) {
            compileCheck(t, check);
        }
        // the creating session's user owns the table: its pages count against that user's storage quota
        t = new TableInfo(c.name(), columns, pk, checks, options, newTree("t"), state.session.user());
        if (!catalog.insertTable(t)) {
            throw new SqlException("relation \"" + c.name() + "\" already exists", DUPLICATE_TABLE);
        }
        state.ddlTables.add(t.tree());
        int n = 0;
        for (List<Integer> u : uniques) {
            if (u.equals(pk)) {
                continue;
            }
            String name = c.name() + "_" + String.join("_", u.stream().map(i -> columns.get(i).name()).toList()) + "_key";
            if (catalog.findIndex(name) != null || catalog.findTable(name) != null) {
                name = name + (++n);
            }
            if (!catalog.insertIndex(new IndexInfo(name, c.name(), u, true, true, newTree("i")))) {
                throw new SqlException("relation \"" + name + "\" already exists", DUPLICATE_TABLE);
            }
        }
    }

    private static List<Integer> columnList(TableInfo t, List<String> names) throws SqlException {
        List<Integer> r = new ArrayList<>();
        for (String n : names) {
            int i = t.columnIndex(n);
            if (i < 0) {
                throw new SqlException("column \"" + n + "\" does not exist", SqlException.UNDEFINED_COLUMN);
            }
            if (r.contains(i)) {
                throw new SqlException("column \"" + n + "\" appears twice in a key", DUPLICATE_COLUMN);
            }
            r.add(i);
        }
        return r;
    }

    private ColumnInfo column(Statement.ColumnDef d) throws SqlException {
        String def = null;
        if (d.defaultValue() != null) {
            Evaluator e = ExpressionCompiler.compile(d.defaultValue(), ColumnResolver.NONE);
            Values.assign(e.isConstant() ? e.evaluate(new Object[0], ctx.eval()) : null, d.type());
            def = SqlPrinter.print(d.defaultValue());
        }
        return new ColumnInfo(d.name(), d.type(), d.notNull() || d.primaryKey(), def, false);
    }

    static Evaluator compileCheck(TableInfo t, String check) throws SqlException {
        Expr e = io.cairn.sql.internal.parser.Parser.parseExpression(check);
        List<RowLayout.Entry> entries = new ArrayList<>();
        for (int p : t.visibleColumns()) {
            entries.add(new RowLayout.Entry(t.name(), t.columns().get(p).name(), t.columns().get(p).type()));
        }
        Evaluator ev = ExpressionCompiler.compile(e, new RowLayout(entries));
        if (ev.type().kind() != SqlType.Kind.BOOLEAN && ev.type().kind() != SqlType.Kind.NULL) {
            throw new SqlException("CHECK condition must be boolean: " + check, SqlException.DATATYPE_MISMATCH);
        }
        return ev;
    }

    void dropTable(Statement.DropTable d) throws SqlException {
        TableInfo t = catalog.findTable(d.name());
        if (t == null) {
            if (d.ifExists()) {
                return;
            }
            catalog.table(d.name());
        }
        t = catalog.tableForUpdate(d.name());
        txn.lockTable(t.tree(), io.cairn.txn.TableLockMode.EXCLUSIVE);
        engine.lockedForDdl(state, txn, t.tree());
        for (IndexInfo i : catalog.indexesOf(t.name())) {
            catalog.deleteIndex(i.name());
            state.touchedTrees.add(i.tree());
        }
        catalog.deleteTable(t.name());
        io.cairn.sql.internal.catalog.Statistics.delete(txn, t.name());
        state.touchedTrees.add(t.tree());
    }

    void addColumn(Statement.AddColumn a, Planner planner) throws SqlException {
        catalog.table(a.table());
        TableInfo t = catalog.tableForUpdate(a.table());
        Statement.ColumnDef d = a.column();
        if (t.columnIndex(d.name()) >= 0) {
            throw new SqlException("column \"" + d.name() + "\" of relation \"" + t.name() + "\" already exists", DUPLICATE_COLUMN);
        }
        if (d.primaryKey()) {
            throw new SqlException("ADD COLUMN ... PRIMARY KEY is not supported yet", SqlException.FEATURE_NOT_SUPPORTED);
        }
        txn.lockTable(t.tree(), io.cairn.txn.TableLockMode.EXCLUSIVE);
        engine.lockedForDdl(state, txn, t.tree());
        ColumnInfo ci = column(d);
        if (ci.defaultSql() != null) {
            Evaluator e = ExpressionCompiler.compile(d.defaultValue(), ColumnResolver.NONE);
            if (!e.isConstant()) {
                // existing rows read a DEFAULT of ADD COLUMN without being rewritten, so it must not vary
                throw new SqlException("ADD COLUMN needs a constant DEFAULT", SqlException.FEATURE_NOT_SUPPORTED);
            }
        }
        List<ColumnInfo> cols = new ArrayList<>(t.columns());
        cols.add(ci);
        List<String> checks = new ArrayList<>(t.checks());
        if (d.check() != null) {
            checks.add(SqlPrinter.print(d.check()));
        }
        TableInfo nt = t.withColumns(cols, checks);
        for (String c : checks) {
            compileCheck(nt, c);
        }
        catalog.putTable(nt);
        // existing rows must satisfy the new column's NOT NULL and CHECK
        TableAccess access = new TableAccess(nt, List.of());
        List<Evaluator> evs = new ArrayList<>();
        for (String c : checks) {
            evs.add(compileCheck(nt, c));
        }
        TableWriter w = new TableWriter(access, evs, checks, null);
        try (RowCursor cur = txn.scan(nt.tree(), null, true, null, true, false)) {
            while (cur.next()) {
                ctx.tick();
                w.prepare(access.decodeVisible(cur.value()), ctx.eval());
            }
        }
        if (d.unique()) {
            String name = t.name() + "_" + d.name() + "_key";
            createIndex(new Statement.CreateIndex(a.pos(), name, true, false, t.name(),
                    List.of(new Statement.IndexColumn(a.pos(), d.name(), false)), false));
        }
    }

    void dropColumn(Statement.DropColumn d) throws SqlException {
        catalog.table(d.table());
        TableInfo t = catalog.tableForUpdate(d.table());
        int c = t.columnIndex(d.column());
        if (c < 0) {
            throw new SqlException("column \"" + d.column() + "\" of relation \"" + t.name() + "\" does not exist", SqlException.UNDEFINED_COLUMN);
        }
        if (t.primaryKey().contains(c)) {
            throw new SqlException("cannot drop column \"" + d.column() + "\": it is part of the primary key", "2BP01");
        }
        if (t.visibleColumns().size() == 1) {
            throw new SqlException("cannot drop the last column of a table", SqlException.FEATURE_NOT_SUPPORTED);
        }
        txn.lockTable(t.tree(), io.cairn.txn.TableLockMode.EXCLUSIVE);
        engine.lockedForDdl(state, txn, t.tree());
        List<ColumnInfo> cols = new ArrayList<>(t.columns());
        cols.set(c, cols.get(c).withDropped());
        TableInfo probe = t.withColumns(cols, List.of());
        List<String> checks = new ArrayList<>();
        for (String ch : t.checks()) {
            try {
                compileCheck(probe, ch);
                checks.add(ch);
            } catch (SqlException e) {
                // a CHECK on the dropped column goes with it, as in PostgreSQL
            }
        }
        catalog.putTable(t.withColumns(cols, checks));
        for (IndexInfo i : catalog.indexesOf(t.name())) {
            if (i.columns().contains(c)) {
                catalog.deleteIndex(i.name());
                state.touchedTrees.add(i.tree());
            }
        }
    }

    void createIndex(Statement.CreateIndex ci) throws SqlException {
        if (catalog.findIndex(ci.name()) != null && ci.ifNotExists()) {
            return;
        }
        nameFree(ci.name());
        catalog.table(ci.table());
        TableInfo t = catalog.tableForUpdate(ci.table());
        List<String> names = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        for (Statement.IndexColumn c : ci.columns()) {
            names.add(c.name());
            descending.add(c.descending());
        }
        List<Integer> cols = columnList(t, names);
        IndexInfo idx = new IndexInfo(ci.name(), t.name(), cols, ci.unique(), !ci.invisible(), newTree("i"), descending);
        // keep writers out while the existing rows are copied into the index
        txn.lockTable(t.tree(), io.cairn.txn.TableLockMode.EXCLUSIVE);
        engine.lockedForDdl(state, txn, t.tree());
        if (!catalog.insertIndex(idx)) {
            throw new SqlException("relation \"" + ci.name() + "\" already exists", DUPLICATE_TABLE);
        }
        build(t, idx);
    }

    /** Leaf fill of a freshly built index: room for later inserts between its entries, as PostgreSQL's default 90. */
    static final int INDEX_FILL_PERCENT = 90;
    /** Bytes of index entries a build sorts in memory before it writes a sorted run to disk. */
    static final long INDEX_SORT_BYTES = 64L << 20;
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * Fills an empty index tree bottom-up (CATALOG.md, "How CREATE INDEX builds"): one scan of the
     * newest committed rows under the EXCLUSIVE table lock the caller holds, a memory-bounded sort
     * of the entries, then {@link Transaction#load}. A unique index fails with 23505 when two
     * sorted entries have the same key.
     */
    private void build(TableInfo t, IndexInfo idx) throws SqlException {
        TableAccess access = new TableAccess(t, List.of(idx));
        TableWriter w = new TableWriter(access, List.of(), List.of(), null);
        try (IndexEntrySort sort = new IndexEntrySort(ctx, ctx.maxMemoryRows(), INDEX_SORT_BYTES)) {
            try (RowCursor cur = txn.scanNewest(t.tree())) {
                while (cur.next()) {
                    ctx.tick();
                    sort.add(w.indexEntryKey(0, access.decodePhysical(cur.value()), cur.key()), cur.key());
                }
            }
            RowCursor sorted = sort.sorted();
            RowCursor checked = new RowCursor() {
                private byte[] previous;

                @Override
                public boolean next() {
                    if (!sorted.next()) {
                        return false;
                    }
                    byte[] k = sorted.key();
                    if (previous != null && java.util.Arrays.equals(previous, k)) {
                        // only entries of a unique index without NULLs are keyed by their values alone
                        throw new IndexEntrySort.BuildFailure(new SqlException("could not create unique index \""
                                + idx.name() + "\": duplicate key value violates unique constraint \"" + idx.name()
                                + "\"", UNIQUE_VIOLATION));
                    }
                    previous = k;
                    return true;
                }

                @Override
                public byte[] key() {
                    return sorted.key();
                }

                @Override
                public byte[] value() {
                    return sorted.value();
                }

                @Override
                public void close() {
                    sorted.close();
                }
            };
            if (txn.isolation() == io.cairn.txn.IsolationLevel.SNAPSHOT
                    && engine.manager().currentScn() > txn.snapshotScn()) {
                // The entries are those of the newest rows, which later readers see; this transaction's
                // snapshot may see older ones, so its own statements keep away from the index (like
                // PostgreSQL's indcheckxmin). Conservative: any commit after the snapshot counts.
                if (state.unusableFor != txn) {
                    state.unusableIndexTrees.clear();
                    state.unusableFor = txn;
                }
                state.unusableIndexTrees.add(idx.tree());
            }
            try {
                txn.load(idx.tree(), checked, INDEX_FILL_PERCENT);
            } catch (IllegalArgumentException e) {
                // the storage layer's key length limit; the statement's rollback empties the index tree
                throw new SqlException("index \"" + idx.name() + "\" cannot hold a row: " + e.getMessage(), "54000");
            }
        } catch (IndexEntrySort.BuildFailure e) {
            throw e.sqlException();
        }
    }

    /** REINDEX INDEX i | TABLE t: rebuilds each index into a new tree; the old trees go when the transaction ends. */
    void reindex(Statement.Reindex r) throws SqlException {
        List<IndexInfo> targets = new ArrayList<>();
        TableInfo t;
        if (r.index()) {
            IndexInfo i = catalog.findIndex(r.name()) == null ? null : catalog.indexForUpdate(r.name());
            if (i == null) {
                throw new SqlException("index \"" + r.name() + "\" does not exist", UNDEFINED_OBJECT);
            }
            t = catalog.tableForUpdate(i.table());
            targets.add(i);
        } else {
            catalog.table(r.name());
            t = catalog.tableForUpdate(r.name());
            for (IndexInfo i : catalog.indexesOf(t.name())) {
                targets.add(catalog.indexForUpdate(i.name()));
            }
        }
        txn.lockTable(t.tree(), io.cairn.txn.TableLockMode.EXCLUSIVE);
        engine.lockedForDdl(state, txn, t.tree());
        for (IndexInfo old : targets) {
            IndexInfo fresh = old.withTree(newTree("i"));
            catalog.putIndex(fresh);
            state.touchedTrees.add(old.tree());
            build(t, fresh);
        }
    }

    /**
     * Gives a table (with its indexes) to another user, whose storage quota it then counts
     * against. Cairn has no privileges yet, so any session may run it, as any may DROP a table.
     */
    void alterOwner(Statement.AlterTableOwner o) throws SqlException {
        catalog.table(o.table());
        TableInfo t = catalog.tableForUpdate(o.table());
        catalog.putTable(t.withOwner(o.owner()));
    }

    void alterIndex(Statement.AlterIndex a) throws SqlException {
        IndexInfo i = catalog.findIndex(a.name()) == null ? null : catalog.indexForUpdate(a.name());
        if (i == null) {
            throw new SqlException("index \"" + a.name() + "\" does not exist", UNDEFINED_OBJECT);
        }
        catalog.putIndex(i.withVisible(a.visible()));
    }

    void dropIndex(Statement.DropIndex d) throws SqlException {
        IndexInfo i = catalog.findIndex(d.name()) == null ? null : catalog.indexForUpdate(d.name());
        if (i == null) {
            if (d.ifExists()) {
                return;
            }
            throw new SqlException("index \"" + d.name() + "\" does not exist", UNDEFINED_OBJECT);
        }
        catalog.deleteIndex(i.name());
        state.touchedTrees.add(i.tree());
    }
}
