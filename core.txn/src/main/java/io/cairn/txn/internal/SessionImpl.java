package io.cairn.txn.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

import io.cairn.txn.CancelSignal;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.SessionState;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitTally;

/**
 * A session: its user, its open transaction and what it is doing right now. The fields the
 * registry shows are volatile (some written with release stores, see below) and written only by
 * the session's own thread, so sampling them takes no lock.
 */
final class SessionImpl implements Session {

    private static final ThreadLocal<SessionImpl> CURRENT = new ThreadLocal<>();
    /*
     * What the session is doing (statement, its start, active or not) changes several times per
     * statement and is only shown: the owner writes it with release stores, not volatile ones (a
     * volatile store costs a StoreLoad fence; readers still read the fields as volatile and see
     * the statement text no earlier than its start). Fields that take part in a handshake with
     * another thread (transaction, closed, cancelSignal) keep volatile stores.
     */
    private static final VarHandle ACTIVE_DEPTH;
    private static final VarHandle STATEMENT_TEXT;
    private static final VarHandle STATEMENT_START;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ACTIVE_DEPTH = l.findVarHandle(SessionImpl.class, "activeDepth", int.class);
            STATEMENT_TEXT = l.findVarHandle(SessionImpl.class, "statementText", String.class);
            STATEMENT_START = l.findVarHandle(SessionImpl.class, "statementStartNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TransactionManagerImpl manager;
    private final long id;
    private final String user;
    private final String clientInfo;
    private volatile TransactionImpl transaction;
    private volatile String statementText;
    /** The running statement's start as a System.nanoTime() value: the snapshot turns it into wall time. */
    private volatile long statementStartNanos;
    private volatile int activeDepth;
    private volatile String waitEvent;
    private volatile WaitClass waitClass;
    private volatile long waitStartMillis;
    private volatile long blockingSessionId;
    private volatile boolean closed;
    /** The running statement's cancel signal, watched by this session's lock waits; null when none. */
    private volatile CancelSignal cancelSignal;
    private long callerWaitStart;
    private volatile String applicationName;
    private volatile String clientUser;
    private volatile String clientHostname;
    private volatile String module;
    // Plain fields: written before (digest) or while (plan hash) the statement runs by its thread;
    // readers see them with the volatile statementText, and a stale plan hash for a moment is harmless.
    private long sqlDigest;
    private long planHash;
    /** Written and read by the session's own thread only. */
    private WaitTally tally;
    private long tallyWaitStart;

    SessionImpl(TransactionManagerImpl manager, long id, String user, String clientInfo) {
        this.manager = manager;
        this.id = id;
        this.user = user;
        this.clientInfo = clientInfo;
    }

    /** The session bound to the calling thread, or null. */
    static SessionImpl current() {
        return CURRENT.get();
    }

    /** Binds this session to the calling thread for one call; returns what to restore with {@link #unbind}. */
    SessionImpl bind() {
        SessionImpl previous = CURRENT.get();
        CURRENT.set(this);
        ACTIVE_DEPTH.setRelease(this, activeDepth + 1);
        return previous;
    }

    void unbind(SessionImpl previous) {
        ACTIVE_DEPTH.setRelease(this, activeDepth - 1);
        CURRENT.set(previous);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public Transaction begin(IsolationLevel isolation) {
        return begin(isolation, System.nanoTime());
    }

    @Override
    public Transaction begin(IsolationLevel isolation, long startNanos) {
        checkNoTransaction();
        SessionImpl prev = bind();
        try {
            transaction = manager.begin(this, isolation, -1, startNanos);
            return transaction;
        } finally {
            unbind(prev);
        }
    }

    @Override
    public Transaction beginAsOf(long scn) {
        checkNoTransaction();
        transaction = manager.begin(this, IsolationLevel.SNAPSHOT, scn, System.nanoTime());
        return transaction;
    }

    private void checkNoTransaction() {
        if (closed) {
            throw new TransactionException(TransactionException.IN_FAILED_TRANSACTION, "session " + id + " is closed");
        }
        TransactionImpl t = transaction;
        if (t != null && t.isActive()) {
            throw new TransactionException(TransactionException.ACTIVE_TRANSACTION,
                    "session " + id + " already has transaction " + t.id() + " open");
        }
    }

    @Override
    public Transaction transaction() {
        TransactionImpl t = transaction;
        return t != null && t.isActive() ? t : null;
    }

    void transactionEnded(TransactionImpl t) {
        if (transaction == t) {
            transaction = null;
        }
    }

    @Override
    public void beginStatement(String sqlText) {
        beginStatement(sqlText, System.nanoTime());
    }

    @Override
    public void beginStatement(String sqlText, long startNanos) {
        STATEMENT_START.setRelease(this, startNanos);
        STATEMENT_TEXT.setRelease(this, sqlText);
        ACTIVE_DEPTH.setRelease(this, activeDepth + 1);
        TransactionImpl t = transaction;
        if (t != null) {
            t.statementStarted();
        }
    }

    @Override
    public void endStatement() {
        if (statementText == null) {
            return;
        }
        STATEMENT_TEXT.setRelease(this, (String) null);
        ACTIVE_DEPTH.setRelease(this, activeDepth - 1);
        TransactionImpl t = transaction;
        if (t != null) {
            t.statementEnded();
        }
    }

    @Override
    public CancelSignal watchCancel(CancelSignal signal) {
        CancelSignal previous = cancelSignal;
        cancelSignal = signal;
        return previous;
    }

    CancelSignal cancelSignal() {
        return cancelSignal;
    }

    @Override
    public void beginWait(String event, WaitClass cls) {
        callerWaitStart = System.nanoTime();
        beginWait(event, cls, 0);
    }

    @Override
    public void endWait() {
        String event = waitEvent;
        WaitClass cls = waitClass;
        if (event != null && callerWaitStart != 0) {
            manager.waitEvents().record(event, cls, System.nanoTime() - callerWaitStart);
        }
        callerWaitStart = 0;
        clearWait();
    }

    void beginWait(String event, WaitClass cls, long blockingSession) {
        if (tally != null) {
            tallyWaitStart = System.nanoTime();
        }
        waitStartMillis = System.currentTimeMillis();
        blockingSessionId = blockingSession;
        waitClass = cls;
        waitEvent = event;
    }

    void clearWait() {
        WaitTally t = tally;
        String event = waitEvent;
        if (t != null && event != null && tallyWaitStart != 0) {
            t.add(event, waitClass, System.nanoTime() - tallyWaitStart);
            tallyWaitStart = 0;
        }
        waitEvent = null;
        waitClass = null;
        blockingSessionId = 0;
    }

    @Override
    public void setClientInfo(String applicationName, String clientUser, String clientHostname, String module) {
        this.applicationName = applicationName;
        this.clientUser = clientUser;
        this.clientHostname = clientHostname;
        this.module = module;
    }

    @Override
    public void setStatementIdentity(long sqlDigest, long planHash) {
        this.sqlDigest = sqlDigest;
        this.planHash = planHash;
    }

    @Override
    public void tallyWaits(WaitTally t) {
        if (tally != t) { // the SQL layer attaches the same tally statement after statement: no store
            this.tally = t;
        }
        this.tallyWaitStart = 0;
    }

    SessionSnapshot snapshot() {
        TransactionImpl t = transaction;
        boolean inTxn = t != null && t.isActive();
        String stmt = statementText;
        String event = waitEvent;
        SessionState state = activeDepth > 0 ? SessionState.ACTIVE
                : inTxn ? SessionState.IDLE_IN_TRANSACTION : SessionState.IDLE;
        return new SessionSnapshot(id, user, clientInfo, state, stmt,
                stmt == null ? null : Instant.now().minusNanos(Math.max(0, System.nanoTime() - statementStartNanos)), event,
                event == null ? null : waitClass, event == null ? null : Instant.ofEpochMilli(waitStartMillis),
                inTxn ? t.id() : 0, inTxn ? Instant.now().minusNanos(Math.max(0, System.nanoTime() - t.startNanos())) : null,
                event == null ? 0 : blockingSessionId, applicationName, clientUser, clientHostname, module,
                stmt == null ? 0 : sqlDigest, stmt == null ? 0 : planHash);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        TransactionImpl t = transaction;
        if (t != null) {
            t.rollback();
        }
        closed = true;
        manager.sessionClosed(this);
    }
}
