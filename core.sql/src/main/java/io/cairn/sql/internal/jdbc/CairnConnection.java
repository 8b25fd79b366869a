package io.cairn.sql.internal.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.txn.Session;

/**
 * A connection: one kernel {@link Session} on an {@link EmbeddedDatabase}. In autocommit mode each
 * statement is its own transaction; with autocommit off the connection sends BEGIN before the first
 * statement of each transaction and COMMIT/ROLLBACK for {@link #commit()}/{@link #rollback()}.
 */
final class CairnConnection extends UnsupportedConnection {

    private final CairnDriver driver;
    final EmbeddedDatabase db;
    final String url;
    final String user;
    final Session session;
    /** Serializes statements of this connection (the session runs one at a time); cancel() does not take it. */
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger savepointIds = new AtomicInteger();
    private volatile boolean closed;
    private boolean autoCommit = true;
    /** A transaction block (BEGIN) is open in the engine. */
    private boolean inTransaction;
    private int isolation;
    private boolean readOnly;
    private final Properties clientInfo = new Properties();
    private volatile int networkTimeout;
    /**
     * Results streaming from this connection's session (at most one still reading: ResultStream),
     * weakly: a result the application dropped without closing is not kept with its buffer.
     */
    private final java.util.List<java.lang.ref.WeakReference<CairnResultSet>> streaming = new java.util.ArrayList<>();
    /** What new statements' forward-only results do at commit: closed (default, as PostgreSQL) or buffered. */
    private int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;

