package io.cairn.sql.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.cairn.sql.SqlException;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.exec.CancelFlag;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.expr.ExpressionCompiler;
import io.cairn.sql.internal.parser.Expr;
import io.cairn.sql.internal.plan.Planner;
import io.cairn.storage.IoCounter;
import io.cairn.txn.Savepoint;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.WaitTally;

/**
 * A SELECT whose rows are read from its open operator tree as the client asks for them (a
 * forward-only JDBC result): the statement, its transaction when autocommit, its plan-cache
 * lease, its reader registration and its instrumentation stay open until the rows run out, the
 * client closes it, an error or cancel ends it, or another statement on the session makes it
 * {@linkplain #buffer() buffer} the rest. Each layer of the engine's statement path hands its
 * end work over to this object when it sees {@link SqlEngine.SessionState#stream} set, and
 * {@link #end} does that work later, in the same order (see core.sql/JDBC.md, "Streaming results").
 *
 * <p>Fetches, closes and buffering are serialized by a lock; a cancel from another thread
 * ends a stream between fetches at once and otherwise lets the running fetch see its flag.
 */
public final class ResultStream {

    /**
     * The wait event of a session whose streaming SELECT waits for the client to fetch (Oracle's
     * name; class Idle): v$session and ASH show the client's time as such, not as the engine's.
     */
    public static final String CLIENT_WAIT_EVENT = "SQL*Net message from client";

    private final SqlEngine engine;
    private final SqlEngine.SessionState ss;
    private final Session session;
    private final Operator root;
    private final ExecContext ctx;
    private PlanCache.Lease lease;
    private final CancelFlag cancel;
    private final Map<Expr.Literal, Integer> hiddenLiterals;
    private final ReentrantLock lock = new ReentrantLock();

    // the statement's part (SqlEngine.runStatement)
    private boolean auto;
    private Transaction txn;
    private Planner planner;
    private Savepoint statementStart;

    // the instrumentation's part (Instrumentation.run), null when no service was registered
    private Instrumentation instrumentation;
    private StatementListener[] listeners;
    private Instrumentation.Run run;
    private List<Instrumentation.Handle> admittedBy;
    private boolean admitted;
    private long t0;
    private long wall;
    private boolean cpuTime;
    private boolean countIo;
    private WaitTally tally;
    private long cpuNanos;
    private long pagesRead;
    private long pagesHit;
    private long walBytes;

    /** Rows the executor handed out so far (the end event's row count). */
    private long rows;
    /** Set once the statement ended; then only {@link #buffered} rows (or {@link #failure}) remain. */
    private volatile boolean ended;
    private List<Object[]> buffered;
    private int bufferedAt;
    /** The error that ended the stream while the client was not fetching: the next fetch throws it. */
    private SqlException failure;
    /** The session shows {@link #CLIENT_WAIT_EVENT} (between fetches). */
    private boolean clientWait;

    private ResultStream(SqlEngine engine, SqlEngine.SessionState ss, Operator root, ExecContext ctx,
            PlanCache.Lease lease, CancelFlag cancel, Map<Expr.Literal, Integer> hiddenLiterals, long firstRows) {
        this.engine = engine;
        this.ss = ss;
        this.session = ss.session;
        this.root = root;
        this.ctx = ctx;
        this.lease = lease;
        this.cancel = cancel;
        this.hiddenLiterals = hiddenLiterals;
        this.rows = firstRows;
    }

    /**
     * Opens {@code root} and reads up to the session's requested first rows: a result that ends
     * within them is returned whole (the common small query: no stream); otherwise the result
     * carries a stream registered as the session's open one, and the statement goes on.
     */
    static SqlResult open(SqlEngine engine, SqlEngine.SessionState ss, Planner.Planned p, ExecContext ctx,
            PlanCache.Lease lease) throws SqlException {
        List<String> names = p.names();
        List<io.cairn.sql.internal.type.SqlType> types = p.types();
        Operator root = p.root();
        CancelFlag cancel = ss.running;
        int first = ss.streamRows;
        ss.streamRows = 0; // only the top-level SELECT streams, never a statement it runs inside
        ss.streamFor = null;
        List<Object[]> rows = new ArrayList<>();
        root.open(ctx);
        boolean open = true;
        try {
            Object[] r = null;
            while (rows.size() < first && (r = root.next()) != null) {
                rows.add(r);
            }
            if (r == null && rows.size() < first) {
                return new SqlResult(names, types, rows, 0);
            }
            ResultStream s = new ResultStream(engine, ss, root, ctx, lease, cancel,
                    ss.shaped && ss.parsed != null ? ss.parsed.slots : null, rows.size());
            ss.stream = s;
            open = false;
            return new SqlResult(names, types, rows, 0, s);
        } finally {
            if (open) {
                root.close();
            }
        }
    }

    // ---- hand-over from the statement path (each on the statement's thread, before it returns)

