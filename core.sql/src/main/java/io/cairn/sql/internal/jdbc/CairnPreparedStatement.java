package io.cairn.sql.internal.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cairn.sql.internal.parser.Statement;
import io.cairn.sql.internal.type.SqlType;

/**
 * A prepared statement: the SQL is parsed once here (syntax errors surface at prepare time) and
 * run with its {@code ?} parameters, converted to the engine's value types.
 */
class CairnPreparedStatement extends UnsupportedPreparedStatement {

    /** The value of a parameter that was never set (null is a value: SQL NULL). */
    private static final Object UNSET = new Object();

    final String sql;
    final Statement parsed;
    final Object[] params;
    private final List<Object[]> batch = new ArrayList<>();
    /** Set when the statement was prepared with RETURN_GENERATED_KEYS. */
    GeneratedKeys keys;

    CairnPreparedStatement(CairnConnection connection, int resultSetType, String sql) throws SQLException {
        super(connection, resultSetType);
        this.sql = sql;
        this.parsed = connection.parseCached(sql);
        this.params = new Object[io.cairn.sql.internal.parser.AstWalker.parameterCount(parsed)];
        Arrays.fill(params, UNSET);
    }

    private Object[] bound() throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] == UNSET) {
                throw new SQLException("parameter " + (i + 1) + " of " + params.length + " is not set", "07001");
            }
        }
        return params.clone();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        return query(sql, parsed, bound());
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        Object[] args = bound();
        generatedKeys = null;
        long n = update(sql, parsed, args);
        if (keys != null) {
            generatedKeys = keys.resultSet(keys.values(connection, args));
        }
        return n;
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        if (keys != null) {
            executeLargeUpdate();
            return false;
        }
        return runAndKeep(sql, parsed, bound());
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(bound());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (parsed instanceof Statement.Select || parsed instanceof Statement.SelectForUpdate) {
            batch.clear();
            throw new SQLException("a batch cannot run a query: " + abbreviate(sql), "07000");
        }
        List<Object[]> todo = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[todo.size()];
        List<Object[]> keyRows = new ArrayList<>();
        generatedKeys = null;
        io.cairn.sql.internal.engine.BatchResult ran = null;
        if (!todo.isEmpty()) {
            closeCurrent(); // as the first entry's execution would
            // inside a transaction the engine runs the entries in one call, each as its own statement
            ran = connection.runBatch(sql, parsed, todo, timeout());
        }
        if (ran != null) {
            long[] done = ran.counts();
            System.arraycopy(done, 0, counts, 0, done.length);
            batchRan(done.length == 0 ? -1 : done[done.length - 1]);
            if (ran.failure() != null) {
                throw batchFailure(ran.failure(), counts, done.length);
            }
            if (keys != null) {
                for (Object[] args : todo) {
                    keyRows.addAll(keys.values(connection, args));
                }
                generatedKeys = keys.resultSet(keyRows);
            }
            return counts;
        }
        for (int i = 0; i < todo.size(); i++) {
            try {
                counts[i] = update(sql, parsed, todo.get(i));
                if (keys != null) {
                    keyRows.addAll(keys.values(connection, todo.get(i)));
                }
            } catch (SQLException e) {
                throw batchFailure(e, counts, i);
            }
        }
        if (keys != null) {
            generatedKeys = keys.resultSet(keyRows);
        }
        return counts;
    }

    // the String forms are not for prepared statements (JDBC says so)

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }

    private static SQLException notOnPrepared() {
        return new SQLException("a PreparedStatement runs its own SQL: call the method without a SQL argument",
                "HY000");
    }

    void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > params.length) {
            throw new SQLException("parameter index " + index + " is out of range: the statement has "
                    + params.length + " parameter(s)", "07009");
        }
        params[index - 1] = value;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, UNSET);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, null);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, null);
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        set(i, (int) x);
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        set(i, (int) x);
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        set(i, Double.valueOf(Float.toString(x))); // the float's decimal value, not its binary expansion
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        set(i, x == null ? null : x.toLocalDate());
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        set(i, x == null ? null : x.toLocalDateTime());
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        set(i, toEngineValue(x));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        set(i, convert(toEngineValue(x), targetSqlType, -1));
    }

    /** {@code scaleOrLength} is the scale for DECIMAL/NUMERIC (rounded half up) and ignored otherwise. */
    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(i, convert(toEngineValue(x), targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int i, Object x, java.sql.SQLType targetSqlType) throws SQLException {
        setObject(i, x, vendorType(targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
        setObject(i, x, vendorType(targetSqlType), scaleOrLength);
    }

    private static int vendorType(java.sql.SQLType t) throws SQLException {
        if (!(t instanceof java.sql.JDBCType) || t.getVendorTypeNumber() == null) {
            throw new SQLFeatureNotSupportedException("only java.sql.JDBCType target types are supported, not " + t);
        }
        return t.getVendorTypeNumber();
    }

    /**
     * Converts a bound value to the java.sql.Types the caller asked for, as SQL CAST would (so
     * {@code setObject(1, "42", Types.INTEGER)} binds the number 42); a value that does not convert
     * fails with the cast's SQLSTATE (22P02, 22003...). Types Cairn lacks throw
     * SQLFeatureNotSupportedException; an unknown type number fails with HY004.
     */
    static Object convert(Object v, int sqlType, int scale) throws SQLException {
        SqlType target = switch (sqlType) {
            case java.sql.Types.BIT, java.sql.Types.BOOLEAN -> SqlType.BOOLEAN;
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER -> SqlType.INT;
            case java.sql.Types.BIGINT -> SqlType.BIGINT;
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> SqlType.DECIMAL;
            case java.sql.Types.FLOAT, java.sql.Types.REAL, java.sql.Types.DOUBLE -> SqlType.DOUBLE;
            case java.sql.Types.CHAR, java.sql.Types.VARCHAR, java.sql.Types.LONGVARCHAR, java.sql.Types.NCHAR,
                    java.sql.Types.NVARCHAR, java.sql.Types.LONGNVARCHAR, java.sql.Types.CLOB,
                    java.sql.Types.NCLOB -> SqlType.TEXT;
            case java.sql.Types.DATE -> SqlType.DATE;
            case java.sql.Types.TIMESTAMP -> SqlType.TIMESTAMP;
            case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY,
                    java.sql.Types.BLOB -> SqlType.BLOB;
            case java.sql.Types.NULL, java.sql.Types.OTHER, java.sql.Types.JAVA_OBJECT -> null; // as given
            case java.sql.Types.TIME, java.sql.Types.TIME_WITH_TIMEZONE, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
                    java.sql.Types.ARRAY, java.sql.Types.STRUCT, java.sql.Types.REF, java.sql.Types.DATALINK,
                    java.sql.Types.ROWID, java.sql.Types.SQLXML, java.sql.Types.REF_CURSOR, java.sql.Types.DISTINCT ->
                throw new SQLFeatureNotSupportedException("Cairn has no " + java.sql.JDBCType.valueOf(sqlType)
                        + " type");
            default -> throw new SQLException("unknown java.sql.Types value " + sqlType, "HY004");
        };
        if (target == null || v == null) {
            return v;
        }
        Object converted = io.cairn.sql.internal.type.Values.cast(v, target);
        if (target == SqlType.DECIMAL && scale >= 0) {
            converted = ((BigDecimal) converted).setScale(scale, java.math.RoundingMode.HALF_UP);
        }
        return converted;
    }

    /** A Java value as one of the engine's value types; 22023 for classes it cannot take. */
    static Object toEngineValue(Object x) throws SQLException {
        if (x == null || x instanceof Boolean || x instanceof Integer || x instanceof Long || x instanceof Double
                || x instanceof BigDecimal || x instanceof String || x instanceof LocalDate
                || x instanceof LocalDateTime) {
            return x;
        }
        if (x instanceof Short || x instanceof Byte) {
            return ((Number) x).intValue();
        }
        if (x instanceof Float f) {
            return Double.valueOf(f.toString());
        }
        if (x instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (x instanceof Character c) {
            return c.toString();
        }
        if (x instanceof byte[] b) {
            return b.clone();
        }
        if (x instanceof Date d) {
            return d.toLocalDate();
        }
        if (x instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (x instanceof java.sql.Time) {
            throw new SQLFeatureNotSupportedException("Cairn has no TIME type");
        }
        throw new SQLException("cannot bind a " + x.getClass().getName() + " as a parameter", "22023");
    }

    @Override
    public void setTime(int i, java.sql.Time x) throws SQLException {
        throw new SQLFeatureNotSupportedException("Cairn has no TIME type");
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null; // JDBC allows null when the columns are not known before execution
    }
}
