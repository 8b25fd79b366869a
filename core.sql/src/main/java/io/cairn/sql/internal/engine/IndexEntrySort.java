package io.cairn.sql.internal.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.exec.ExecContext;
import io.cairn.txn.RowCursor;

/**
 * The sort of a bottom-up index build: {key, value} entries in any order in, one stream in
 * unsigned key order out. Memory is bounded: past {@code maxRows} entries or {@code maxBytes}
 * (keys, values and a per-entry overhead) the buffered entries are sorted and written to a
 * temporary run file, and the output merges every run (one open file per run, one buffered entry
 * each). Run files live in {@code java.io.tmpdir} and are deleted by {@link #close()}.
 */
final class IndexEntrySort implements AutoCloseable {

    /** Java's cost of one buffered entry beyond its bytes: two arrays and a pair array. */
    static final int ENTRY_OVERHEAD = 64;

    private static final Comparator<byte[][]> BY_KEY = (a, b) -> Arrays.compareUnsigned(a[0], b[0]);

    private final ExecContext ctx;
    private final long maxRows;
    private final long maxBytes;
    private final List<byte[][]> buffer = new ArrayList<>();
    private long bufferBytes;
    private final List<Path> runs = new ArrayList<>();
    private final List<DataInputStream> open = new ArrayList<>();
    private long entries;

    IndexEntrySort(ExecContext ctx, long maxRows, long maxBytes) {
        this.ctx = ctx;
        this.maxRows = Math.max(1, maxRows);
        this.maxBytes = Math.max(1, maxBytes);
    }

    void add(byte[] key, byte[] value) throws SqlException {
        buffer.add(new byte[][] {key, value});
        bufferBytes += key.length + value.length + ENTRY_OVERHEAD;
        entries++;
        if (buffer.size() >= maxRows || bufferBytes >= maxBytes) {
            spill();
        }
    }

    long entries() {
        return entries;
    }

    /** Sorted runs written to disk so far (0 when everything fit in memory). */
    int runs() {
        return runs.size();
    }

    private void spill() throws SqlException {
        ctx.checkNow();
        buffer.sort(BY_KEY);
        Path run;
        try {
            run = Files.createTempFile("cairn-index-build-", ".run");
            runs.add(run);
            try (DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (byte[][] e : buffer) {
                    out.writeInt(e[0].length);
                    out.write(e[0]);
                    out.writeInt(e[1].length);
                    out.write(e[1]);
                }
            }
        } catch (IOException e) {
            throw new SqlException("could not write a sorted run of the index build to the temporary directory: "
                    + e.getMessage(), "58030");
        }
        buffer.clear();
        bufferBytes = 0;
    }

    /**
     * Every entry once, in key order. Equal keys come out one after the other, so the caller sees
     * duplicates as neighbours. Call once, after the last {@link #add}.
     */
    RowCursor sorted() throws SqlException {
        if (runs.isEmpty()) {
            buffer.sort(BY_KEY);
            List<byte[][]> all = List.copyOf(buffer);
            buffer.clear();
            return new Source() {
                private int i = -1;

                @Override
                byte[][] advance() {
                    return ++i < all.size() ? all.get(i) : null;
                }
            };
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        PriorityQueue<RunHead> heads = new PriorityQueue<>((a, b) -> BY_KEY.compare(a.entry, b.entry));
        try {
            for (Path run : runs) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
                open.add(in);
                RunHead h = new RunHead(in);
                if (h.read()) {
                    heads.add(h);
                }
            }
        } catch (IOException e) {
            throw new SqlException("could not read a sorted run of the index build: " + e.getMessage(), "58030");
        }
        return new Source() {
            @Override
            byte[][] advance() {
                RunHead h = heads.poll();
                if (h == null) {
                    return null;
                }
                byte[][] e = h.entry;
                try {
                    if (h.read()) {
                        heads.add(h);
                    }
                } catch (IOException x) {
                    throw new UncheckedIOException("could not read a sorted run of the index build", x);
                }
                return e;
            }
        };
    }

    private static final class RunHead {
        final DataInputStream in;
        byte[][] entry;

        RunHead(DataInputStream in) {
            this.in = in;
        }

        boolean read() throws IOException {
            int klen;
            try {
                klen = in.readInt();
            } catch (EOFException end) {
                return false;
            }
            byte[] k = in.readNBytes(klen);
            byte[] v = in.readNBytes(in.readInt());
            if (k.length != klen) {
                throw new EOFException("run file ends inside an entry");
            }
            entry = new byte[][] {k, v};
            return true;
        }
    }

    /** A RowCursor over the sorted entries; checks cancel and timeout as it goes. */
    private abstract class Source implements RowCursor {
        private byte[][] current;

        abstract byte[][] advance();

        @Override
        public boolean next() {
            try {
                ctx.tick();
            } catch (SqlException e) {
                throw new BuildFailure(e);
            }
            current = advance();
            return current != null;
        }

        @Override
        public byte[] key() {
            return current[0];
        }

        @Override
        public byte[] value() {
            return current[1];
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
        buffer.clear();
        for (DataInputStream in : open) {
            try {
                in.close();
            } catch (IOException ignored) {
                // deleting the file below is what matters
            }
        }
        open.clear();
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                run.toFile().deleteOnExit();
            }
        }
        runs.clear();
    }
}
