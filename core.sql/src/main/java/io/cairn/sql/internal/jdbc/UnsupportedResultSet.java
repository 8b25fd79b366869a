package io.cairn.sql.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Every method of {@link java.sql.ResultSet} unsupported; subclasses override what Cairn supports. */
abstract class UnsupportedResultSet implements java.sql.ResultSet {

    @Override
    public boolean absolute(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.absolute is not supported by Cairn");
    }

    @Override
    public void afterLast() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.afterLast is not supported by Cairn");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.beforeFirst is not supported by Cairn");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.cancelRowUpdates is not supported by Cairn");
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.clearWarnings is not supported by Cairn");
    }

    @Override
    public void close() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.close is not supported by Cairn");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.deleteRow is not supported by Cairn");
    }

    @Override
    public int findColumn(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.findColumn is not supported by Cairn");
    }

    @Override
    public boolean first() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.first is not supported by Cairn");
    }

    @Override
    public java.sql.Array getArray(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getArray is not supported by Cairn");
    }

    @Override
    public java.sql.Array getArray(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getArray is not supported by Cairn");
    }

    @Override
    public java.io.InputStream getAsciiStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getAsciiStream is not supported by Cairn");
    }

    @Override
    public java.io.InputStream getAsciiStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getAsciiStream is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBigDecimal is not supported by Cairn");
    }

    @Override
    public java.io.InputStream getBinaryStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBinaryStream is not supported by Cairn");
    }

    @Override
    public java.io.InputStream getBinaryStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBinaryStream is not supported by Cairn");
    }

    @Override
    public java.sql.Blob getBlob(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBlob is not supported by Cairn");
    }

    @Override
    public java.sql.Blob getBlob(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBlob is not supported by Cairn");
    }

    @Override
    public boolean getBoolean(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBoolean is not supported by Cairn");
    }

    @Override
    public boolean getBoolean(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBoolean is not supported by Cairn");
    }

    @Override
    public byte getByte(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getByte is not supported by Cairn");
    }

    @Override
    public byte getByte(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getByte is not supported by Cairn");
    }

    @Override
    public byte[] getBytes(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBytes is not supported by Cairn");
    }

    @Override
    public byte[] getBytes(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getBytes is not supported by Cairn");
    }

    @Override
    public java.io.Reader getCharacterStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getCharacterStream is not supported by Cairn");
    }

    @Override
    public java.io.Reader getCharacterStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getCharacterStream is not supported by Cairn");
    }

    @Override
    public java.sql.Clob getClob(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getClob is not supported by Cairn");
    }

    @Override
    public java.sql.Clob getClob(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getClob is not supported by Cairn");
    }

    @Override
    public int getConcurrency() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getConcurrency is not supported by Cairn");
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getCursorName is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(String p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getDate is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getDate is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(int p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getDate is not supported by Cairn");
    }

    @Override
    public java.sql.Date getDate(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getDate is not supported by Cairn");
    }

    @Override
    public double getDouble(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getDouble is not supported by Cairn");
    }

    @Override
    public double getDouble(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getDouble is not supported by Cairn");
    }

    @Override
    public int getFetchDirection() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getFetchDirection is not supported by Cairn");
    }

    @Override
    public int getFetchSize() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getFetchSize is not supported by Cairn");
    }

    @Override
    public float getFloat(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getFloat is not supported by Cairn");
    }

    @Override
    public float getFloat(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getFloat is not supported by Cairn");
    }

    @Override
    public int getHoldability() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getHoldability is not supported by Cairn");
    }

    @Override
    public int getInt(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getInt is not supported by Cairn");
    }

    @Override
    public int getInt(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getInt is not supported by Cairn");
    }

    @Override
    public long getLong(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getLong is not supported by Cairn");
    }

    @Override
    public long getLong(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getLong is not supported by Cairn");
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getMetaData is not supported by Cairn");
    }

    @Override
    public java.io.Reader getNCharacterStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getNCharacterStream is not supported by Cairn");
    }

    @Override
    public java.io.Reader getNCharacterStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getNCharacterStream is not supported by Cairn");
    }

    @Override
    public java.sql.NClob getNClob(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getNClob is not supported by Cairn");
    }

    @Override
    public java.sql.NClob getNClob(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getNClob is not supported by Cairn");
    }

    @Override
    public String getNString(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getNString is not supported by Cairn");
    }

    @Override
    public String getNString(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getNString is not supported by Cairn");
    }

    @Override
    public <T> T getObject(String p0, Class<T> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(String p0, java.util.Map<String, Class<?>> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getObject is not supported by Cairn");
    }

    @Override
    public <T> T getObject(int p0, Class<T> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(int p0, java.util.Map<String, Class<?>> p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getObject is not supported by Cairn");
    }

    @Override
    public Object getObject(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getObject is not supported by Cairn");
    }

    @Override
    public java.sql.Ref getRef(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getRef is not supported by Cairn");
    }

    @Override
    public java.sql.Ref getRef(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getRef is not supported by Cairn");
    }

    @Override
    public int getRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getRow is not supported by Cairn");
    }

    @Override
    public java.sql.RowId getRowId(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getRowId is not supported by Cairn");
    }

    @Override
    public java.sql.RowId getRowId(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getRowId is not supported by Cairn");
    }

    @Override
    public java.sql.SQLXML getSQLXML(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getSQLXML is not supported by Cairn");
    }

    @Override
    public java.sql.SQLXML getSQLXML(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getSQLXML is not supported by Cairn");
    }

    @Override
    public short getShort(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getShort is not supported by Cairn");
    }

    @Override
    public short getShort(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getShort is not supported by Cairn");
    }

    @Override
    public java.sql.Statement getStatement() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getStatement is not supported by Cairn");
    }

    @Override
    public String getString(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getString is not supported by Cairn");
    }

    @Override
    public String getString(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getString is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(String p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(int p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Time getTime(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTime is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0, java.util.Calendar p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTimestamp is not supported by Cairn");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getTimestamp is not supported by Cairn");
    }

    @Override
    public int getType() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getType is not supported by Cairn");
    }

    @Override
    public java.net.URL getURL(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getURL is not supported by Cairn");
    }

    @Override
    public java.net.URL getURL(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getURL is not supported by Cairn");
    }

    @Override
    public java.io.InputStream getUnicodeStream(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getUnicodeStream is not supported by Cairn");
    }

    @Override
    public java.io.InputStream getUnicodeStream(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getUnicodeStream is not supported by Cairn");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.getWarnings is not supported by Cairn");
    }

    @Override
    public void insertRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.insertRow is not supported by Cairn");
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.isAfterLast is not supported by Cairn");
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.isBeforeFirst is not supported by Cairn");
    }

    @Override
    public boolean isClosed() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.isClosed is not supported by Cairn");
    }

    @Override
    public boolean isFirst() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.isFirst is not supported by Cairn");
    }

    @Override
    public boolean isLast() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.isLast is not supported by Cairn");
    }

    @Override
    public boolean isWrapperFor(Class<?> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.isWrapperFor is not supported by Cairn");
    }

    @Override
    public boolean last() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.last is not supported by Cairn");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.moveToCurrentRow is not supported by Cairn");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.moveToInsertRow is not supported by Cairn");
    }

    @Override
    public boolean next() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.next is not supported by Cairn");
    }

    @Override
    public boolean previous() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.previous is not supported by Cairn");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.refreshRow is not supported by Cairn");
    }

    @Override
    public boolean relative(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.relative is not supported by Cairn");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.rowDeleted is not supported by Cairn");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.rowInserted is not supported by Cairn");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.rowUpdated is not supported by Cairn");
    }

    @Override
    public void setFetchDirection(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.setFetchDirection is not supported by Cairn");
    }

    @Override
    public void setFetchSize(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.setFetchSize is not supported by Cairn");
    }

    @Override
    public <T> T unwrap(Class<T> p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.unwrap is not supported by Cairn");
    }

    @Override
    public void updateArray(String p0, java.sql.Array p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateArray is not supported by Cairn");
    }

    @Override
    public void updateArray(int p0, java.sql.Array p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateArray is not supported by Cairn");
    }

    @Override
    public void updateAsciiStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateAsciiStream is not supported by Cairn");
    }

    @Override
    public void updateAsciiStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateAsciiStream is not supported by Cairn");
    }

    @Override
    public void updateAsciiStream(String p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateAsciiStream is not supported by Cairn");
    }

    @Override
    public void updateAsciiStream(int p0, java.io.InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateAsciiStream is not supported by Cairn");
    }

    @Override
    public void updateAsciiStream(int p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateAsciiStream is not supported by Cairn");
    }

    @Override
    public void updateAsciiStream(int p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateAsciiStream is not supported by Cairn");
    }

    @Override
    public void updateBigDecimal(String p0, java.math.BigDecimal p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBigDecimal is not supported by Cairn");
    }

    @Override
    public void updateBigDecimal(int p0, java.math.BigDecimal p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBigDecimal is not supported by Cairn");
    }

    @Override
    public void updateBinaryStream(String p0, java.io.InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBinaryStream is not supported by Cairn");
    }

    @Override
    public void updateBinaryStream(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBinaryStream is not supported by Cairn");
    }

    @Override
    public void updateBinaryStream(String p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBinaryStream is not supported by Cairn");
    }

    @Override
    public void updateBinaryStream(int p0, java.io.InputStream p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBinaryStream is not supported by Cairn");
    }

    @Override
    public void updateBinaryStream(int p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBinaryStream is not supported by Cairn");
    }

    @Override
    public void updateBinaryStream(int p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBinaryStream is not supported by Cairn");
    }

    @Override
    public void updateBlob(String p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBlob is not supported by Cairn");
    }

    @Override
    public void updateBlob(String p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBlob is not supported by Cairn");
    }

    @Override
    public void updateBlob(String p0, java.sql.Blob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBlob is not supported by Cairn");
    }

    @Override
    public void updateBlob(int p0, java.io.InputStream p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBlob is not supported by Cairn");
    }

    @Override
    public void updateBlob(int p0, java.io.InputStream p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBlob is not supported by Cairn");
    }

    @Override
    public void updateBlob(int p0, java.sql.Blob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBlob is not supported by Cairn");
    }

    @Override
    public void updateBoolean(String p0, boolean p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBoolean is not supported by Cairn");
    }

    @Override
    public void updateBoolean(int p0, boolean p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBoolean is not supported by Cairn");
    }

    @Override
    public void updateByte(String p0, byte p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateByte is not supported by Cairn");
    }

    @Override
    public void updateByte(int p0, byte p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateByte is not supported by Cairn");
    }

    @Override
    public void updateBytes(String p0, byte[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBytes is not supported by Cairn");
    }

    @Override
    public void updateBytes(int p0, byte[] p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateBytes is not supported by Cairn");
    }

    @Override
    public void updateCharacterStream(String p0, java.io.Reader p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateCharacterStream(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateCharacterStream(int p0, java.io.Reader p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateCharacterStream(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateCharacterStream(int p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateClob(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateClob is not supported by Cairn");
    }

    @Override
    public void updateClob(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateClob is not supported by Cairn");
    }

    @Override
    public void updateClob(String p0, java.sql.Clob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateClob is not supported by Cairn");
    }

    @Override
    public void updateClob(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateClob is not supported by Cairn");
    }

    @Override
    public void updateClob(int p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateClob is not supported by Cairn");
    }

    @Override
    public void updateClob(int p0, java.sql.Clob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateClob is not supported by Cairn");
    }

    @Override
    public void updateDate(String p0, java.sql.Date p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateDate is not supported by Cairn");
    }

    @Override
    public void updateDate(int p0, java.sql.Date p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateDate is not supported by Cairn");
    }

    @Override
    public void updateDouble(String p0, double p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateDouble is not supported by Cairn");
    }

    @Override
    public void updateDouble(int p0, double p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateDouble is not supported by Cairn");
    }

    @Override
    public void updateFloat(String p0, float p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateFloat is not supported by Cairn");
    }

    @Override
    public void updateFloat(int p0, float p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateFloat is not supported by Cairn");
    }

    @Override
    public void updateInt(String p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateInt is not supported by Cairn");
    }

    @Override
    public void updateInt(int p0, int p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateInt is not supported by Cairn");
    }

    @Override
    public void updateLong(String p0, long p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateLong is not supported by Cairn");
    }

    @Override
    public void updateLong(int p0, long p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateLong is not supported by Cairn");
    }

    @Override
    public void updateNCharacterStream(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateNCharacterStream(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateNCharacterStream(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateNCharacterStream(int p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNCharacterStream is not supported by Cairn");
    }

    @Override
    public void updateNClob(String p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNClob is not supported by Cairn");
    }

    @Override
    public void updateNClob(String p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNClob is not supported by Cairn");
    }

    @Override
    public void updateNClob(String p0, java.sql.NClob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNClob is not supported by Cairn");
    }

    @Override
    public void updateNClob(int p0, java.io.Reader p1, long p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNClob is not supported by Cairn");
    }

    @Override
    public void updateNClob(int p0, java.io.Reader p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNClob is not supported by Cairn");
    }

    @Override
    public void updateNClob(int p0, java.sql.NClob p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNClob is not supported by Cairn");
    }

    @Override
    public void updateNString(String p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNString is not supported by Cairn");
    }

    @Override
    public void updateNString(int p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNString is not supported by Cairn");
    }

    @Override
    public void updateNull(String p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNull is not supported by Cairn");
    }

    @Override
    public void updateNull(int p0) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateNull is not supported by Cairn");
    }

    @Override
    public void updateObject(String p0, Object p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateObject is not supported by Cairn");
    }

    @Override
    public void updateObject(String p0, Object p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateObject is not supported by Cairn");
    }

    @Override
    public void updateObject(int p0, Object p1, int p2) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateObject is not supported by Cairn");
    }

    @Override
    public void updateObject(int p0, Object p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateObject is not supported by Cairn");
    }

    @Override
    public void updateRef(String p0, java.sql.Ref p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateRef is not supported by Cairn");
    }

    @Override
    public void updateRef(int p0, java.sql.Ref p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateRef is not supported by Cairn");
    }

    @Override
    public void updateRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateRow is not supported by Cairn");
    }

    @Override
    public void updateRowId(String p0, java.sql.RowId p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateRowId is not supported by Cairn");
    }

    @Override
    public void updateRowId(int p0, java.sql.RowId p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateRowId is not supported by Cairn");
    }

    @Override
    public void updateSQLXML(String p0, java.sql.SQLXML p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateSQLXML is not supported by Cairn");
    }

    @Override
    public void updateSQLXML(int p0, java.sql.SQLXML p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateSQLXML is not supported by Cairn");
    }

    @Override
    public void updateShort(String p0, short p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateShort is not supported by Cairn");
    }

    @Override
    public void updateShort(int p0, short p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateShort is not supported by Cairn");
    }

    @Override
    public void updateString(String p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateString is not supported by Cairn");
    }

    @Override
    public void updateString(int p0, String p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateString is not supported by Cairn");
    }

    @Override
    public void updateTime(String p0, java.sql.Time p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateTime is not supported by Cairn");
    }

    @Override
    public void updateTime(int p0, java.sql.Time p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateTime is not supported by Cairn");
    }

    @Override
    public void updateTimestamp(String p0, java.sql.Timestamp p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateTimestamp is not supported by Cairn");
    }

    @Override
    public void updateTimestamp(int p0, java.sql.Timestamp p1) throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.updateTimestamp is not supported by Cairn");
    }

    @Override
    public boolean wasNull() throws SQLException {
        throw new SQLFeatureNotSupportedException("ResultSet.wasNull is not supported by Cairn");
    }
}
