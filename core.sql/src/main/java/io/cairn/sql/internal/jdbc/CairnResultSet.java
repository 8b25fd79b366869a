package io.cairn.sql.internal.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cairn.sql.internal.type.SqlType;

/**
 * A read-only result set: scroll-insensitive over rows the engine materialized, or forward-only,
 * reading the rows of a streaming SELECT a fetch at a time (then only the current fetch is held).
 * Getters convert between the engine's value types where JDBC expects it; a conversion that
 * would lose information (a fraction to getInt, a value out of range) fails with 22003/22018.
 */
final class CairnResultSet extends UnsupportedResultSet {

    private final CairnStatement statement;
    final List<String> names;
    final List<SqlType> types;
    private List<Object[]> rows;
    private final int type;
    /** Column numbers by lower-case label, made at the first lookup by label of a wide result. */
    private Map<String, Integer> byLabel;
    /** Results at most this wide find a label by comparing names: no map per result set. */
    private static final int SCANNED_LABELS = 8;
    /** Set for a streaming result only (a small result pays for one field, not for the cursor). */
    private Streamed st;

    /** Where a streaming result is: its source, the current fetch and the row it is on. */
    private static final class Streamed {
        io.cairn.sql.internal.engine.ResultStream stream;
        CairnConnection connection;
        List<Object[]> batch;
        int batchAt;
        Object[] current;
        long rowNumber;
        long received;
        boolean streamDone;
        int fetchRows;
        long maxRows;
        int holdability;
        /** The most rows this result held at once (tests check the memory bound with it). */
        int heldMost;
        /** Why the result closed without the client asking (commit, rollback, connection close). */
        String closedBecause;
    }
    /** 0 = before the first row, rows.size() + 1 = after the last. */
    private int cursor;
    private boolean closed;
    private boolean wasNull;

