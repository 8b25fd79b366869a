package io.cairn.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import io.cairn.sql.SqlException;

/**
 * The engine's one sort of rows that may not fit in memory (ORDER BY, the spilled part of hash
 * aggregation and DISTINCT, CREATE INDEX): rows are buffered up to {@code maxRows} rows or
 * {@code maxBytes} estimated heap bytes, then sorted and written as a run to a {@link TempFile};
 * the output merges the runs k-way, at most {@link #MERGE_FAN_IN} at a time (earlier passes merge
 * groups of runs into longer runs), holding one row per run. The sort is stable: rows that compare
 * equal come out in the order they were added, whether or not anything spilled, so a spilled
 * result equals the in-memory one. Cancel and timeout are checked while sorting, writing and
 * merging. Not thread-safe; one per operator execution.
 */
public final class ExternalSort implements AutoCloseable {

    /** The order of the rows; may fail (values that do not compare). */
    @FunctionalInterface
    public interface Order {
        int compare(Object[] a, Object[] b) throws SqlException;
    }

    /** Runs merged at once: each needs an open file and its read buffer. */
    public static final int MERGE_FAN_IN = 64;

    private final ExecContext ctx;
    private final Order order;
    private final long maxRows;
    private final long maxBytes;
    private List<Object[]> buffer = new ArrayList<>();
    private long bufferBytes;
    private final List<TempFile> runs = new ArrayList<>();
    private long rows;
    private int runsWritten;
    private long spilledBytes;

    public ExternalSort(ExecContext ctx, Order order, long maxRows, long maxBytes) {
        this.ctx = ctx;
        this.order = order;
        this.maxRows = Math.max(1, maxRows);
        this.maxBytes = Math.max(1, maxBytes);
    }

    /** A sort bounded by the statement's memory bound in rows. */
    public ExternalSort(ExecContext ctx, Order order) {
        this(ctx, order, ctx.maxMemoryRows(), Long.MAX_VALUE);
    }

