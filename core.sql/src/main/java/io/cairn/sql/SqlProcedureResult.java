package io.cairn.sql;

import java.util.List;

/**
 * What a {@link SqlProcedure} returned: an update count, a one-row message, or rows with columns.
 */
public final class SqlProcedureResult {

    private final long updateCount;
    private final List<SystemView.Column> columns;
    private final List<Object[]> rows;

    private SqlProcedureResult(long updateCount, List<SystemView.Column> columns, List<Object[]> rows) {
        this.updateCount = updateCount;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    /** No rows; the statement reports {@code n} as its update count. */
    public static SqlProcedureResult updateCount(long n) {
        return new SqlProcedureResult(n, List.of(), List.of());
    }

    /** One row with one VARCHAR column {@code message}. */
    public static SqlProcedureResult message(String message) {
        return rows(List.of(new SystemView.Column("message", SystemView.ColumnType.VARCHAR)),
                List.<Object[]>of(new Object[] {message}));
    }

    /** A result set; {@code columns} must not be empty, each row has one value per column. */
    public static SqlProcedureResult rows(List<SystemView.Column> columns, List<Object[]> rows) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a result set needs at least one column");
        }
        return new SqlProcedureResult(0, columns, rows);
    }

    public long updateCount() {
        return updateCount;
    }

    /** Empty for an update count. */
    public List<SystemView.Column> columns() {
        return columns;
    }

    public List<Object[]> rows() {
        return rows;
    }
}
