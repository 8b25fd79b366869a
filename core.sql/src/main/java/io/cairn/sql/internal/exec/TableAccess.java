package io.cairn.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.catalog.ColumnInfo;
import io.cairn.sql.internal.catalog.IndexInfo;
import io.cairn.sql.internal.catalog.TableInfo;
import io.cairn.sql.internal.expr.ColumnResolver;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.expr.ExpressionCompiler;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.type.KeyCodec;
import io.cairn.sql.internal.type.RowCodec;
import io.cairn.sql.internal.type.SqlType;

/**
 * How one table's rows and index entries are encoded: the row codec over the physical columns,
 * the primary key codec (or the hidden row id), and one key codec per index.
 */
public final class TableAccess {

    private final TableInfo table;
    private final List<IndexInfo> indexes;
    private final RowCodec rowCodec;
    private final KeyCodec keyCodec;
    private final List<KeyCodec> indexCodecs = new ArrayList<>();
    private final int[] visible;
    private final Object[] decodeDefaults;

    public TableAccess(TableInfo table, List<IndexInfo> indexes) throws SqlException {
        this.table = table;
        this.indexes = List.copyOf(indexes);
        this.rowCodec = new RowCodec(table.physicalTypes());
        List<SqlType> keyTypes = new ArrayList<>();
        for (int p : table.primaryKey()) {
            keyTypes.add(table.columns().get(p).type());
        }
        this.keyCodec = new KeyCodec(table.hasRowId() ? List.of(SqlType.BIGINT) : keyTypes, null);
        for (IndexInfo i : indexes) {
            indexCodecs.add(indexCodec(table, i));
        }
        this.visible = table.visibleColumns().stream().mapToInt(Integer::intValue).toArray();
        this.decodeDefaults = new Object[table.columns().size()];
        EvalContext now = EvalContext.of();
        for (int i = 0; i < decodeDefaults.length; i++) {
            ColumnInfo c = table.columns().get(i);
            if (c.defaultSql() != null && !c.dropped()) {
                decodeDefaults[i] = io.cairn.sql.internal.type.Values.assign(
                        ExpressionCompiler.compile(Parser.parseExpression(c.defaultSql()), ColumnResolver.NONE)
                                .evaluate(new Object[0], now), c.type());
            }
        }
    }

    public static KeyCodec indexCodec(TableInfo table, IndexInfo index) {
        List<SqlType> types = new ArrayList<>();
        boolean[] descending = new boolean[index.columns().size()];
        for (int k = 0; k < descending.length; k++) {
            types.add(table.columns().get(index.columns().get(k)).type());
            descending[k] = index.descending(k);
        }
        return new KeyCodec(types, descending);
    }

    public TableInfo table() {
        return table;
    }

    public List<IndexInfo> indexes() {
        return indexes;
    }

    public KeyCodec keyCodec() {
        return keyCodec;
    }

    public KeyCodec indexCodec(int i) {
        return indexCodecs.get(i);
    }

    /** Physical positions of the visible columns. */
    /**
     * The physical columns holding the visible columns named in {@code names}, or null if that is
     * every stored column (nothing to skip).
     */
    public boolean[] physicalColumns(java.util.Set<String> names) {
        boolean[] wanted = new boolean[table.columns().size()];
        boolean all = true;
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = names.contains(table.columns().get(i).name());
            all &= wanted[i];
        }
        return all ? null : wanted;
    }

    public int[] visible() {
        return visible;
    }

    public Object[] decodePhysical(byte[] value) {
        return rowCodec.decode(value, decodeDefaults);
    }

    /** The visible columns of a stored row. */
    public Object[] decodeVisible(byte[] value) {
        return decodeVisible(value, null);
    }

    /** The visible columns of a stored row, only those {@code wanted} (physical positions, null: all) built. */
    public Object[] decodeVisible(byte[] value, boolean[] wanted) {
        Object[] physical = rowCodec.decode(value, decodeDefaults, wanted);
        Object[] row = new Object[visible.length];
        for (int i = 0; i < visible.length; i++) {
            row[i] = physical[visible[i]];
        }
        return row;
    }

    /**
     * The visible columns an index entry holds (its index columns, and the primary key kept as
     * its value); the others are NULL.
     */
    public Object[] decodeIndexEntry(int i, byte[] entryKey, byte[] primaryKey) {
        Object[] physical = new Object[table.columns().size()];
        Object[] values = indexCodecs.get(i).decodeLeading(entryKey);
        List<Integer> cols = indexes.get(i).columns();
        for (int c = 0; c < values.length; c++) {
            physical[cols.get(c)] = values[c];
        }
        if (!table.hasRowId()) {
            Object[] pk = keyCodec.decode(primaryKey);
            for (int c = 0; c < pk.length; c++) {
                physical[table.primaryKey().get(c)] = pk[c];
            }
        }
        Object[] row = new Object[visible.length];
        for (int v = 0; v < visible.length; v++) {
            row[v] = physical[visible[v]];
        }
        return row;
    }

    public Object[] toPhysical(Object[] visibleRow) {
        Object[] physical = new Object[table.columns().size()];
        for (int i = 0; i < visible.length; i++) {
            physical[visible[i]] = visibleRow[i];
        }
        return physical;
    }

    public byte[] encodeRow(Object[] physical) {
        return rowCodec.encode(physical);
    }

    /** The primary key of a row; for a table with a hidden row id, a new id from {@code rowIds}. */
    public byte[] primaryKey(Object[] physical, AtomicLong rowIds) throws SqlException {
        if (table.hasRowId()) {
            return keyCodec.encode(rowIds.incrementAndGet());
        }
        Object[] values = new Object[table.primaryKey().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = physical[table.primaryKey().get(i)];
        }
        return keyCodec.encode(values);
    }

    /** The indexed values of a row for index {@code i}. */
    public Object[] indexValues(int i, Object[] physical) {
        List<Integer> cols = indexes.get(i).columns();
        Object[] values = new Object[cols.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = physical[cols.get(c)];
        }
        return values;
    }

    public byte[] indexPrefix(int i, Object[] physical) throws SqlException {
        return indexCodecs.get(i).encode(indexValues(i, physical));
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null if none. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] r = prefix.clone();
        for (int i = r.length - 1; i >= 0; i--) {
            if (r[i] != (byte) 0xFF) {
                r[i]++;
                return java.util.Arrays.copyOf(r, i + 1);
            }
        }
        return null;
    }
}
