package io.cairn.txn.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cairn.txn.CommitMode;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Savepoint;
import io.cairn.txn.TableLockMode;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * One transaction: its snapshot, its write log (what to undo on rollback and what to publish as
 * change events) and its locks. Every call binds the session to the thread so storage and lock
 * waits land on it.
 */
final class TransactionImpl extends LockOwner implements Transaction {

    /** Marks a snapshot being taken; the garbage collector waits for the real value. */
    static final long PENDING = -1;

    enum State { ACTIVE, COMMITTED, ROLLED_BACK, FAILED }

    /**
     * One write: the head it replaced (null if none) and the undo entry it added (scn, or -1). A
     * null key stands for a whole-table {@link #load}: undoing it empties the table.
     */
    record Write(String table, byte[] key, byte[] priorHead, long undoScn, byte[] newHead) {
        boolean isLoad() {
            return key == null;
        }
    }

    private record SavepointImpl(String name, int position, TransactionImpl owner) implements Savepoint {
    }

    private final TransactionManagerImpl manager;
    private final IsolationLevel isolation;
    private final boolean readOnly;
    /** A System.nanoTime() value: the session snapshot turns it into wall time (the caller read it already). */
    private final long startNanos;
    volatile long snapshotScn = PENDING;
    /**
     * The newest commit SCN of another transaction's version this one read or wrote over. Commits
     * publish before they are durable; a commit without writes waits until this one is.
     */
    long seenScn;
    private volatile State state = State.ACTIVE;
    final List<Write> writes = new ArrayList<>();
    /** Tables this transaction holds a table lock on; made at its first (most transactions only read). */
    private Set<String> sharedTables;
    private long lockTimeoutNanos;
    private boolean inStatement;
    private int openCursors;

    TransactionImpl(TransactionManagerImpl manager, SessionImpl session, long id, IsolationLevel isolation,
            boolean readOnly, long lockTimeoutNanos, long startNanos) {
        super(id, session);
        this.manager = manager;
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.lockTimeoutNanos = lockTimeoutNanos;
        this.startNanos = startNanos;
    }

    @Override
    public long id() {
        return txnId;
    }

    @Override
    public IsolationLevel isolation() {
        return isolation;
    }

    @Override
    public long snapshotScn() {
        return snapshotScn;
    }

    long startNanos() {
        return startNanos;
    }

    @Override
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    State state() {
        return state;
    }

    void statementStarted() {
        inStatement = true;
        refreshSnapshot();
    }

    void statementEnded() {
        inStatement = false;
    }

    /** READ COMMITTED: a new snapshot per statement (or per call outside statements). */
    private void refreshSnapshot() {
        if (isolation == IsolationLevel.READ_COMMITTED && openCursors == 0 && state == State.ACTIVE) {
            snapshotScn = manager.currentScn();
        }
    }

    private void beginCall() {
        if (state != State.ACTIVE) {
            throw new TransactionException(TransactionException.IN_FAILED_TRANSACTION, state == State.FAILED
                    ? "transaction " + txnId + " failed and was rolled back; start a new one"
                    : "transaction " + txnId + " has already ended (" + state + ")");
        }
        if (!inStatement) {
            refreshSnapshot();
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new TransactionException(TransactionException.READ_ONLY_TRANSACTION,
                    "transaction " + txnId + " is read-only (AS OF SCN " + snapshotScn + ")");
        }
    }

    /**
     * Rolls the transaction back after an error that ends it, then rethrows. A cancelled lock wait
     * (57014) does not end it: the request left the queue and nothing was written, so the caller
     * decides (the SQL layer undoes the statement to its savepoint, as for any failed statement).
     */
    private RuntimeException fail(TransactionException e) {
        if (!TransactionException.UNDEFINED_TABLE.equals(e.sqlState())
                && !TransactionException.QUERY_CANCELED.equals(e.sqlState()) && state == State.ACTIVE) {
            manager.rollback(this, State.FAILED);
        }
        return e;
    }