    CairnResultSet(CairnStatement statement, List<String> names, List<SqlType> types, List<Object[]> rows, int type) {
        this.statement = statement;
        this.names = names;
        this.types = types;
        this.rows = rows;
        this.type = type;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException(st != null && st.closedBecause != null ? "the result set is closed: " + st.closedBecause
                    : "the result set is closed", "HY010");
        }
    }

    /** Makes this a streaming result: {@code rows} are its first, the rest come from {@code stream}. */
    void stream(CairnConnection connection, io.cairn.sql.internal.engine.ResultStream stream, int fetchRows,
            long maxRows, int holdability) {
        Streamed c = new Streamed();
        c.connection = connection;
        c.stream = stream;
        c.batch = rows;
        this.rows = List.of(); // only the current fetch is held
        c.received = c.batch.size();
        c.heldMost = c.batch.size();
        c.fetchRows = Math.max(1, fetchRows);
        c.maxRows = maxRows;
        c.holdability = holdability;
        this.st = c;
    }

    int holdability() {
        return st == null ? HOLD_CURSORS_OVER_COMMIT : st.holdability;
    }

    boolean isStreaming() {
        return st != null;
    }

    int heldMost() {
        return st.heldMost;
    }

    /** Reads the next fetch into the current fetch; false once there are no more rows. */
    private boolean fetchMore() throws SQLException {
        if (st.streamDone) {
            return false;
        }
        int want = st.fetchRows;
        if (st.maxRows > 0) {
            want = (int) Math.min(want, st.maxRows - st.received);
        }
        List<Object[]> next = List.of();
        st.batch = List.of(); // the rows read before go now
        st.batchAt = 0;
        if (want > 0) {
            next = st.connection.fetch(st.stream, want);
        }
        if (next.isEmpty()) {
            st.streamDone = true;
            st.connection.streamDone(this, st.stream); // read to the end (or to setMaxRows): the statement ends
            return false;
        }
        st.batch = next;
        st.received += next.size();
        st.heldMost = Math.max(st.heldMost, next.size());
        return true;
    }

    private boolean streamNext() throws SQLException {
        if (st.batchAt >= st.batch.size() && !fetchMore()) {
            if (st.current != null || st.rowNumber > 0) {
                st.current = null;
                st.rowNumber = -1; // after the last row
            }
            return false;
        }
        st.current = st.batch.get(st.batchAt++);
        st.rowNumber++;
        return true;
    }

    private void checkScrollable() throws SQLException {
        checkOpen();
        if (type == TYPE_FORWARD_ONLY) {
            throw new SQLException("the result set is TYPE_FORWARD_ONLY", "HY106");
        }
    }

    // ---- navigation

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (st != null) {
            return streamNext();
        }
        if (cursor <= rows.size()) {
            cursor++;
        }
        return cursor <= rows.size();
    }

    @Override
    public boolean previous() throws SQLException {
        checkScrollable();
        if (cursor > 0) {
            cursor--;
        }
        return cursor >= 1;
    }

    @Override
    public boolean first() throws SQLException {
        return absolute(1);
    }

    @Override
    public boolean last() throws SQLException {
        return absolute(-1);
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkScrollable();
        int n = rows.size();
        int target = row >= 0 ? row : n + 1 + row;
        if (target < 0) {
            target = 0;
        } else if (target > n) {
            target = n + 1;
        }
        cursor = target;
        return cursor >= 1 && cursor <= n;
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        checkScrollable();
        long target = (long) cursor + delta;
        int n = rows.size();
        cursor = (int) Math.max(0, Math.min(n + 1L, target));
        return cursor >= 1 && cursor <= n;
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkScrollable();
        cursor = 0;
    }

    @Override
    public void afterLast() throws SQLException {
        checkScrollable();
        cursor = rows.size() + 1;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        if (st != null) {
            return st.rowNumber == 0 && !st.batch.isEmpty();
        }
        return cursor == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        if (st != null) {
            return st.rowNumber < 0;
        }
        return cursor == rows.size() + 1 && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        if (st != null) {
            return st.rowNumber == 1;
        }
        return cursor == 1 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        if (st != null) { // may read the next fetch to know (the current row stays)
            return st.current != null && st.batchAt >= st.batch.size() && !fetchMore();
        }
        return cursor == rows.size() && !rows.isEmpty();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        if (st != null) {
            return st.current == null ? 0 : (int) Math.min(Integer.MAX_VALUE, st.rowNumber);
        }
        return cursor >= 1 && cursor <= rows.size() ? cursor : 0;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return type;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return type == TYPE_FORWARD_ONLY && statement != null ? statement.holdability : HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD && type == TYPE_FORWARD_ONLY) {
            throw new SQLException("the result set is TYPE_FORWARD_ONLY", "HY106");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("negative fetch size " + rows, "HY024");
        }
        if (st != null) {
            st.fetchRows = rows > 0 ? (int) Math.min(rows, Math.max(1, st.connection.engine().memoryBound()))
                    : CairnStatement.DEFAULT_FETCH_ROWS;
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return st != null ? st.fetchRows : 0;
    }

    // ---- values

    private Object value(int column) throws SQLException {
        checkOpen();
        if (column < 1 || column > names.size()) {
            throw new SQLException("column index " + column + " is out of range 1.." + names.size(), "07009");
        }
        Object v;
        if (st != null) {
            if (st.current == null) {
                throw new SQLException("the cursor is not on a row (call next() first)", "24000");
            }
            v = st.current[column - 1];
        } else {
            if (cursor < 1 || cursor > rows.size()) {
                throw new SQLException("the cursor is not on a row (call next() first)", "24000");
            }
            v = rows.get(cursor - 1)[column - 1];
        }
        wasNull = v == null;
        return v;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        Integer i = label == null ? null : columnOf(label);
        if (i == null) {
            throw new SQLException("no column labelled " + label + " in the result (columns: " + names + ")", "42703");
        }
        return i;
    }

    /** The first column labelled {@code label} (case-insensitive), or null. */
    private Integer columnOf(String label) {
        if (names.size() <= SCANNED_LABELS) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(label)) {
                    return i + 1;
                }
            }
            return null;
        }
        if (byLabel == null) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = names.size() - 1; i >= 0; i--) { // the first of equal labels wins
                m.put(names.get(i).toLowerCase(Locale.ROOT), i + 1);
            }
            byLabel = m;
        }
        return byLabel.get(label.toLowerCase(Locale.ROOT));
    }

    private static SQLException cannot(Object v, String to) {
        return new SQLException("cannot convert " + v.getClass().getSimpleName() + " value " + v + " to " + to,
                "22018");
    }

    private static BigDecimal exactNumber(Object v, String to) throws SQLException {
        if (v instanceof Integer || v instanceof Long) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigDecimal b) {
            return b;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw cannot(v, to);
            }
            return BigDecimal.valueOf(d);
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(v, to);
            }
        }
        throw cannot(v, to);
    }

    private long integral(int column, long min, long max, String to) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Integer || v instanceof Long) {
            long l = ((Number) v).longValue();
            if (l < min || l > max) {
                throw new SQLException("value " + v + " is out of range for " + to, "22003");
            }
            return l;
        }
        BigDecimal b = exactNumber(v, to);
        try {
            long l = b.longValueExact();
            if (l < min || l > max) {
                throw new SQLException("value " + v + " is out of range for " + to, "22003");
            }
            return l;
        } catch (ArithmeticException e) {
            if (b.stripTrailingZeros().scale() > 0) {
                throw new SQLException("value " + v + " has a fraction; " + to + " would lose it", "22018");
            }
            throw new SQLException("value " + v + " is out of range for " + to, "22003");
        }
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("1") || t.equals("t") || t.equals("yes")) {
                return true;
            }
            if (t.equals("false") || t.equals("0") || t.equals("f") || t.equals("no")) {
                return false;
            }
            throw cannot(v, "boolean");
        }
        if (v instanceof Number) {
            return exactNumber(v, "boolean").signum() != 0;
        }
        throw cannot(v, "boolean");
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) integral(column, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) integral(column, Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public int getInt(int column) throws SQLException {
        return (int) integral(column, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public long getLong(int column) throws SQLException {
        return integral(column, Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    @Override
    public double getDouble(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(v, "double");
            }
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw cannot(v, "double");
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return (float) getDouble(column);
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : exactNumber(v, "BigDecimal");
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal b = getBigDecimal(column);
        return b == null ? null : b.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof byte[] b) {
            StringBuilder s = new StringBuilder(b.length * 2);
            for (byte x : b) {
                s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            }
            return s.toString();
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t).toString();
        }
        return v.toString();
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        throw cannot(v, "byte[]");
    }

    @Override
    public Date getDate(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (v instanceof LocalDateTime t) {
            return Date.valueOf(t.toLocalDate());
        }
        if (v instanceof String s) {
            try {
                return Date.valueOf(LocalDate.parse(s.trim()));
            } catch (RuntimeException e) {
                throw cannot(v, "Date");
            }
        }
        throw cannot(v, "Date");
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (v instanceof LocalDate d) {
            return Timestamp.valueOf(d.atStartOfDay());
        }
        if (v instanceof String s) {
            try {
                return Timestamp.valueOf(LocalDateTime.parse(s.trim().replace(' ', 'T')));
            } catch (RuntimeException e) {
                throw cannot(v, "Timestamp");
            }
        }
        throw cannot(v, "Timestamp");
    }

    @Override
    public Object getObject(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return v;
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject needs a type", "HY009");
        }
        Object v = value(column);
        if (v == null) {
            return null;
        }
        Object r;
        if (type == String.class) {
            r = getString(column);
        } else if (type == Integer.class) {
            r = getInt(column);
        } else if (type == Long.class) {
            r = getLong(column);
        } else if (type == Short.class) {
            r = getShort(column);
        } else if (type == Byte.class) {
            r = getByte(column);
        } else if (type == Double.class) {
            r = getDouble(column);
        } else if (type == Float.class) {
            r = getFloat(column);
        } else if (type == BigDecimal.class) {
            r = getBigDecimal(column);
        } else if (type == Boolean.class) {
            r = getBoolean(column);
        } else if (type == byte[].class) {
            r = getBytes(column);
        } else if (type == Date.class) {
            r = getDate(column);
        } else if (type == Timestamp.class) {
            r = getTimestamp(column);
        } else if (type == LocalDate.class) {
            r = getDate(column).toLocalDate();
        } else if (type == LocalDateTime.class) {
            r = getTimestamp(column).toLocalDateTime();
        } else if (type.isInstance(v)) {
            r = v;
        } else {
            throw new SQLException("cannot convert " + v.getClass().getSimpleName() + " to " + type.getName(),
                    "22018");
        }
        return type.cast(r);
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        if (map == null || map.isEmpty()) {
            return getObject(column);
        }
        throw new SQLFeatureNotSupportedException("type maps are not supported");
    }

    // ---- by label

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public String getNString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(label), map);
    }

    // ---- the rest

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new CairnResultSetMetaData(names, types);
    }

    @Override
    public java.sql.Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            endStream();
        } finally {
            if (statement != null) {
                statement.resultSetClosed(this);
            }
        }
    }

    /** A streaming result's statement ends here if it has not (closed before its last row). */
    private void endStream() {
        if (st != null && !st.streamDone) {
            st.streamDone = true;
            st.batch = List.of();
            st.current = null;
            st.connection.streamDone(this, st.stream);
        }
    }

    /** Closed by its statement (re-executed or closed): no call back. */
    void closeFromStatement() {
        closed = true;
        endStream();
    }

    /** Closed by a commit or rollback (CLOSE_CURSORS_AT_COMMIT) or the connection's close; the caller holds its lock. */
    void closeAtTransactionEnd(String why) {
        if (closed) {
            return;
        }
        closed = true;
        st.closedBecause = why;
        st.streamDone = true;
        st.batch = List.of();
        st.current = null;
        st.stream.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
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
