package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every method of {@link java.sql.Connection} unsupported; subclasses override what Cairn supports. */
abstract class UnsupportedConnection implements java.sql.Connection {

    @Override
    public void abort(java.util.concurrent.Executor p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.abort is not supported by Cairn");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.clearWarnings is not supported by Cairn");
    }

    @Override
    public void close() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.close is not supported by Cairn");
    }

    @Override
    public void commit() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.commit is not supported by Cairn");
    }

    @Override
    public java.sql.Array createArrayOf(String p0, Object[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createArrayOf is not supported by Cairn");
    }

    @Override
    public java.sql.Blob createBlob() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createBlob is not supported by Cairn");
    }

    @Override
    public java.sql.Clob createClob() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createClob is not supported by Cairn");
    }

    @Override
    public java.sql.NClob createNClob() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createNClob is not supported by Cairn");
    }

    @Override
    public java.sql.SQLXML createSQLXML() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createSQLXML is not supported by Cairn");
    }

    @Override
    public java.sql.Statement createStatement() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createStatement is not supported by Cairn");
    }

    @Override
    public java.sql.Statement createStatement(int p0, int p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createStatement is not supported by Cairn");
    }

    @Override
    public java.sql.Statement createStatement(int p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createStatement is not supported by Cairn");
    }

    @Override
    public java.sql.Struct createStruct(String p0, Object[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.createStruct is not supported by Cairn");
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getAutoCommit is not supported by Cairn");
    }

    @Override
    public String getCatalog() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getCatalog is not supported by Cairn");
    }

    @Override
    public java.util.Properties getClientInfo() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getClientInfo is not supported by Cairn");
    }

    @Override
    public String getClientInfo(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getClientInfo is not supported by Cairn");
    }

    @Override
    public int getHoldability() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getHoldability is not supported by Cairn");
    }

    @Override
    public java.sql.DatabaseMetaData getMetaData() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getMetaData is not supported by Cairn");
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getNetworkTimeout is not supported by Cairn");
    }

    @Override
    public String getSchema() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getSchema is not supported by Cairn");
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getTransactionIsolation is not supported by Cairn");
    }

    @Override
    public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getTypeMap is not supported by Cairn");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.getWarnings is not supported by Cairn");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.isClosed is not supported by Cairn");
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.isReadOnly is not supported by Cairn");
    }

    @Override
    public boolean isValid(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.isValid is not supported by Cairn");
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.isWrapperFor is not supported by Cairn");
    }

    @Override
    public String nativeSQL(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.nativeSQL is not supported by Cairn");
    }

    @Override
    public java.sql.CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareCall is not supported by Cairn");
    }

    @Override
    public java.sql.CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareCall is not supported by Cairn");
    }

    @Override
    public java.sql.CallableStatement prepareCall(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareCall is not supported by Cairn");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareStatement is not supported by Cairn");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareStatement is not supported by Cairn");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareStatement is not supported by Cairn");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareStatement is not supported by Cairn");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareStatement is not supported by Cairn");
    }

    @Override
    public java.sql.PreparedStatement prepareStatement(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.prepareStatement is not supported by Cairn");
    }

    @Override
    public void releaseSavepoint(java.sql.Savepoint p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.releaseSavepoint is not supported by Cairn");
    }

    @Override
    public void rollback() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.rollback is not supported by Cairn");
    }

    @Override
    public void rollback(java.sql.Savepoint p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.rollback is not supported by Cairn");
    }

    @Override
    public void setAutoCommit(boolean p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setAutoCommit is not supported by Cairn");
    }

    @Override
    public void setCatalog(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setCatalog is not supported by Cairn");
    }

    @Override
    public void setClientInfo(String p0, String p1) throws java.sql.SQLClientInfoException {
        throw new java.sql.SQLClientInfoException("Connection.setClientInfo is not supported by Cairn", null);
    }

    @Override
    public void setClientInfo(java.util.Properties p0) throws java.sql.SQLClientInfoException {
        throw new java.sql.SQLClientInfoException("Connection.setClientInfo is not supported by Cairn", null);
    }

    @Override
    public void setHoldability(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setHoldability is not supported by Cairn");
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setNetworkTimeout is not supported by Cairn");
    }

    @Override
    public void setReadOnly(boolean p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setReadOnly is not supported by Cairn");
    }

    @Override
    public java.sql.Savepoint setSavepoint() throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setSavepoint is not supported by Cairn");
    }

    @Override
    public java.sql.Savepoint setSavepoint(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setSavepoint is not supported by Cairn");
    }

    @Override
    public void setSchema(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setSchema is not supported by Cairn");
    }

    @Override
    public void setTransactionIsolation(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setTransactionIsolation is not supported by Cairn");
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.setTypeMap is not supported by Cairn");
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connection.unwrap is not supported by Cairn");
    }
}
