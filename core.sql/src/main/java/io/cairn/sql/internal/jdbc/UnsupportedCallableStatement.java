package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every method of {@link java.sql.CallableStatement} unsupported; subclasses override what Cairn supports. */
abstract class UnsupportedCallableStatement extends CairnPreparedStatement implements java.sql.CallableStatement {

    UnsupportedCallableStatement(CairnConnection connection, int resultSetType, String sql) throws SQLException {
        super(connection, resultSetType, sql);
    }

    @Override
    public java.sql.Array getArray(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getArray is not supported by Cairn");
    }

    @Override
    public java.sql.Array getArray(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getArray is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.sql.Blob getBlob(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBlob is not supported by Cairn");
    }

    @Override
    public java.sql.Blob getBlob(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBlob is not supported by Cairn");
    }

    @Override
    public boolean getBoolean(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBoolean is not supported by Cairn");
    }

    @Override
    public boolean getBoolean(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBoolean is not supported by Cairn");
    }

    @Override
    public byte getByte(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getByte is not supported by Cairn");
    }

    @Override
    public byte getByte(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getByte is not supported by Cairn");
    }

    @Override
    public byte[] getBytes(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBytes is not supported by Cairn");
    }

    @Override
    public byte[] getBytes(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getBytes is not supported by Cairn");
    }

    @Override
    public java.io.Reader getCharacterStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getCharacterStream is not supported by Cairn");
    }