    CairnConnection(CairnDriver driver, EmbeddedDatabase db, String url, String user, int isolation, boolean readOnly)
            throws SQLException {
        this.driver = driver;
        this.db = db;
        this.url = url;
        this.user = user;
        this.session = db.engine.openSession(user, "jdbc " + url); // admission controllers may refuse (53300)
        this.readOnly = readOnly;
        this.isolation = Connection.TRANSACTION_READ_COMMITTED;
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
            try {
                setTransactionIsolation(isolation);
            } catch (SQLException | RuntimeException e) {
                db.engine.forget(session);
                session.close(); // the driver releases the database
                throw e;
            }
        }
    }

    SqlEngine engine() {
        return db.engine;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the connection is closed", "08003");
        }
        if (!db.isOpen()) {
            throw new SQLException("database '" + db.containerName() + "' was closed by the container; "
                    + "open a new connection once it is back", "08003");
        }
    }

    /**
     * Runs one parsed statement for a Statement of this connection: BEGIN first when autocommit is
     * off and no transaction is open; read-only connections refuse statements that write.
     */
    SqlResult run(String sql, Statement parsed, Object[] params, Duration timeout) throws SQLException {
        return run(sql, parsed, params, timeout, 0);
    }

    /**
     * As {@link #run(String, Statement, Object[], Duration)}; with {@code streamRows} above 0 a
     * SELECT of more rows returns them through a {@link io.cairn.sql.internal.engine.ResultStream}
     * read {@code streamRows} at a time (JDBC.md, "Streaming results").
     */
    SqlResult run(String sql, Statement parsed, Object[] params, Duration timeout, int streamRows) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            checkOpen();
            if (readOnly && (parsed instanceof Statement.SelectForUpdate
                    || parsed instanceof Statement.Explain x && x.statement() instanceof Statement.SelectForUpdate)) {
                throw new SQLException("cannot execute SELECT ... FOR UPDATE or FOR SHARE in a read-only connection:"
                        + " it locks rows", "25006");
            }
            if (readOnly && !readOnlySafe(parsed)) {
                throw new SQLException("the connection is read-only: " + parsed.getClass().getSimpleName()
                        + " statements are not allowed", "25006");
            }
            boolean ends = parsed instanceof Statement.Commit
                    || parsed instanceof Statement.Rollback r && r.savepoint() == null;
            if (ends) {
                transactionEnds();
            }
            if (!autoCommit && !inTransaction && !(parsed instanceof Statement.Begin) && !ends) {
                call("BEGIN");
                inTransaction = true;
            }
            try {
                SqlResult result = call(sql, parsed, params, timeout, streamRows);
                if (parsed instanceof Statement.Begin) {
                    inTransaction = true;
                } else if (parsed instanceof Statement.SetTransaction st && !inTransaction) {
                    // SQL changed the session's default level: keep getTransactionIsolation() true
                    isolation = st.level() == Statement.IsolationLevel.READ_COMMITTED
                            ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_REPEATABLE_READ;
                }
                return result;
            } finally {
                if (ends) {
                    inTransaction = false; // the engine ends the block even when COMMIT fails
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a prepared DML statement's batch as one engine call inside the connection's
     * transaction ({@link io.cairn.sql.internal.engine.SqlEngine#executeBatch}); null, having run
     * nothing, where the entries must run one by one (autocommit, a read-only connection, or what
     * the engine declines).
     */
    io.cairn.sql.internal.engine.BatchResult runBatch(String sql, Statement parsed, java.util.List<Object[]> sets,
            Duration timeout) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            checkOpen();
            if (autoCommit || readOnly) {
                return null; // each entry commits on its own, or is refused on its own
            }
            if (!inTransaction) {
                call("BEGIN");
                inTransaction = true;
            }
            io.cairn.sql.internal.engine.BatchResult r;
            try {
                r = db.engine.executeBatch(session, sql, parsed, sets, timeout);
            } catch (RuntimeException e) {
                throw new SQLException(String.valueOf(e.getMessage()), "XX000", e);
            }
            if (r != null && r.failure() != null && "57P01".equals(r.failure().getSQLState()) && !closed) {
                closed = true; // closed by cairn:session-kill --close: the session is gone
                db.engine.forget(session);
                db.release();
            }
            return r;
        } finally {
            lock.unlock();
        }
    }

    private SqlResult call(String sql) throws SQLException {
        return call(sql, null, new Object[0], null, 0);
    }

    private SqlResult call(String sql, Statement parsed, Object[] params, Duration timeout, int streamRows)
            throws SQLException {
        try {
            // a prepared (or just parsed) statement is not parsed again
            return streamRows > 0 && parsed != null ? db.engine.stream(session, sql, parsed, params, timeout, streamRows)
                    : parsed != null ? db.engine.execute(session, sql, parsed, params, timeout)
                    : db.engine.execute(session, sql, params, timeout);
        } catch (SqlException e) {
            if ("57P01".equals(e.getSQLState()) && !closed) {
                closed = true; // closed by cairn:session-kill --close: the session is gone
                db.engine.forget(session);
                db.release();
            }
            throw e;
        } catch (RuntimeException e) {
            throw new SQLException(String.valueOf(e.getMessage()), "XX000", e);
        }
    }

    /**
     * Parses through the engine's parse cache: the text parses once, and the engine finds the
     * plan-cache shape of this very statement without another look.
     */
    Statement parseCached(String sql) throws SQLException {
        try {
            return db.engine.parse(sql);
        } catch (RuntimeException e) {
            throw new SQLException("cannot parse: " + e.getMessage(), SqlException.SYNTAX_ERROR, e);
        }
    }

    static Statement parse(String sql) throws SQLException {
        try {
            return Parser.parse(sql);
        } catch (RuntimeException e) {
            throw new SQLException("cannot parse: " + e.getMessage(), SqlException.SYNTAX_ERROR, e);
        }
    }

    private static boolean readOnlySafe(Statement st) {
        return st instanceof Statement.Select || st instanceof Statement.Show
                || st instanceof Statement.Explain e && !e.analyze() && e.statement() instanceof Statement.Select
                || st instanceof Statement.Begin || st instanceof Statement.Commit || st instanceof Statement.Rollback
                || st instanceof Statement.Savepoint || st instanceof Statement.ReleaseSavepoint
                || st instanceof Statement.SetTransaction || st instanceof Statement.SetParameter;
    }

    /** The next rows of a streaming result of this connection, serialized with its other statements. */
    java.util.List<Object[]> fetch(io.cairn.sql.internal.engine.ResultStream stream, int max) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            checkOpen();
            return stream.fetch(max);
        } catch (SqlException e) {
            if ("57P01".equals(e.getSQLState()) && !closed) {
                closed = true; // closed by cairn:session-kill --close while the result was open
                db.engine.forget(session);
                db.release();
            }
            throw e;
        } catch (RuntimeException e) {
            throw new SQLException(String.valueOf(e.getMessage()), "XX000", e);
        } finally {
            lock.unlock();
        }
    }

    /** Keeps a streaming result of this connection, for commit, rollback and close to end it. */
    void streaming(CairnResultSet rs) {
        lock.lock();
        try {
            streaming.removeIf(r -> r.get() == null);
            streaming.add(new java.lang.ref.WeakReference<>(rs));
        } finally {
            lock.unlock();
        }
    }

    /** A streaming result closed or was read to its end: its statement has ended. */
    void streamDone(CairnResultSet rs, io.cairn.sql.internal.engine.ResultStream stream) {
        lock.lock();
        try {
            streaming.removeIf(r -> r.get() == null || r.get() == rs);
            if (stream != null) {
                stream.close(); // ends the statement if it was still open
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The transaction ends (commit or rollback): streaming results held over commit are buffered
     * by the engine when the COMMIT runs; the others close now, their statements ending first.
     * Called under the lock.
     */
    private void transactionEnds() {
        for (java.lang.ref.WeakReference<CairnResultSet> ref : new java.util.ArrayList<>(streaming)) {
            CairnResultSet rs = ref.get();
            if (rs == null) {
                streaming.remove(ref);
            } else if (rs.holdability() == ResultSet.CLOSE_CURSORS_AT_COMMIT) {
                streaming.remove(ref);
                rs.closeAtTransactionEnd("its transaction ended (commit or rollback) and it is CLOSE_CURSORS_AT_COMMIT");
            }
        }
    }

    /** Asks the running statement of this connection, if any, to stop (from any thread). */
    void cancelRunning() {
        db.engine.cancel(session);
    }

    @Override
    public java.sql.Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public java.sql.Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement(type, concurrency, holdability);
    }

    @Override
    public java.sql.Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        checkHoldability(holdability);
        CairnStatement st = new CairnStatement(this, type);
        st.holdability = holdability;
        return st;
    }

    static void checkResultSetKind(int type, int concurrency) throws SQLException {
        if (type == ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw new SQLFeatureNotSupportedException("TYPE_SCROLL_SENSITIVE result sets are not supported");
        }
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE) {
            throw new SQLException("bad result set type " + type, "HY024");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw new SQLFeatureNotSupportedException("updatable result sets are not supported");
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepareStatement(sql, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        checkHoldability(holdability);
        CairnPreparedStatement st = new CairnPreparedStatement(this, type, sql);
        st.holdability = holdability;
        return st;
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        CairnStatement.noGeneratedKeys(autoGeneratedKeys == java.sql.Statement.RETURN_GENERATED_KEYS
                ? java.sql.Statement.NO_GENERATED_KEYS : autoGeneratedKeys);
        CairnPreparedStatement p = (CairnPreparedStatement) prepareStatement(sql);
        if (autoGeneratedKeys == java.sql.Statement.RETURN_GENERATED_KEYS) {
            try {
                p.keys = GeneratedKeys.plan(this, p.parsed);
            } catch (SQLException e) {
                p.close();
                throw e;
            }
        }
        return p;
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw new SQLFeatureNotSupportedException("generated keys by column index are not supported; "
                + "use RETURN_GENERATED_KEYS (the primary key columns)");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        throw new SQLFeatureNotSupportedException("generated keys by column name are not supported; "
                + "use RETURN_GENERATED_KEYS (the primary key columns)");
    }

    /** The committed SQL catalog, read through a private short transaction. */
    io.cairn.sql.internal.catalog.Catalog committedCatalog() throws SQLException {
        checkOpen();
        try (Session s = db.manager.openSession(user, "jdbc metadata")) {
            io.cairn.txn.Transaction txn = s.begin(io.cairn.txn.IsolationLevel.READ_COMMITTED);
            try {
                return new io.cairn.sql.internal.catalog.Catalog(txn);
            } finally {
                txn.rollback();
            }
        } catch (RuntimeException e) {
            throw new SQLException("cannot read the catalog: " + e.getMessage(), "XX000", e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        checkHoldability(holdability);
        CairnCallableStatement st = new CairnCallableStatement(this, type, sql);
        st.holdability = holdability;
        return st;
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return CairnCallableStatement.translate(sql); // the only JDBC escape Cairn understands
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (autoCommit && !this.autoCommit && inTransaction) {
                transactionEnds();
                call("COMMIT");
                inTransaction = false;
            }
            this.autoCommit = autoCommit;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        end("COMMIT");
    }

    @Override
    public void rollback() throws SQLException {
        end("ROLLBACK");
    }

    private void end(String sql) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (autoCommit && !inTransaction) { // (a BEGIN sent as SQL opens one even with autocommit on)
                throw new SQLException(sql + " with autocommit on: there is no transaction to end", "25000");
            }
            if (inTransaction) {
                inTransaction = false;
                transactionEnds();
                call(sql);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        int id = savepointIds.incrementAndGet();
        return savepoint(new CairnSavepoint(id, "jdbc_sp_" + id));
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new SQLException("savepoint names must be plain identifiers: " + name, "3B001");
        }
        return savepoint(new CairnSavepoint(0, name));
    }

    private Savepoint savepoint(CairnSavepoint sp) throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException("savepoints need autocommit off", "25000");
        }
        run("SAVEPOINT " + sp.name, parse("SAVEPOINT " + sp.name), new Object[0], null);
        return sp;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        String sql = "ROLLBACK TO SAVEPOINT " + name(savepoint);
        run(sql, parse(sql), new Object[0], null);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        String sql = "RELEASE SAVEPOINT " + name(savepoint);
        run(sql, parse(sql), new Object[0], null);
    }

    private String name(Savepoint savepoint) throws SQLException {
        checkOpen();
        if (!(savepoint instanceof CairnSavepoint sp)) {
            throw new SQLException("not a savepoint of this driver: " + savepoint, "3B001");
        }
        if (autoCommit || !inTransaction) {
            throw new SQLException("no transaction is open, so savepoint " + sp.name + " is gone", "3B001");
        }
        return sp.name;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        String name = switch (level) {
            case Connection.TRANSACTION_READ_COMMITTED -> "READ COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "SNAPSHOT";
            case Connection.TRANSACTION_SERIALIZABLE -> throw new SQLException(
                    "SERIALIZABLE isolation is not supported; use REPEATABLE_READ (snapshot isolation)", "0A000");
            case Connection.TRANSACTION_READ_UNCOMMITTED -> throw new SQLException(
                    "READ_UNCOMMITTED isolation is not supported; use READ_COMMITTED", "0A000");
            default -> throw new SQLException("bad isolation level " + level, "HY024");
        };
        lock.lock();
        try {
            if (inTransaction) {
                throw new SQLException("cannot change the isolation level inside a transaction", "25001");
            }
            call("SET TRANSACTION ISOLATION LEVEL " + name);
            isolation = level;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation;
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new CairnDatabaseMetaData(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("negative timeout " + timeout, "HY000");
        }
        return !closed && db.isOpen();
    }

    /** Rolls back an open transaction, closes the session and releases the database. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        if (!lock.tryLock()) {
            cancelRunning(); // a statement is running in another thread: stop it rather than wait for it
            lock.lock();
        }
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeSession();
        } finally {
            lock.unlock();
        }
    }

    private void closeSession() {
        // JDBC: closing a connection closes its results; their statements end first
        for (java.lang.ref.WeakReference<CairnResultSet> ref : new java.util.ArrayList<>(streaming)) {
            CairnResultSet rs = ref.get();
            if (rs != null) {
                rs.closeAtTransactionEnd("its connection closed");
            }
        }
        streaming.clear();
        try {
            if (inTransaction) {
                try {
                    call("ROLLBACK");
                } catch (SQLException | RuntimeException e) {
                    // the session is closing anyway; closing it ends the transaction
                }
                inTransaction = false;
            }
            db.engine.forget(session);
            session.close();
        } catch (RuntimeException e) {
            if (db.isOpen()) {
                throw e;
            } // the container closed the database, and its sessions with it
        } finally {
            db.release();
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor", "HY009");
        }
        cancelRunning();
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException e) {
                // nothing to report to
            }
        });
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
    public void setCatalog(String catalog) throws SQLException {
        checkOpen(); // one catalog: ignored, as JDBC allows
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen(); // no schemas: ignored, as JDBC allows
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return null;
    }

    static void checkHoldability(int holdability) throws SQLException {
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT && holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw new SQLException("bad holdability " + holdability, "HY024");
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        checkHoldability(holdability);
        this.holdability = holdability; // for statements created from now on
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new java.util.HashMap<>();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
        if (name != null && !closed) {
            db.engine.setClientInfo(session, name, value); // ApplicationName, ClientUser, ClientHostname, module: v$session
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
        if (!closed) {
            for (String name : new String[] {"ApplicationName", "ClientUser", "ClientHostname", "module"}) {
                db.engine.setClientInfo(session, name, clientInfo.getProperty(name));
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        p.putAll(clientInfo);
        return p;
    }

    /** Embedded: there is no network to time out, so the value is only kept (pools set and read it). */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("negative network timeout " + milliseconds, "HY024");
        }
        networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeout;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == SqlEngine.class) {
            return iface.cast(db.engine); // embedded users add statement listeners and admission controllers here
        }
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    CairnDriver driver() {
        return driver;
    }

    /** A savepoint made through this driver: its SQL name, and its id when unnamed. */
    static final class CairnSavepoint implements Savepoint {
        final int id;
        final String name;

        CairnSavepoint(int id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public int getSavepointId() throws SQLException {
            if (id == 0) {
                throw new SQLException("a named savepoint has no id", "3B001");
            }
            return id;
        }

        @Override
        public String getSavepointName() throws SQLException {
            if (id != 0) {
                throw new SQLException("an unnamed savepoint has no name", "3B001");
            }
            return name;
        }
    }
}
