package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every method of {@link java.sql.Statement} unsupported; subclasses override what Cairn supports. */
abstract class UnsupportedStatement implements java.sql.Statement {

    @Override
    public void addBatch(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.addBatch is not supported by Cairn");
    }

    @Override
    public void cancel() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.cancel is not supported by Cairn");
    }

    @Override
    public void clearBatch() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.clearBatch is not supported by Cairn");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.clearWarnings is not supported by Cairn");
    }

    @Override
    public void close() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.close is not supported by Cairn");
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.closeOnCompletion is not supported by Cairn");
    }

    @Override
    public boolean execute(String p0, int[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.execute is not supported by Cairn");
    }

    @Override
    public boolean execute(String p0, String[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.execute is not supported by Cairn");
    }

    @Override
    public boolean execute(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.execute is not supported by Cairn");
    }

    @Override
    public boolean execute(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.execute is not supported by Cairn");
    }

    @Override
    public int[] executeBatch() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.executeBatch is not supported by Cairn");
    }

    @Override
    public java.sql.ResultSet executeQuery(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.executeQuery is not supported by Cairn");
    }

    @Override
    public int executeUpdate(String p0, int[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.executeUpdate is not supported by Cairn");
    }

    @Override
    public int executeUpdate(String p0, String[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.executeUpdate is not supported by Cairn");
    }

    @Override
    public int executeUpdate(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.executeUpdate is not supported by Cairn");
    }

    @Override
    public int executeUpdate(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.executeUpdate is not supported by Cairn");
    }

    @Override
    public java.sql.Connection getConnection() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getConnection is not supported by Cairn");
    }

    @Override
    public int getFetchDirection() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getFetchDirection is not supported by Cairn");
    }

    @Override
    public int getFetchSize() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getFetchSize is not supported by Cairn");
    }

    @Override
    public java.sql.ResultSet getGeneratedKeys() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getGeneratedKeys is not supported by Cairn");
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getMaxFieldSize is not supported by Cairn");
    }

    @Override
    public int getMaxRows() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getMaxRows is not supported by Cairn");
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getMoreResults is not supported by Cairn");
    }

    @Override
    public boolean getMoreResults(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getMoreResults is not supported by Cairn");
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getQueryTimeout is not supported by Cairn");
    }

    @Override
    public java.sql.ResultSet getResultSet() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getResultSet is not supported by Cairn");
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getResultSetConcurrency is not supported by Cairn");
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getResultSetHoldability is not supported by Cairn");
    }

    @Override
    public int getResultSetType() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getResultSetType is not supported by Cairn");
    }

    @Override
    public int getUpdateCount() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getUpdateCount is not supported by Cairn");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.getWarnings is not supported by Cairn");
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.isCloseOnCompletion is not supported by Cairn");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.isClosed is not supported by Cairn");
    }

    @Override
    public boolean isPoolable() throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.isPoolable is not supported by Cairn");
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.isWrapperFor is not supported by Cairn");
    }

    @Override
    public void setCursorName(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setCursorName is not supported by Cairn");
    }

    @Override
    public void setEscapeProcessing(boolean p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setEscapeProcessing is not supported by Cairn");
    }

    @Override
    public void setFetchDirection(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setFetchDirection is not supported by Cairn");
    }

    @Override
    public void setFetchSize(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setFetchSize is not supported by Cairn");
    }

    @Override
    public void setMaxFieldSize(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setMaxFieldSize is not supported by Cairn");
    }

    @Override
    public void setMaxRows(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setMaxRows is not supported by Cairn");
    }

    @Override
    public void setPoolable(boolean p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setPoolable is not supported by Cairn");
    }

    @Override
    public void setQueryTimeout(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.setQueryTimeout is not supported by Cairn");
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Statement.unwrap is not supported by Cairn");
    }
}