    @Override
    public java.io.Reader getCharacterStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getCharacterStream is not supported by Cairn");
    }

    @Override
    public java.sql.Clob getClob(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getClob is not supported by Cairn");
    }

    @Override
    public java.sql.Clob getClob(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getClob is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(String p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getDate is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getDate is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(int p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getDate is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getDate is not supported by Cairn");
    }

    @Override
    public double getDouble(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getDouble is not supported by Cairn");
    }

    @Override
    public double getDouble(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getDouble is not supported by Cairn");
    }

    @Override
    public float getFloat(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getFloat is not supported by Cairn");
    }

    @Override
    public float getFloat(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getFloat is not supported by Cairn");
    }

    @Override
    public int getInt(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getInt is not supported by Cairn");
    }

    @Override
    public int getInt(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getInt is not supported by Cairn");
    }

    @Override
    public long getLong(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getLong is not supported by Cairn");
    }

    @Override
    public long getLong(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getLong is not supported by Cairn");
    }

    @Override
    public java.io.Reader getNCharacterStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getNCharacterStream is not supported by Cairn");
    }

    @Override
    public java.io.Reader getNCharacterStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getNCharacterStream is not supported by Cairn");
    }

    @Override
    public java.sql.NClob getNClob(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getNClob is not supported by Cairn");
    }

    @Override
    public java.sql.NClob getNClob(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getNClob is not supported by Cairn");
    }

    @Override
    public String getNString(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getNString is not supported by Cairn");
    }

    @Override
    public String getNString(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getNString is not supported by Cairn");
    }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(String p0, java.util.Map<String, Class<?>> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getObject is not supported by Cairn");
    }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(int p0, java.util.Map<String, Class<?>> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getObject is not supported by Cairn");
    }

    @Override
    public java.sql.Ref getRef(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getRef is not supported by Cairn");
    }

    @Override
    public java.sql.Ref getRef(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getRef is not supported by Cairn");
    }

    @Override
    public java.sql.RowId getRowId(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getRowId is not supported by Cairn");
    }

    @Override
    public java.sql.RowId getRowId(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getRowId is not supported by Cairn");
    }

    @Override
    public java.sql.SQLXML getSQLXML(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getSQLXML is not supported by Cairn");
    }

    @Override
    public java.sql.SQLXML getSQLXML(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getSQLXML is not supported by Cairn");
    }

    @Override
    public short getShort(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getShort is not supported by Cairn");
    }

    @Override
    public short getShort(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getShort is not supported by Cairn");
    }

    @Override
    public String getString(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getString is not supported by Cairn");
    }

    @Override
    public String getString(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getString is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(String p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(int p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.net.URL getURL(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getURL is not supported by Cairn");
    }

    @Override
    public java.net.URL getURL(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.getURL is not supported by Cairn");
    }

    @Override
    public void registerOutParameter(String p0, int p1, String p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.registerOutParameter is not supported by Cairn");
    }

    @Override
    public void registerOutParameter(String p0, int p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.registerOutParameter is not supported by Cairn");
    }

    @Override
    public void registerOutParameter(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.registerOutParameter is not supported by Cairn");
    }

    @Override
    public void registerOutParameter(int p0, int p1, String p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.registerOutParameter is not supported by Cairn");
    }

    @Override
    public void registerOutParameter(int p0, int p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.registerOutParameter is not supported by Cairn");
    }

    @Override
    public void registerOutParameter(int p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.registerOutParameter is not supported by Cairn");
    }

    @Override
    public void setAsciiStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setAsciiStream is not supported by Cairn");
    }

    @Override
    public void setAsciiStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setAsciiStream is not supported by Cairn");
    }

    @Override
    public void setAsciiStream(String p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setAsciiStream is not supported by Cairn");
    }

    @Override
    public void setBigDecimal(String p0, java.math.BigDecimal p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBigDecimal is not supported by Cairn");
    }

    @Override
    public void setBinaryStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBinaryStream is not supported by Cairn");
    }

    @Override
    public void setBinaryStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBinaryStream is not supported by Cairn");
    }

    @Override
    public void setBinaryStream(String p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBinaryStream is not supported by Cairn");
    }

    @Override
    public void setBlob(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBlob is not supported by Cairn");
    }

    @Override
    public void setBlob(String p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBlob is not supported by Cairn");
    }

    @Override
    public void setBlob(String p0, java.sql.Blob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBlob is not supported by Cairn");
    }

    @Override
    public void setBoolean(String p0, boolean p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBoolean is not supported by Cairn");
    }

    @Override
    public void setByte(String p0, byte p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setByte is not supported by Cairn");
    }

    @Override
    public void setBytes(String p0, byte[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setBytes is not supported by Cairn");
    }

    @Override
    public void setCharacterStream(String p0, java.io.Reader p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setCharacterStream is not supported by Cairn");
    }

    @Override
    public void setCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setCharacterStream is not supported by Cairn");
    }

    @Override
    public void setCharacterStream(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setCharacterStream is not supported by Cairn");
    }

    @Override
    public void setClob(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setClob is not supported by Cairn");
    }

    @Override
    public void setClob(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setClob is not supported by Cairn");
    }

    @Override
    public void setClob(String p0, java.sql.Clob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setClob is not supported by Cairn");
    }

    @Override
    public void setDate(String p0, java.sql.Date p1, java.util.Calendar p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setDate is not supported by Cairn");
    }

    @Override
    public void setDate(String p0, java.sql.Date p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setDate is not supported by Cairn");
    }

    @Override
    public void setDouble(String p0, double p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setDouble is not supported by Cairn");
    }

    @Override
    public void setFloat(String p0, float p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setFloat is not supported by Cairn");
    }

    @Override
    public void setInt(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setInt is not supported by Cairn");
    }

    @Override
    public void setLong(String p0, long p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setLong is not supported by Cairn");
    }

    @Override
    public void setNCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNCharacterStream is not supported by Cairn");
    }

    @Override
    public void setNCharacterStream(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNCharacterStream is not supported by Cairn");
    }

    @Override
    public void setNClob(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNClob is not supported by Cairn");
    }

    @Override
    public void setNClob(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNClob is not supported by Cairn");
    }

    @Override
    public void setNClob(String p0, java.sql.NClob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNClob is not supported by Cairn");
    }

    @Override
    public void setNString(String p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNString is not supported by Cairn");
    }

    @Override
    public void setNull(String p0, int p1, String p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNull is not supported by Cairn");
    }

    @Override
    public void setNull(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setNull is not supported by Cairn");
    }

    @Override
    public void setObject(String p0, Object p1, int p2, int p3) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setObject is not supported by Cairn");
    }

    @Override
    public void setObject(String p0, Object p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setObject is not supported by Cairn");
    }

    @Override
    public void setObject(String p0, Object p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setObject is not supported by Cairn");
    }

    @Override
    public void setRowId(String p0, java.sql.RowId p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setRowId is not supported by Cairn");
    }

    @Override
    public void setSQLXML(String p0, java.sql.SQLXML p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setSQLXML is not supported by Cairn");
    }

    @Override
    public void setShort(String p0, short p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setShort is not supported by Cairn");
    }

    @Override
    public void setString(String p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setString is not supported by Cairn");
    }

    @Override
    public void setTime(String p0, java.sql.Time p1, java.util.Calendar p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setTime is not supported by Cairn");
    }

    @Override
    public void setTime(String p0, java.sql.Time p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setTime is not supported by Cairn");
    }

    @Override
    public void setTimestamp(String p0, java.sql.Timestamp p1, java.util.Calendar p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setTimestamp is not supported by Cairn");
    }

    @Override
    public void setTimestamp(String p0, java.sql.Timestamp p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setTimestamp is not supported by Cairn");
    }

    @Override
    public void setURL(String p0, java.net.URL p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.setURL is not supported by Cairn");
    }

    @Override
    public boolean wasNull() throws SQLException {
        throw new SQLFeatureNotSupportedException("CallableStatement.wasNull is not supported by Cairn");
    }
}
