package io.cairn.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;

/**
 * Rows kept to be read once or many times (the inner side of a nested loop join, one key's rows
 * in a merge join, the rows an INSERT ... SELECT, UPDATE or DELETE collects before it writes): in
 * memory up to the memory bound, the rest in a {@link TempFile} read from the start each time.
 */
public final class RowBuffer {
    private final ExecContext ctx;
    private List<Object[]> memory = new ArrayList<>();
    private TempFile file;

    public RowBuffer(ExecContext ctx) {
        this.ctx = ctx;
    }

    public void add(Object[] row) throws SqlException {
        if (file == null && memory.size() < ctx.maxMemoryRows()) {
            memory.add(row);
            ctx.held(memory.size(), row);
            return;
        }
        if (file == null) {
            file = new TempFile(ctx);
        }
        ctx.tick();
        file.write(row);
    }

    /** Ends adding. */
    public void finish() throws SqlException {
        if (file != null) {
            file.finish();
        }
    }

    /** The temp file of the rows past the bound, or null. */
    public TempFile file() {
        return file;
    }

    /** Reads every row in the order added. */
    public Cursor cursor() {
        return new Cursor();
    }

    public final class Cursor {
        private int pos;
        private TempFile.Reader reader;

        public Object[] next() throws SqlException {
            if (pos < memory.size()) {
                return memory.get(pos++);
            }
            if (file == null) {
                return null;
            }
            if (reader == null) {
                reader = file.read();
            }
            return reader.next();
        }
    }

    public void clear() {
        memory = new ArrayList<>();
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
