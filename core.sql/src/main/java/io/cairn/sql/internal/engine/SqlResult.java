package io.cairn.sql.internal.engine;

import java.util.List;

import io.cairn.sql.internal.type.SqlType;

/**
 * What a statement returned: for a query (and EXPLAIN) its column names, types and rows; for
 * anything else an update count (rows inserted, updated or deleted; 0 for DDL) and no columns.
 * A streaming SELECT ({@link SqlEngine#stream}) returns its first rows here and the rest through
 * {@code stream}, which is null for every other result.
 */
public record SqlResult(List<String> columnNames, List<SqlType> columnTypes, List<Object[]> rows, long updateCount,
        ResultStream stream) {

    public SqlResult {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        rows = List.copyOf(rows);
    }

    public SqlResult(List<String> columnNames, List<SqlType> columnTypes, List<Object[]> rows, long updateCount) {
        this(columnNames, columnTypes, rows, updateCount, null);
    }

    public static SqlResult count(long n) {
        return new SqlResult(List.of(), List.of(), List.of(), n);
    }

    public boolean isQuery() {
        return !columnNames.isEmpty();
    }
}
