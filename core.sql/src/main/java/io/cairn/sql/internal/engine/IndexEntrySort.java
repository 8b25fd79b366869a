package io.cairn.sql.internal.engine;

import java.util.Arrays;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.sql.internal.exec.ExternalSort;
import io.cairn.txn.RowCursor;

/**
 * The sort of a bottom-up index build: {key, value} entries in any order in, one stream in
 * unsigned key order out. A thin view of the executor's {@link ExternalSort} (entries are rows of
 * two BLOBs), so index builds and ORDER BY share one run-file format and one merge: past
 * {@code maxRows} entries or {@code maxBytes} of heap the sorted entries go to a run in the
 * database's temp area, and the output merges the runs. {@link #close()} deletes them.
 */
final class IndexEntrySort implements AutoCloseable {

    private final ExternalSort sort;

    IndexEntrySort(ExecContext ctx, long maxRows, long maxBytes) {
        this.sort = new ExternalSort(ctx, (a, b) -> Arrays.compareUnsigned((byte[]) a[0], (byte[]) b[0]), maxRows, maxBytes);
    }

    void add(byte[] key, byte[] value) throws SqlException {
        sort.add(new Object[] {key, value});
    }

    long entries() {
        return sort.rows();
    }

    /** Sorted runs written to disk so far (0 when everything fit in memory). */
    int runs() {
        return sort.runs();
    }

    /**
     * Every entry once, in key order. Equal keys come out one after the other, so the caller sees
     * duplicates as neighbours. Call once, after the last {@link #add}.
     */
    RowCursor sorted() throws SqlException {
        ExternalSort.Output out = sort.sorted();
        return new Source() {
            @Override
            Object[] advance() throws SqlException {
                return out.next();
            }
        };
    }

    /** A RowCursor over the sorted entries; checks cancel and timeout as it goes. */
    private abstract class Source implements RowCursor {
        private Object[] current;

        abstract Object[] advance() throws SqlException;

        @Override
        public boolean next() {
            try {
                current = advance(); // checks cancel and timeout as it goes
            } catch (SqlException e) {
                throw new BuildFailure(e);
            }
            return current != null;
        }

        @Override
        public byte[] key() {
            return (byte[]) current[0];
        }

        @Override
        public byte[] value() {
            return (byte[]) current[1];
        }

        @Override
        public void close() {
            // the runs are closed and deleted by IndexEntrySort.close
        }
    }

    /** Carries an SQL error out of a RowCursor (which cannot throw checked exceptions) to the build. */
    static final class BuildFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BuildFailure(SqlException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        SqlException sqlException() {
            return (SqlException) getCause();
        }
    }

    @Override
    public void close() {
        sort.close();
    }
}
