package io.cairn.sql.internal.exec;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.Evaluator;
import io.cairn.sql.internal.type.Values;
import io.cairn.txn.Transaction;

/**
 * Writes rows of one table in a transaction: type conversion, NOT NULL, CHECK, primary key and
 * UNIQUE checks, and the maintenance of every secondary index in the same transaction.
 */
public final class TableWriter {

    /** SQLSTATEs of constraint violations. */
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";

    private final TableAccess access;
    private final List<Evaluator> checks;
    private final List<String> checkText;
    private final AtomicLong rowIds;

    /** {@code checks} are compiled against the table's visible columns; {@code rowIds} feeds the hidden row id. */
    public TableWriter(TableAccess access, List<Evaluator> checks, List<String> checkText, AtomicLong rowIds) {
        this.access = access;
        this.checks = checks;
        this.checkText = checkText;
        this.rowIds = rowIds;
    }

    /** Converts the visible values to the column types and checks NOT NULL and CHECK; returns the physical row. */
    public Object[] prepare(Object[] visibleRow, EvalContext eval) throws SqlException {
        int[] visible = access.visible();
        Object[] converted = new Object[visible.length];
        for (int i = 0; i < visible.length; i++) {
            ColumnInfo c = access.table().columns().get(visible[i]);
            Object v = Values.assign(visibleRow[i], c.type());
            if (v == null && (c.notNull() || access.table().primaryKey().contains(visible[i]))) {
                throw new SqlException("null value in column \"" + c.name()
                        + "\" of relation \"" + access.table().name() + "\" violates not-null constraint", SqlException.NOT_NULL_VIOLATION);
            }
            converted[i] = v;
        }
        for (int i = 0; i < checks.size(); i++) {
            if (Boolean.FALSE.equals(checks.get(i).evaluate(converted, eval))) {
                throw new SqlException("new row for relation \"" + access.table().name()
                        + "\" violates check constraint: " + checkText.get(i), CHECK_VIOLATION);
            }
        }
        return access.toPhysical(converted);
    }

    /** Inserts a prepared row; 23505 if its primary key or a unique index value exists. */
    public void insert(Transaction txn, Object[] physical) throws SqlException {
        insertAt(txn, physical, access.primaryKey(physical, rowIds));
    }

    /** Inserts a prepared row under {@code key} (an existing row id when an UPDATE re-inserts). */
    public void insertAt(Transaction txn, Object[] physical, byte[] key) throws SqlException {
        if (!txn.insert(access.table().tree(), key, access.encodeRow(physical))) {
            throw new SqlException("duplicate key value violates the primary key of \""
                    + access.table().name() + "\"", UNIQUE_VIOLATION);
        }
        addIndexEntries(txn, physical, key);
    }

    /** Adds the index entries of a row, checking unique indexes. */
    public void addIndexEntries(Transaction txn, Object[] physical, byte[] key) throws SqlException {
        for (int i = 0; i < access.indexes().size(); i++) {
            addIndexEntry(txn, i, physical, key);
        }
    }

    public void addIndexEntry(Transaction txn, int i, Object[] physical, byte[] key) throws SqlException {
        IndexInfo idx = access.indexes().get(i);
        byte[] entry = indexEntryKey(i, physical, key);
        if (isUniqueEntry(i, physical)) {
            // keyed by the values alone, so two transactions inserting one value conflict on one key
            if (!txn.insert(idx.tree(), entry, key)) {
                throw new SqlException("duplicate key value violates unique constraint \"" + idx.name() + "\"",
                        UNIQUE_VIOLATION);
            }
        } else {
            txn.put(idx.tree(), entry, key);
        }
    }

    private boolean isUniqueEntry(int i, Object[] physical) {
        return access.indexes().get(i).unique() && !hasNull(access.indexValues(i, physical));
    }

    /**
     * The key of a row's entry in index {@code i}: the encoded values, then the primary key, except
     * in a unique index where values without NULLs are the whole key (see CATALOG.md).
     */
    public byte[] indexEntryKey(int i, Object[] physical, byte[] key) throws SqlException {
        byte[] prefix = access.indexPrefix(i, physical);
        return isUniqueEntry(i, physical) ? prefix : TableAccess.concat(prefix, key);
    }

    public void removeIndexEntries(Transaction txn, Object[] physical, byte[] key) throws SqlException {
        for (int i = 0; i < access.indexes().size(); i++) {
            txn.delete(access.indexes().get(i).tree(), indexEntryKey(i, physical, key));
        }
    }

    /**
     * Locks the row at {@code key} and returns its newest committed version (or this
     * transaction's own) as a physical row, or null if it is gone. Under SNAPSHOT a row changed
     * since the snapshot fails with 40001.
     */
    public Object[] lockNewest(Transaction txn, byte[] key) {
        byte[] stored = txn.getForUpdate(access.table().tree(), key);
        return stored == null ? null : access.decodePhysical(stored);
    }

    /**
     * Deletes the row at {@code key} whose stored version is {@code physical}, as returned by
     * {@link #lockNewest} (so the row is locked and the index entries removed are that version's).
     */
    public void deleteVersion(Transaction txn, byte[] key, Object[] physical) throws SqlException {
        removeIndexEntries(txn, physical, key);
        txn.delete(access.table().tree(), key);
    }

    /** The key a prepared row is stored under after an UPDATE of the row at {@code oldKey}. */
    public byte[] keyAfterUpdate(Object[] physical, byte[] oldKey) throws SqlException {
        return access.table().hasRowId() ? oldKey : access.primaryKey(physical, rowIds);
    }

    private static boolean hasNull(Object[] values) {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }
}
