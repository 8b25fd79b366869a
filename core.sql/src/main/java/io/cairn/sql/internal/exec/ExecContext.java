package io.cairn.sql.internal.exec;

import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.txn.Transaction;

/**
 * What the operators of one statement share: the transaction, the expression context, the
 * cancel flag and deadline, the memory bound of sorts and hash tables (in rows) past which they
 * spill to the database's {@link TempArea}, and the statement's temp files.
 */
public final class ExecContext {

    /** SQLSTATE of a statement stopped by a cancel request or its timeout. */
    public static final String QUERY_CANCELED = "57014";

    private final Transaction txn;
    private final EvalContext eval;
    private final AtomicBoolean cancel;
    private final long deadlineNanos;
    private final long maxMemoryRows;
    private int ticks;
    private TempArea tempArea;
    /** Made at the first spill: most statements never write a temp file. */
    private java.util.Set<TempFile> tempFiles;
    private long spilledBytes;
    /** Set while an admission controller is registered; null on the plain path. */
    private StatementProbe probe;

    private boolean timesOperators;

    /** EXPLAIN ANALYZE: operators time their open and next calls (actual time). */
    public void timeOperators() {
        timesOperators = true;
    }

    public boolean timesOperators() {
        return timesOperators;
    }

    /** Reports progress and memory of this statement to {@code probe} (null: report nothing). */
    public void probe(StatementProbe probe) {
        this.probe = probe;
    }

    /** {@code deadlineNanos} is a {@link System#nanoTime()} value, 0 for none. */
    private java.util.function.Consumer<String> indexScans = name -> { };

    /** Where scans through a secondary index report the index's name, each time they open (v$index_usage). */
    public void onIndexScan(java.util.function.Consumer<String> listener) {
        this.indexScans = listener;
    }

    void indexScanned(String index) {
        indexScans.accept(index);
    }

    public ExecContext(Transaction txn, EvalContext eval, AtomicBoolean cancel, long deadlineNanos, long maxMemoryRows) {
        this(txn, eval, cancel, deadlineNanos, maxMemoryRows, null);
    }

    /** As above, spilling to {@code tempArea} (null: {@code java.io.tmpdir}). */
    public ExecContext(Transaction txn, EvalContext eval, AtomicBoolean cancel, long deadlineNanos, long maxMemoryRows,
            TempArea tempArea) {
        this.txn = txn;
        this.eval = eval;
        this.cancel = cancel == null ? new AtomicBoolean() : cancel;
        this.deadlineNanos = deadlineNanos;
        this.maxMemoryRows = maxMemoryRows;
        this.tempArea = tempArea;
    }

    /** Where this statement's sorts and hash tables spill. */
    public TempArea tempArea() {
        if (tempArea == null) {
            tempArea = TempArea.system();
        }
        return tempArea;
    }

    void tempFileCreated(TempFile f) {
        if (tempFiles == null) {
            tempFiles = new java.util.LinkedHashSet<>();
        }
        tempFiles.add(f);
    }

    void tempFileClosed(TempFile f) {
        if (tempFiles != null) {
            tempFiles.remove(f);
        }
    }

    void spilled(long bytes) {
        spilledBytes += bytes;
    }

    /** Bytes this statement wrote to temp files (sorted runs, hash partitions, spilled join inputs). */
    public long spilledBytes() {
        return spilledBytes;
    }

    /** Temp files of this statement still on disk. */
    public int openTempFiles() {
        return tempFiles == null ? 0 : tempFiles.size();
    }

    /**
     * Deletes every temp file of the statement that an operator has not already deleted; the
     * statement's end calls it whether it succeeded, failed or was cancelled.
     */
    public void closeTempFiles() {
        if (tempFiles == null || tempFiles.isEmpty()) {
            return;
        }
        for (TempFile f : new java.util.ArrayList<>(tempFiles)) {
            f.close();
        }
        tempFiles.clear();
    }

    public Transaction txn() {
        return txn;
    }

    public EvalContext eval() {
        return eval;
    }

    public long maxMemoryRows() {
        return maxMemoryRows;
    }

    /** Called once per row (and per comparison batch in sorts): every 256 calls it checks cancel and timeout. */
    public void tick() throws SqlException {
        if ((++ticks & 0xFF) == 0) {
            checkNow();
        }
    }

    public void checkNow() throws SqlException {
        if (probe != null) {
            probe.checkpoint(); // first: it may pause (a controller's throttle), and a cancel ends the pause
        }
        if (cancel.get()) {
            String why = cancel instanceof CancelFlag f && f.reason() != null ? f.reason() : "user request";
            throw new SqlException("canceling statement due to " + why, QUERY_CANCELED);
        }
        if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new SqlException("canceling statement due to statement timeout", QUERY_CANCELED);
        }
    }

    /**
     * Tells an admission controller that a sort or hash table now holds {@code rows} rows in
     * memory (not counting what it spilled); never fails.
     */
    public void held(long rows, Object[] row) {
        if (probe != null) {
            probe.held(rows, row);
        }
    }
}
