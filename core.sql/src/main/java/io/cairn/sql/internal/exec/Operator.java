package io.cairn.sql.internal.exec;

import java.util.List;

import io.cairn.sql.SqlException;

/**
 * A node of an executable plan: a pull-based iterator of rows ({@code Object[]} of SQL values).
 * It counts the rows it returned and, under EXPLAIN ANALYZE only ({@link ExecContext#timeOperators}),
 * the time spent in it (children included): two clock reads per row and operator would cost a
 * point select more than its index lookup.
 */
public abstract class Operator {

    protected ExecContext ctx;
    private long rows;
    private long nanos;
    private long opens;
    private long spilledFiles;
    private long spilledBytes;
    /** The planner's row estimate, shown by EXPLAIN. */
    public double estimatedRows = -1;

    public final void open(ExecContext context) throws SqlException {
        this.ctx = context;
        opens++;
        if (context == null || !context.timesOperators()) {
            doOpen();
            return;
        }
        long t = System.nanoTime();
        doOpen();
        nanos += System.nanoTime() - t;
    }

    /** The next row, or null at the end. */
    public final Object[] next() throws SqlException {
        Object[] row;
        if (ctx != null && ctx.timesOperators()) {
            long t = System.nanoTime();
            row = doNext();
            nanos += System.nanoTime() - t;
        } else {
            row = doNext();
        }
        if (row != null) {
            rows++;
        }
        return row;
    }

    public void close() {
        for (Operator c : children()) {
            c.close();
        }
    }

    protected abstract void doOpen() throws SqlException;

    protected abstract Object[] doNext() throws SqlException;

    public abstract List<Operator> children();

    /** One line naming the operator and its table, index or condition, for EXPLAIN. */
    public abstract String describe();

    public long actualRows() {
        return rows;
    }

    public long actualNanos() {
        return nanos;
    }

    public long opens() {
        return opens;
    }

    /** Counts a temp file this operator wrote (null: none), for EXPLAIN ANALYZE. */
    protected final void noteSpill(TempFile file) {
        if (file != null) {
            spilledFiles++;
            spilledBytes += file.bytes();
        }
    }

    /** Counts temp files a sort wrote, for EXPLAIN ANALYZE. */
    protected final void noteSpill(int files, long bytes) {
        spilledFiles += files;
        spilledBytes += bytes;
    }

    /** Bytes this operator wrote to temp files over all its executions since planning. */
    public long spilledBytes() {
        return spilledBytes;
    }

    /** The plan tree as EXPLAIN prints it, one operator per line, children indented. */
    public static void explain(Operator op, boolean analyze, int depth, List<String> out) {
        StringBuilder sb = new StringBuilder();
        // depth as dashes, not leading spaces, so plans compare cleanly in test files
        sb.append(depth == 0 ? "" : "-".repeat(2 * depth) + "> ").append(op.describe());
        sb.append("  (rows=").append(op.estimatedRows < 0 ? "?" : String.valueOf(Math.round(op.estimatedRows))).append(')');
        if (analyze) {
            sb.append("  (actual rows=").append(op.rows).append(" loops=").append(op.opens)
                    .append(String.format(" time=%.3f ms)", op.nanos / 1e6));
            if (op.spilledFiles > 0) {
                sb.append("  (spilled: ").append(op.spilledFiles).append(op.spilledFiles == 1 ? " temp file, " : " temp files, ")
                        .append(String.format("%.1f kB)", op.spilledBytes / 1024.0));
            }
        }
        out.add(sb.toString());
        for (Operator c : op.children()) {
            explain(c, analyze, depth + 1, out);
        }
    }
}