    /** From {@link SqlEngine#runStatement}: the transaction, planner and savepoint the end needs. */
    void statement(boolean auto, Transaction txn, Planner planner, Savepoint statementStart) {
        this.auto = auto;
        this.txn = txn;
        this.planner = planner;
        this.statementStart = statementStart;
    }

    /**
     * From {@link Instrumentation#run}: the start figures, and the controllers' handles and the
     * admitted flag, taken from the run so that its end there reports nothing; the first slice of
     * CPU, pages and WAL is counted now (later slices are counted per fetch, on whatever thread).
     */
    void instrumented(Instrumentation instrumentation, StatementListener[] listeners, Instrumentation.Run run,
            long t0, long wall, boolean cpuTime, long cpu0, WaitTally tally, IoCounter io, long read0, long hit0,
            long wal0) {
        this.instrumentation = instrumentation;
        this.listeners = listeners;
        this.run = run;
        this.t0 = t0;
        this.wall = wall;
        this.cpuTime = cpuTime;
        this.tally = tally;
        this.countIo = io != null;
        if (cpuTime) {
            cpuNanos += Instrumentation.threadCpuNanos() - cpu0;
        }
        if (io != null) {
            pagesRead += io.pagesRead() - read0;
            pagesHit += io.pagesHit() - hit0;
            walBytes += io.walBytes() - wal0;
        }
        admittedBy = run.admittedBy;
        admitted = run.admitted;
        run.admittedBy = null;
        run.admitted = false;
    }

