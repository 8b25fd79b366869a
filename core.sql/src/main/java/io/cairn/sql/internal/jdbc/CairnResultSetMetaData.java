package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import io.cairn.sql.internal.type.SqlType;

/** Column names and types of a result: java.sql.Types from the engine's {@link SqlType}. */
final class CairnResultSetMetaData extends UnsupportedResultSetMetaData {

    private final List<String> names;
    private final List<SqlType> types;

    CairnResultSetMetaData(List<String> names, List<SqlType> types) {
        this.names = names;
        this.types = types;
    }

    private SqlType type(int column) throws SQLException {
        if (column < 1 || column > names.size()) {
            throw new SQLException("column index " + column + " is out of range 1.." + names.size(), "07009");
        }
        return types.get(column - 1);
    }

    static int jdbcType(SqlType t) {
        return switch (t.kind()) {
            case NULL -> Types.NULL;
            case BOOLEAN -> Types.BOOLEAN;
            case INT -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case DECIMAL -> Types.DECIMAL;
            case DOUBLE -> Types.DOUBLE;
            case VARCHAR -> Types.VARCHAR;
            case DATE -> Types.DATE;
            case TIMESTAMP -> Types.TIMESTAMP;
            case BLOB -> Types.VARBINARY; // values are byte[]; getBlob is not supported
        };
    }

    static String typeName(SqlType t) {
        return t.kind() == SqlType.Kind.VARCHAR && t.length() <= 0 ? "TEXT" : t.kind().name();
    }

    /** Precision as JDBC means it: digits for numbers, characters for strings and datetimes, 0 if unknown. */
    static int precision(SqlType t) {
        return switch (t.kind()) {
            case BOOLEAN -> 1;
            case INT -> 10;
            case BIGINT -> 19;
            case DOUBLE -> 17;
            case DECIMAL -> t.precision();
            case VARCHAR -> Math.max(0, t.length());
            case DATE -> 10;
            case TIMESTAMP -> 29;
            default -> 0;
        };
    }

    static String className(SqlType t) {
        return switch (t.kind()) {
            case NULL -> Object.class.getName();
            case BOOLEAN -> Boolean.class.getName();
            case INT -> Integer.class.getName();
            case BIGINT -> Long.class.getName();
            case DECIMAL -> java.math.BigDecimal.class.getName();
            case DOUBLE -> Double.class.getName();
            case VARCHAR -> String.class.getName();
            case DATE -> java.sql.Date.class.getName();
            case TIMESTAMP -> java.sql.Timestamp.class.getName();
            case BLOB -> byte[].class.getName();
        };
    }

    @Override
    public int getColumnCount() {
        return names.size();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        type(column);
        return names.get(column - 1);
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return getColumnName(column);
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return jdbcType(type(column));
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return typeName(type(column));
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return className(type(column));
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return precision(type(column));
    }

    @Override
    public int getScale(int column) throws SQLException {
        SqlType t = type(column);
        return t.kind() == SqlType.Kind.DECIMAL ? t.scale() : 0;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        SqlType t = type(column);
        int p = precision(t);
        return p > 0 ? p + (t.kind() == SqlType.Kind.DECIMAL ? 2 : 0) : Integer.MAX_VALUE;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        type(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return type(column).kind() == SqlType.Kind.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        type(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return type(column).kind().isNumeric();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        type(column);
        return "";
    }

    @Override
    public String getTableName(int column) throws SQLException {
        type(column);
        return ""; // not known: JDBC's "not applicable"
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        type(column);
        return "";
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        type(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        type(column);
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
