package io.cairn.sql.internal.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.sql.internal.parser.Statement;

/**
 * A statement: runs SQL text through the connection's session. A forward-only SELECT streams:
 * its result reads rows from the engine as {@code next()} needs them (JDBC.md, "Streaming
 * results"); other results are materialized by the engine.
 */
class CairnStatement extends UnsupportedStatement {

    final CairnConnection connection;
    final int resultSetType;
    private boolean closed;
    private boolean closeOnCompletion;
    private int queryTimeoutSeconds;
    private long maxRows;
    private int fetchSize;
    /** ResultSet.CLOSE_CURSORS_AT_COMMIT or HOLD_CURSORS_OVER_COMMIT, set by the connection. */
    int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    /** Rows a streaming result reads per fetch when no fetch size is set. */
    static final int DEFAULT_FETCH_ROWS = 1_000;
    private ResultSet current;
    private long updateCount = -1;
    private final List<String> batch = new ArrayList<>();
    /** What getGeneratedKeys() returns: the keys of the last execution that asked for them. */
    ResultSet generatedKeys;

    CairnStatement(CairnConnection connection, int resultSetType) {
        this.connection = connection;
        this.resultSetType = resultSetType;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the statement is closed", "HY010");
        }
        connection.checkOpen();
    }

    /** Statements that never return rows: executeQuery refuses them before they run. */
    static boolean neverReturnsRows(Statement st) {
        return st instanceof Statement.Insert || st instanceof Statement.Update || st instanceof Statement.Delete
                || st instanceof Statement.CreateTable || st instanceof Statement.DropTable
                || st instanceof Statement.AddColumn || st instanceof Statement.DropColumn
                || st instanceof Statement.CreateIndex || st instanceof Statement.AlterIndex
                || st instanceof Statement.AlterTableOwner
                || st instanceof Statement.DropIndex || st instanceof Statement.Begin
                || st instanceof Statement.Commit || st instanceof Statement.Rollback
                || st instanceof Statement.Savepoint || st instanceof Statement.ReleaseSavepoint
                || st instanceof Statement.SetTransaction || st instanceof Statement.SetParameter;
    }

    /** Runs the statement and makes its result current; true if it is a result set. */
    boolean runAndKeep(String sql, Statement parsed, Object[] params) throws SQLException {
        checkOpen();
        closeCurrent();
        Duration timeout = queryTimeoutSeconds > 0 ? Duration.ofSeconds(queryTimeoutSeconds) : null;
        int fetchRows = 0;
        if (resultSetType == ResultSet.TYPE_FORWARD_ONLY && parsed instanceof Statement.Select) {
            // rows per fetch: the fetch size, within the engine's memory bound; the first fetch runs now
            long bound = Math.max(1, connection.engine().memoryBound());
            fetchRows = (int) Math.min(fetchSize > 0 ? fetchSize : DEFAULT_FETCH_ROWS, bound);
            if (maxRows > 0) {
                fetchRows = (int) Math.min(fetchRows, maxRows);
            }
        }
        SqlResult r = connection.run(sql, parsed, params, timeout, fetchRows);
        if (r.stream() != null) {
            if (maxRows > 0 && r.rows().size() >= maxRows) {
                connection.streamDone(null, r.stream()); // setMaxRows reached with the first rows: the statement ends
            } else {
                CairnResultSet rs = new CairnResultSet(this, r.columnNames(), r.columnTypes(), r.rows(), resultSetType);
                rs.stream(connection, r.stream(), fetchRows, maxRows, holdability);
                connection.streaming(rs);
                current = rs;
                updateCount = -1;
                return true;
            }
        }
        if (r.isQuery()) {
            List<Object[]> rows = r.rows();
            if (maxRows > 0 && rows.size() > maxRows) {
                rows = rows.subList(0, (int) maxRows);
            }
            long bound = connection.engine().memoryBound();
            if (resultSetType == ResultSet.TYPE_SCROLL_INSENSITIVE && rows.size() > bound) {
                // a scrollable result is held whole for the cursor to move over: as bounded as a sort
                throw new SQLException("a TYPE_SCROLL_INSENSITIVE result of " + rows.size()
                        + " rows exceeds the memory bound of " + bound + " rows; use a forward-only result, "
                        + "setMaxRows or LIMIT", "53200");
            }
            current = new CairnResultSet(this, r.columnNames(), r.columnTypes(), rows, resultSetType);
            updateCount = -1;
            return true;
        }
        updateCount = r.updateCount();
        return false;
    }

    ResultSet query(String sql, Statement parsed, Object[] params) throws SQLException {
        if (neverReturnsRows(parsed)) {
            throw new SQLException("executeQuery needs a statement that returns rows; use executeUpdate or execute for: "
                    + abbreviate(sql), "07000");
        }
        if (!runAndKeep(sql, parsed, params)) {
            throw new SQLException("the statement returned no rows; use executeUpdate or execute for: "
                    + abbreviate(sql), "07000");
        }
        return current;
    }

    long update(String sql, Statement parsed, Object[] params) throws SQLException {
        if (parsed instanceof Statement.Select || parsed instanceof Statement.SelectForUpdate) {
            throw new SQLException("executeUpdate cannot run a query; use executeQuery for: " + abbreviate(sql),
                    "07000");
        }
        if (runAndKeep(sql, parsed, params)) {
            closeCurrent();
            return 0;
        }
        return updateCount;
    }

    /** The query timeout as the engine takes it, null for none. */
    Duration timeout() {
        return queryTimeoutSeconds > 0 ? Duration.ofSeconds(queryTimeoutSeconds) : null;
    }

    /** Sets what getUpdateCount answers after a batch ran as one engine call: the last entry's count. */
    void batchRan(long lastCount) throws SQLException {
        closeCurrent();
        updateCount = lastCount;
    }

    static String abbreviate(String sql) {
        return sql.length() > 100 ? sql.substring(0, 100) + "..." : sql;
    }

    void closeCurrent() throws SQLException {
        if (current != null) {
            ResultSet rs = current;
            current = null;
            ((CairnResultSet) rs).closeFromStatement();
        }
        updateCount = -1;
    }

    /** Called by a result set of this statement as it closes. */
    void resultSetClosed(ResultSet rs) throws SQLException {
        if (rs != current) {
            return;
        }
        current = null;
        if (closeOnCompletion) {
            close();
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        checkOpen();
        return query(sql, connection.parseCached(sql), new Object[0]);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        checkOpen();
        return update(sql, connection.parseCached(sql), new Object[0]);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        checkOpen();
        return runAndKeep(sql, connection.parseCached(sql), new Object[0]);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != RETURN_GENERATED_KEYS) {
            noGeneratedKeys(autoGeneratedKeys);
            return execute(sql);
        }
        executeLargeUpdate(sql, autoGeneratedKeys);
        return false;
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) executeLargeUpdate(sql, autoGeneratedKeys);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys != RETURN_GENERATED_KEYS) {
            noGeneratedKeys(autoGeneratedKeys);
            return executeLargeUpdate(sql);
        }
        checkOpen();
        Statement parsed = connection.parseCached(sql);
        GeneratedKeys keys = GeneratedKeys.plan(connection, parsed);
        generatedKeys = null;
        long n = update(sql, parsed, new Object[0]);
        generatedKeys = keys.resultSet(keys.values(connection, new Object[0]));
        return n;
    }

    static void noGeneratedKeys(int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == RETURN_GENERATED_KEYS) {
            throw new SQLFeatureNotSupportedException("generated keys are not supported yet");
        }
        if (autoGeneratedKeys != NO_GENERATED_KEYS) {
            throw new SQLException("bad autoGeneratedKeys " + autoGeneratedKeys, "HY092");
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys != null) {
            return generatedKeys;
        }
        return new CairnResultSet(null, List.of(), List.of(), List.of(), ResultSet.TYPE_FORWARD_ONLY);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, updateCount);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current == KEEP_CURRENT_RESULT || current == CLOSE_ALL_RESULTS) {
            throw new SQLFeatureNotSupportedException("only CLOSE_CURRENT_RESULT is supported");
        }
        closeCurrent(); // one result per statement: no more
        return false;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] l = executeLargeBatch();
        int[] r = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            r[i] = (int) Math.min(Integer.MAX_VALUE, l[i]);
        }
        return r;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> todo = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[todo.size()];
        for (int i = 0; i < todo.size(); i++) {
            try {
                counts[i] = batchUpdate(todo.get(i));
            } catch (SQLException e) {
                throw batchFailure(e, counts, i);
            }
        }
        return counts;
    }

    private long batchUpdate(String sql) throws SQLException {
        Statement parsed = connection.parseCached(sql);
        if (runAndKeep(sql, parsed, new Object[0])) {
            closeCurrent();
            throw new SQLException("a batch cannot hold a statement that returns rows: " + abbreviate(sql), "07000");
        }
        return updateCount;
    }

    static BatchUpdateException batchFailure(SQLException e, long[] counts, int done) {
        long[] soFar = java.util.Arrays.copyOf(counts, done);
        BatchUpdateException b = new BatchUpdateException("batch entry " + done + " failed: " + e.getMessage(),
                e.getSQLState(), e.getErrorCode(), soFar, e);
        return b;
    }

    @Override
    public void cancel() throws SQLException {
        if (closed) {
            throw new SQLException("the statement is closed", "HY010");
        }
        connection.cancelRunning();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("negative query timeout " + seconds, "HY024");
        }
        queryTimeoutSeconds = seconds;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeoutSeconds;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("negative max rows " + max, "HY024");
        }
        maxRows = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, maxRows);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max != 0) {
            throw new SQLFeatureNotSupportedException("max field size is not supported (only 0, no limit)");
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        if (enable) {
            // JDBC escapes ({fn ...}, {d '...'}) are not translated; plain SQL passes through unchanged
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("negative fetch size " + rows, "HY024");
        }
        fetchSize = rows; // rows per fetch of a streaming result (and its first, read by execute)
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLFeatureNotSupportedException("only FETCH_FORWARD is supported");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return resultSetType;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return resultSetType == ResultSet.TYPE_SCROLL_INSENSITIVE ? ResultSet.HOLD_CURSORS_OVER_COMMIT : holdability;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
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
    public void setCursorName(String name) throws SQLException {
        throw new SQLFeatureNotSupportedException("named cursors are not supported");
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            ResultSet rs = current;
            current = null;
            ((CairnResultSet) rs).closeFromStatement();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
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
