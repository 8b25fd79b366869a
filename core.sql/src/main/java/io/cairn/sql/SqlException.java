package io.cairn.sql;

import java.sql.SQLException;

/**
 * An error in a SQL statement or in evaluating it, carrying its SQLSTATE (for example 42601 syntax
 * error, 22012 division by zero) and, when the error points into the statement text, the 1-based
 * line and column. It is a {@link SQLException}, so the JDBC driver throws it as is.
 */
public class SqlException extends SQLException {

    private static final long serialVersionUID = 1L;

    public static final String SYNTAX_ERROR = "42601";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String AMBIGUOUS_COLUMN = "42702";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String UNDEFINED_FUNCTION = "42883";
    public static final String DATATYPE_MISMATCH = "42804";
    public static final String DIVISION_BY_ZERO = "22012";
    public static final String NUMERIC_OUT_OF_RANGE = "22003";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String STRING_TOO_LONG = "22001";
    public static final String DATETIME_FIELD_OVERFLOW = "22008";
    public static final String INVALID_DATETIME_FORMAT = "22007";
    public static final String INVALID_ESCAPE = "22025";
    public static final String INVALID_PARAMETER_VALUE = "22023";
    public static final String CARDINALITY_VIOLATION = "21000";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String STATEMENT_TOO_COMPLEX = "54001";
    public static final String GROUPING_ERROR = "42803";
    public static final String INVALID_POWER_ARGUMENT = "2201F";
    public static final String SUBSTRING_ERROR = "22011";

    private final int line;
    private final int column;

    /** An error that points nowhere in the statement text; arguments in {@link SQLException}'s order. */
    public SqlException(String message, String sqlState) {
        this(message, sqlState, 0, 0);
    }

    /** An error at a place in the statement text; line and column are 1-based, 0 when unknown. */
    public SqlException(String message, String sqlState, int line, int column) {
        super(message, sqlState);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line in the statement text the error points at, or 0 if it points nowhere. */
    public int line() {
        return line;
    }

    /** The 1-based column in the statement text the error points at, or 0 if it points nowhere. */
    public int column() {
        return column;
    }
}