    public void add(Object[] row) throws SqlException {
        buffer.add(row);
        rows++;
        if (maxBytes != Long.MAX_VALUE) {
            bufferBytes += heapBytes(row);
        }
        ctx.held(buffer.size(), row);
        if (buffer.size() >= maxRows || bufferBytes >= maxBytes) {
            spill();
        }
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** Sorted runs written to disk so far, merge passes included (0 when everything fit in memory). */
    public int runs() {
        return runsWritten;
    }

    /** Bytes written to temp files, merge passes included. */
    public long spilledBytes() {
        return spilledBytes;
    }

    private void sortBuffer() throws SqlException {
        SqlException[] failure = new SqlException[1];
        try {
            buffer.sort((a, b) -> {
                try {
                    ctx.tick();
                    return order.compare(a, b);
                } catch (SqlException e) {
                    failure[0] = e;
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            if (failure[0] != null) {
                throw failure[0];
            }
            throw e;
        }
    }

    private void spill() throws SqlException {
        sortBuffer();
        TempFile run = new TempFile(ctx);
        runs.add(run);
        runsWritten++;
        for (Object[] r : buffer) {
            ctx.tick();
            run.write(r);
        }
        run.finish();
        spilledBytes += run.bytes();
        buffer = new ArrayList<>();
        bufferBytes = 0;
        ctx.held(0, null);
    }

    /** The rows of a sort, in order. */
    public interface Output {
        /** The next row, or null after the last. */
        Object[] next() throws SqlException;
    }

    /** Every row once, in order. Call once, after the last {@link #add}. */
    public Output sorted() throws SqlException {
        sortBuffer();
        if (runs.isEmpty()) {
            List<Object[]> all = buffer;
            buffer = new ArrayList<>();
            return new Output() {
                private int i;

                @Override
                public Object[] next() throws SqlException {
                    if (i >= all.size()) {
                        return null;
                    }
                    ctx.tick();
                    Object[] r = all.get(i);
                    all.set(i++, null); // let the rows go as they are read
                    return r;
                }
            };
        }
        // the buffered rows stay in memory as the last (newest) run
        while (runs.size() + 1 > MERGE_FAN_IN) {
            List<TempFile> merged = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += MERGE_FAN_IN) {
                List<TempFile> group = runs.subList(from, Math.min(runs.size(), from + MERGE_FAN_IN));
                if (group.size() == 1) {
                    merged.add(group.get(0));
                    continue;
                }
                TempFile out = new TempFile(ctx);
                Output in = merge(group, null);
                Object[] r;
                while ((r = in.next()) != null) {
                    out.write(r);
                }
                out.finish();
                spilledBytes += out.bytes();
                for (TempFile f : group) {
                    f.close();
                }
                runsWritten++;
                merged.add(out);
            }
            runs.clear();
            runs.addAll(merged);
        }
        List<Object[]> last = buffer;
        buffer = new ArrayList<>();
        return merge(runs, last);
    }

    /** One row waiting in the merge: the head of a run, and which run (ties go to the earlier run). */
    private static final class Head {
        final int run;
        final TempFile.Reader file;
        final List<Object[]> memory;
        int pos;
        Object[] row;

        Head(int run, TempFile.Reader file, List<Object[]> memory) {
            this.run = run;
            this.file = file;
            this.memory = memory;
        }

        boolean advance() throws SqlException {
            if (file != null) {
                row = file.next();
            } else {
                row = pos < memory.size() ? memory.get(pos) : null;
                if (row != null) {
                    memory.set(pos++, null);
                }
            }
            return row != null;
        }
    }

    private Output merge(List<TempFile> files, List<Object[]> memory) throws SqlException {
        SqlException[] failure = new SqlException[1];
        PriorityQueue<Head> heads = new PriorityQueue<>(files.size() + 1, (a, b) -> {
            try {
                int c = order.compare(a.row, b.row);
                return c != 0 ? c : Integer.compare(a.run, b.run);
            } catch (SqlException e) {
                failure[0] = e;
                throw new IllegalStateException(e);
            }
        });
        try {
            for (int i = 0; i < files.size(); i++) {
                Head h = new Head(i, files.get(i).read(), null);
                if (h.advance()) {
                    heads.add(h);
                }
            }
            if (memory != null) {
                Head h = new Head(files.size(), null, memory);
                if (h.advance()) {
                    heads.add(h);
                }
            }
        } catch (IllegalStateException e) {
            throw rethrow(failure[0], e);
        }
        return () -> {
            ctx.tick();
            try {
                Head h = heads.poll();
                if (h == null) {
                    return null;
                }
                Object[] r = h.row;
                if (h.advance()) {
                    heads.add(h);
                }
                return r;
            } catch (IllegalStateException e) {
                throw rethrow(failure[0], e);
            }
        };
    }

    /** The SQL error a comparison failed with, else the unchecked exception itself. */
    private static SqlException rethrow(SqlException failure, IllegalStateException e) {
        if (failure != null) {
            return failure;
        }
        throw e;
    }

    /** Deletes the runs and drops the buffer. */
    @Override
    public void close() {
        buffer = new ArrayList<>();
        for (TempFile f : runs) {
            f.close();
        }
        runs.clear();
    }

    /**
     * The JVM heap a buffered row takes, roughly (64-bit JVM, compressed references): the array,
     * its boxed values and about 32 bytes of list slot; for byte-sized bounds (CREATE INDEX).
     */
    public static long heapBytes(Object[] row) {
        long bytes = 32 + ((16 + 4L * row.length + 7) & ~7L);
        for (Object v : row) {
            if (v == null) {
                continue;
            } else if (v instanceof byte[] b) {
                bytes += 16 + b.length;
            } else if (v instanceof String s) {
                bytes += 40 + s.length();
            } else if (v instanceof java.math.BigDecimal d) {
                bytes += 40 + d.precision() / 2;
            } else {
                bytes += 24;
            }
        }
        return bytes;
    }
}