    /**
     * The statement path has returned: the statement goes on running (v$session, controllers'
     * handles). A session closed by an operator while the first rows were read ends it now.
     */
    void started() {
        if (run != null) {
            run.admittedBy = admittedBy;
            run.admitted = admitted;
            run.running = true;
            session.setStatementIdentity(run.digest().id(), run.planHash);
        }
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (ss.terminatedBy != null) {
                failure = terminated();
                end(failure);
            } else {
                waitForClient();
            }
        } finally {
            lock.unlock();
        }
    }

    private void waitForClient() {
        session.beginWait(CLIENT_WAIT_EVENT, io.cairn.txn.WaitClass.IDLE);
        clientWait = true;
    }

    private void clientCalled() {
        if (clientWait) {
            clientWait = false;
            session.endWait();
        }
    }

    // ---- the client's side

    /**
     * Up to {@code max} more rows; an empty list once the result is exhausted (the statement has
     * then ended: committed when autocommit). An error ends the statement (rolled back when
     * autocommit); the rows read before it are returned first, and it is thrown by the next fetch
     * and every later one.
     */
    public List<Object[]> fetch(int max) throws SqlException {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            if (buffered != null) {
                int to = Math.min(buffered.size(), bufferedAt + Math.max(1, max));
                List<Object[]> out = new ArrayList<>(buffered.subList(bufferedAt, to));
                bufferedAt = to;
                if (bufferedAt == buffered.size()) {
                    buffered = List.of(); // let the rows go as they are read
                    bufferedAt = 0;
                }
                return out;
            }
            if (ended) {
                return List.of();
            }
            if (ss.terminatedBy != null) {
                failure = terminated();
                end(failure);
                throw failure;
            }
            return read(Math.max(1, max));
        } finally {
            lock.unlock();
        }
    }

    /** Reads one slice of rows on the calling thread, with the statement's cancel flag, literals and measures in place. */
    private List<Object[]> read(int max) throws SqlException {
        clientCalled();
        List<Object[]> out = new ArrayList<>(Math.min(max, 1024));
        boolean exhausted = false;
        SqlException error = null;
        synchronized (ss) {
            ss.running = cancel;
        }
        io.cairn.txn.CancelSignal outer = session.watchCancel(cancel.signal());
        Map<Expr.Literal, Integer> outerLiterals = hiddenLiterals == null ? null
                : ExpressionCompiler.hideLiterals(hiddenLiterals);
        long cpu0 = cpuTime ? Instrumentation.threadCpuNanos() : 0;
        IoCounter io = countIo ? IoCounter.forCurrentThread() : null;
        long read0 = io == null ? 0 : io.pagesRead();
        long hit0 = io == null ? 0 : io.pagesHit();
        long wal0 = io == null ? 0 : io.walBytes();
        if (tally != null) {
            session.tallyWaits(tally);
        }
        try {
            ctx.checkNow(); // a cancel or timeout since the last fetch, whatever the row count
            Object[] r;
            while (out.size() < max) {
                r = root.next();
                if (r == null) {
                    exhausted = true;
                    break;
                }
                out.add(r);
            }
        } catch (SqlException e) {
            error = e;
        } catch (TransactionException e) {
            error = SqlEngine.sql(e);
        } catch (RuntimeException e) {
            error = SqlEngine.internal(e);
        } finally {
            if (tally != null) {
                session.tallyWaits(null);
            }
            if (cpuTime) {
                cpuNanos += Instrumentation.threadCpuNanos() - cpu0;
            }
            if (io != null) {
                pagesRead += io.pagesRead() - read0;
                pagesHit += io.pagesHit() - hit0;
                walBytes += io.walBytes() - wal0;
            }
            if (hiddenLiterals != null) {
                ExpressionCompiler.hideLiterals(outerLiterals);
            }
            session.watchCancel(outer);
            synchronized (ss) {
                ss.running = null;
            }
        }
        rows += out.size();
        if (error != null) {
            failure = error;
            end(error);
            if (out.isEmpty()) {
                throw error;
            }
            return out; // the rows before the failing one first; the next fetch throws
        }
        if (exhausted) {
            end(null);
        } else {
            waitForClient();
        }
        return out;
    }

    /** 53200 (out of memory): the rest of a result cannot be held to let another statement run. */
    private static SqlException tooBigToBuffer(long bound) {
        return new SqlException("the rest of this result exceeds the memory bound of " + bound
                + " rows and cannot be buffered while another statement runs on the connection;"
                + " read it first, or use another connection", "53200");
    }

    /**
     * Reads the rest into memory and ends the statement now (another statement is about to run
     * on the session): held to the engine's memory bound, past which the stream fails with 53200.
     * An error is kept for the client's next fetch, never thrown to the statement that caused it.
     */
    public void buffer() {
        if (lock.isHeldByCurrentThread()) {
            return; // a statement run from inside a fetch of this stream: the stream cannot be read here
        }
        lock.lock();
        try {
            if (ended) {
                return;
            }
            long bound = ctx.maxMemoryRows();
            List<Object[]> rest = new ArrayList<>();
            try {
                List<Object[]> slice;
                while (!ended) {
                    slice = read(1024);
                    rest.addAll(slice);
                    if (rest.size() > bound && !ended) {
                        failure = tooBigToBuffer(bound);
                        end(failure);
                        return;
                    }
                }
            } catch (SqlException e) {
                return; // kept in failure, for the client
            }
            if (rest.size() > bound) { // the last slice ended the statement past the bound
                failure = tooBigToBuffer(bound);
                return;
            }
            buffered = rest;
        } finally {
            lock.unlock();
        }
    }

    /** The client is done with the result (closed it, or read as many rows as it wanted): the statement ends well. */
    public void close() {
        lock.lock();
        try {
            buffered = null;
            if (!ended) {
                end(null);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the statement has ended (its rows may still be buffered). */
    public boolean ended() {
        return ended;
    }

    /** The rows read from the executor so far. */
    public long rowsRead() {
        return rows;
    }

    /**
     * A cancel (or session close) from another thread: between fetches the statement ends now,
     * releasing its transaction and locks, and the next fetch throws {@code error}; during a fetch
     * the flag is already set and that fetch ends it.
     */
    void cancelled(String by, boolean closing) {
        cancel.cancel(by);
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!ended) {
                failure = closing ? terminated() : new SqlException("canceling statement due to "
                        + (cancel.reason() != null ? cancel.reason() : "user request"), ExecContext.QUERY_CANCELED);
                end(failure);
            }
        } finally {
            lock.unlock();
        }
    }

    private SqlException terminated() {
        return new SqlException("terminating connection due to administrator command (closed by "
                + ss.terminatedBy + ")", "57P01");
    }

    /**
     * Ends the statement, doing what each layer of the statement path would have done on its way
     * out, innermost first: the operators and the plan lease (select), commit or roll back
     * (runStatement), the reader (run), the end events (Instrumentation.run), the running flag and
     * an operator's close (execute).
     */
    private void end(SqlException error) {
        ended = true;
        clientCalled();
        if (ss.stream == this) {
            ss.stream = null;
        }
        try {
            root.close();
        } catch (RuntimeException e) {
            if (error == null) {
                error = SqlEngine.internal(e);
            }
        }
        if (lease != null) {
            engine.plans.release(lease, error == null);
            lease = null;
        }
        error = endStatement(error);
        engine.leaveReader(ss);
        if (instrumentation != null) {
            run.tempBytes = ctx.spilledBytes();
            run.running = false;
            session.setStatementIdentity(0, 0);
            instrumentation.ended(run, listeners, admittedBy, admitted, wall, rows, System.nanoTime() - t0,
                    cpuTime ? cpuNanos : -1, cpuTime, pagesRead, pagesHit, walBytes, tally, error);
        }
        if (ss.terminatedBy != null) {
            session.close(); // killed with --close while the statement was open: roll back and leave
        }
    }

    /** runStatement's end, for this statement: commit or roll back, end the statement. Returns the error it ended with. */
    private SqlException endStatement(SqlException error) {
        if (txn == null) {
            return error; // never handed over (cannot happen once started)
        }
        try {
            if (error == null) {
                try {
                    engine.statementSucceeded(ss, txn, auto);
                    return null;
                } catch (TransactionException e) {
                    error = SqlEngine.sql(e);
                } catch (RuntimeException e) {
                    error = SqlEngine.internal(e);
                }
            }
            engine.undoStatement(ss, txn, auto, statementStart);
            return error;
        } finally {
            engine.closeStatement(session, planner, txn, auto);
        }
    }
}
