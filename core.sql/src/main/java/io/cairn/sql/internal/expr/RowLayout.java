package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.type.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ColumnResolver} for a row made of named columns, each from a table known by a name or
 * alias: the row of a scan, or the concatenated rows of a join. Names are compared exactly (the
 * parser has already lower-cased unquoted ones).
 */
public final class RowLayout implements ColumnResolver {

    /** One column of the row; {@code table} is the table name or alias it is reached by, may be null. */
    public record Entry(String table, String name, SqlType type) {
    }

    private final List<Entry> entries;

    public RowLayout(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A layout of one table's columns. */
    public static RowLayout of(String table, List<String> names, List<SqlType> types) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            entries.add(new Entry(table, names.get(i), types.get(i)));
        }
        return new RowLayout(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    @Override
    public Column resolve(String table, String column) throws SqlException {
        int found = -1;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.name().equals(column) && (table == null || table.equals(e.table()))) {
                if (found >= 0) {
                    throw new SqlException("column reference \"" + column + "\" is ambiguous", SqlException.AMBIGUOUS_COLUMN);
                }
                found = i;
            }
        }
        return found < 0 ? null : new Column(found, entries.get(found).type());
    }
}
