package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every method of {@link java.sql.ResultSetMetaData} unsupported; subclasses override what Cairn supports. */
abstract class UnsupportedResultSetMetaData implements java.sql.ResultSetMetaData {

    @Override
    public String getCatalogName(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getCatalogName is not supported by Cairn");
    }

    @Override
    public String getColumnClassName(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnClassName is not supported by Cairn");
    }

    @Override
    public int getColumnCount() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnCount is not supported by Cairn");
    }

    @Override
    public int getColumnDisplaySize(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnDisplaySize is not supported by Cairn");
    }

    @Override
    public String getColumnLabel(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnLabel is not supported by Cairn");
    }

    @Override
    public String getColumnName(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnName is not supported by Cairn");
    }

    @Override
    public int getColumnType(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnType is not supported by Cairn");
    }

    @Override
    public String getColumnTypeName(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getColumnTypeName is not supported by Cairn");
    }

    @Override
    public int getPrecision(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getPrecision is not supported by Cairn");
    }

    @Override
    public int getScale(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getScale is not supported by Cairn");
    }

    @Override
    public String getSchemaName(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getSchemaName is not supported by Cairn");
    }

    @Override
    public String getTableName(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.getTableName is not supported by Cairn");
    }

    @Override
    public boolean isAutoIncrement(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isAutoIncrement is not supported by Cairn");
    }

    @Override
    public boolean isCaseSensitive(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isCaseSensitive is not supported by Cairn");
    }

    @Override
    public boolean isCurrency(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isCurrency is not supported by Cairn");
    }

    @Override
    public boolean isDefinitelyWritable(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isDefinitelyWritable is not supported by Cairn");
    }

    @Override
    public int isNullable(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isNullable is not supported by Cairn");
    }

    @Override
    public boolean isReadOnly(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isReadOnly is not supported by Cairn");
    }

    @Override
    public boolean isSearchable(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isSearchable is not supported by Cairn");
    }

    @Override
    public boolean isSigned(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isSigned is not supported by Cairn");
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isWrapperFor is not supported by Cairn");
    }

    @Override
    public boolean isWritable(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.isWritable is not supported by Cairn");
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSetMetaData.unwrap is not supported by Cairn");
    }
}
