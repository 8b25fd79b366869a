package io.cairn.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cairn.sql.internal.type.SqlType;

/**
 * A table as the catalog records it. {@code primaryKey} lists physical column positions; when it
 * is empty the table has a hidden BIGINT row id as its key.
 *
 * @param checks  CHECK conditions as SQL text
 * @param options the WITH (name = value) options, values as text
 * @param tree    the name of the transaction-layer table holding the rows
 * @param owner   the user who created it (or was given it by ALTER TABLE ... OWNER TO); null for a
 *                table created before owners were recorded, which {@link #ownerName()} reports as
 *                {@value #DEFAULT_OWNER}
 */
public record TableInfo(String name, List<ColumnInfo> columns, List<Integer> primaryKey, List<String> checks,
        Map<String, String> options, String tree, String owner) {

    /**
     * The owner of tables from before owners were recorded: the kernel's own user, which also
     * runs maintenance and is the JDBC driver's default user.
     */
    public static final String DEFAULT_OWNER = "cairn";

    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        checks = List.copyOf(checks);
        options = Map.copyOf(options);
    }

    /** The owner, or {@value #DEFAULT_OWNER} for a table that has none recorded. */
    public String ownerName() {
        return owner == null ? DEFAULT_OWNER : owner;
    }

    public TableInfo withOwner(String newOwner) {
        return new TableInfo(name, columns, primaryKey, checks, options, tree, newOwner);
    }

    public boolean hasRowId() {
        return primaryKey.isEmpty();
    }

    /** The physical position of a visible column, or -1. */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).dropped() && columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** Physical positions of the visible columns, in table order. */
    public List<Integer> visibleColumns() {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).dropped()) {
                result.add(i);
            }
        }
        return result;
    }

    public List<SqlType> physicalTypes() {
        return columns.stream().map(ColumnInfo::type).toList();
    }

    public TableInfo withColumns(List<ColumnInfo> newColumns, List<String> newChecks) {
        return new TableInfo(name, newColumns, primaryKey, newChecks, options, tree, owner);
    }
}