    @Override
    public byte[] get(String table, byte[] key) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            return manager.read(this, table, key, snapshotScn);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public byte[] getForUpdate(String table, byte[] key) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            checkWritable();
            return manager.lockForUpdate(this, table, key, TableLockMode.EXCLUSIVE);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public byte[] getForShare(String table, byte[] key) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            checkWritable();
            return manager.lockForUpdate(this, table, key, TableLockMode.SHARED);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public boolean tryLockRow(String table, byte[] key, TableLockMode mode) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            checkWritable();
            return manager.tryLockRow(this, table, key, mode);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public RowCursor scan(String table, byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive,
            boolean reverse) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            RowCursor c = manager.scan(this, table, from, fromInclusive, to, toInclusive, reverse, snapshotScn);
            openCursors++;
            return c;
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public RowCursor scanNewest(String table) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            RowCursor c = manager.scanNewest(this, table);
            openCursors++;
            return c;
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public long load(String table, RowCursor rows, int fillPercent) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            checkWritable();
            return manager.load(this, table, rows, fillPercent);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    void cursorClosed() {
        openCursors--;
    }

    @Override
    public void put(String table, byte[] key, byte[] value) {
        write(table, key, value, TransactionManagerImpl.WriteKind.PUT);
    }

    @Override
    public boolean insert(String table, byte[] key, byte[] value) {
        return write(table, key, value, TransactionManagerImpl.WriteKind.INSERT);
    }

    @Override
    public boolean delete(String table, byte[] key) {
        return write(table, key, null, TransactionManagerImpl.WriteKind.DELETE);
    }

    private boolean write(String table, byte[] key, byte[] value, TransactionManagerImpl.WriteKind kind) {
        if (kind != TransactionManagerImpl.WriteKind.DELETE && value == null) {
            throw new IllegalArgumentException("row value must not be null");
        }
        SessionImpl prev = session.bind();
        try {
            beginCall();
            checkWritable();
            return manager.write(this, table, key, value, kind);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    /** Takes the table's SHARED lock once per transaction before the first row change. */
    void lockTableForDml(String table) {
        if (sharedTables == null) {
            sharedTables = new HashSet<>();
        }
        if (sharedTables.add(table)) {
            try {
                manager.lockManager().acquire(this, new LockManager.LockKey(table, null), TableLockMode.SHARED,
                        lockTimeoutNanos);
            } catch (RuntimeException e) {
                sharedTables.remove(table);
                throw e;
            }
        }
    }

    long lockTimeoutNanos() {
        return lockTimeoutNanos;
    }

    @Override
    public void lockTable(String table, TableLockMode mode) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            if (mode == TableLockMode.SHARED && sharedTables != null && sharedTables.contains(table)) {
                return; // held, SHARED or stronger, until the transaction ends: each statement of a batch asks again
            }
            manager.lockManager().acquire(this, new LockManager.LockKey(table, null), mode, lockTimeoutNanos);
            if (sharedTables == null) {
                sharedTables = new HashSet<>();
            }
            sharedTables.add(table);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public void setLockTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative lock timeout " + timeout);
        }
        lockTimeoutNanos = timeout.toNanos();
    }

    @Override
    public Savepoint savepoint(String name) {
        beginCall();
        return new SavepointImpl(name, writes.size(), this);
    }

    @Override
    public void rollbackTo(Savepoint savepoint) {
        if (!(savepoint instanceof SavepointImpl sp) || sp.owner != this) {
            throw new IllegalArgumentException("savepoint " + savepoint + " does not belong to transaction " + txnId);
        }
        SessionImpl prev = session.bind();
        try {
            beginCall();
            if (sp.position > writes.size()) {
                throw new IllegalArgumentException("savepoint " + sp.name + " was already rolled back past");
            }
            manager.undoWrites(this, sp.position);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public long commit() {
        return commit(CommitMode.SYNC);
    }

    @Override
    public long commit(CommitMode mode) {
        SessionImpl prev = session.bind();
        try {
            beginCall();
            return manager.commit(this, mode);
        } catch (TransactionException e) {
            throw fail(e);
        } finally {
            session.unbind(prev);
        }
    }

    void ended(State s) {
        state = s;
        session.transactionEnded(this);
    }

    @Override
    public void rollback() {
        if (state != State.ACTIVE) {
            return;
        }
        SessionImpl prev = session.bind();
        try {
            manager.rollback(this, State.ROLLED_BACK);
        } finally {
            session.unbind(prev);
        }
    }

    @Override
    public void close() {
        rollback();
    }

    @Override
    public String toString() {
        return "transaction " + txnId + " (" + isolation + ", snapshot " + snapshotScn + ", " + state + ")";
    }
}
