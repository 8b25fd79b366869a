package io.cairn.sql.internal.exec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.cairn.sql.SqlException;

/**
 * One temp file of rows: written once, front to back, then read back from the start as often as
 * needed. Sorted runs, hash partitions and spilled join inputs are all temp files in this one
 * format (core.sql/CATALOG.md, "Spilling to disk"): each row is a 4-byte count of values, then
 * per value a tag byte and its bytes. Values come back as the same Java objects they went in as
 * (an INT stays Integer, a DECIMAL keeps its scale), so a spilled result equals an in-memory one.
 * The statement's {@link ExecContext} deletes the file when the statement ends, whatever happens;
 * {@link #close()} deletes it earlier.
 */
public final class TempFile implements AutoCloseable {

    private static final int BUFFER = 32 << 10;

    private static final byte NULL = 0;
    private static final byte FALSE = 1;
    private static final byte TRUE = 2;
    private static final byte INT = 3;
    private static final byte BIGINT = 4;
    private static final byte DOUBLE = 5;
    private static final byte DECIMAL = 6;
    private static final byte UTF8 = 7;
    private static final byte UTF16 = 8;
    private static final byte DATE = 9;
    private static final byte TIMESTAMP = 10;
    private static final byte BLOB = 11;

    private final ExecContext ctx;
    private final Path[] path = new Path[1];
    private DataOutputStream out;
    private final List<DataInputStream> readers = new ArrayList<>();
    private long rows;
    private long bytes;
    private boolean finished;
    private boolean deleted;

    /** Creates the file in the statement's temp area (53100 if it cannot). */
    TempFile(ExecContext ctx) throws SqlException {
        this.ctx = ctx;
        OutputStream raw;
        try {
            raw = ctx.tempArea().create(path);
        } finally {
            if (path[0] != null) {
                ctx.tempFileCreated(this);
            }
        }
        out = new DataOutputStream(new BufferedOutputStream(new FilterOutputStream(raw) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes++;
            }
        }, BUFFER));
    }

    public Path path() {
        return path[0];
    }

    public long rows() {
        return rows;
    }

    /** Bytes written to disk so far. */
    public long bytes() {
        return bytes;
    }

    public void write(Object[] row) throws SqlException {
        if (finished) {
            throw new IllegalStateException("temp file already finished");
        }
        try {
            writeRow(out, row);
        } catch (IOException e) {
            throw TempArea.failure("could not write to temporary file " + path[0], e);
        }
        rows++;
    }

    /** Ends writing (flushes); reading may start. */
    public void finish() throws SqlException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            out.close();
        } catch (IOException e) {
            throw TempArea.failure("could not write to temporary file " + path[0], e);
        } finally {
            out = null;
        }
        ctx.tempArea().written(bytes);
        ctx.spilled(bytes);
    }

    /** A reader from the first row; finishes writing first. */
    public Reader read() throws SqlException {
        finish();
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path[0]), BUFFER));
            readers.add(in);
            return new Reader(in);
        } catch (IOException e) {
            throw TempArea.failure("could not read temporary file " + path[0], e);
        }
    }

    /** Reads the rows of a temp file in the order they were written. */
    public final class Reader {
        private final DataInputStream in;
        private boolean ended;

        Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next row, or null after the last. */
        public Object[] next() throws SqlException {
            if (ended) {
                return null;
            }
            try {
                Object[] row = readRow(in);
                if (row == null) {
                    end();
                }
                return row;
            } catch (IOException e) {
                throw TempArea.failure("could not read temporary file " + path[0], e);
            }
        }

        /** Closes this reader early (the file stays). */
        public void end() {
            ended = true;
            readers.remove(in);
            try {
                in.close();
            } catch (IOException ignored) {
                // only reading was open
            }
        }
    }

    /** Closes every stream and deletes the file. Safe to call twice. */
    @Override
    public void close() {
        if (deleted) {
            return;
        }
        deleted = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted below
            }
            out = null;
        }
        for (DataInputStream in : readers) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the file is deleted below
            }
        }
        readers.clear();
        if (path[0] != null) {
            try {
                Files.deleteIfExists(path[0]);
            } catch (IOException e) {
                path[0].toFile().deleteOnExit(); // and the next open of the database removes it
            }
        }
        ctx.tempFileClosed(this);
    }

    static void writeRow(DataOutputStream out, Object[] row) throws IOException {
        out.writeInt(row.length);
        for (Object v : row) {
            writeValue(out, v);
        }
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(BIGINT);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeInt(d.scale());
            byte[] unscaled = d.unscaledValue().toByteArray();
            out.writeInt(unscaled.length);
            out.write(unscaled);
        } else if (v instanceof String s) {
            if (wellFormed(s)) {
                out.writeByte(UTF8);
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            } else { // a lone surrogate would not survive UTF-8: keep the chars
                out.writeByte(UTF16);
                out.writeInt(s.length());
                out.writeChars(s);
            }
        } else if (v instanceof LocalDate d) {
            out.writeByte(DATE);
            out.writeLong(d.toEpochDay());
        } else if (v instanceof LocalDateTime t) {
            out.writeByte(TIMESTAMP);
            out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
            out.writeInt(t.getNano());
        } else if (v instanceof byte[] b) {
            out.writeByte(BLOB);
            out.writeInt(b.length);
            out.write(b);
        } else {
            throw new IllegalArgumentException("not a SQL value: " + v.getClass().getName());
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** The next row, or null at the end of the file. */
    static Object[] readRow(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (n < 0) {
            throw new IOException("corrupt temp file: a row of " + n + " values");
        }
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
            row[i] = readValue(in);
        }
        return row;
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL: return null;
            case FALSE: return Boolean.FALSE;
            case TRUE: return Boolean.TRUE;
            case INT: return in.readInt();
            case BIGINT: return in.readLong();
            case DOUBLE: return Double.longBitsToDouble(in.readLong());
            case DECIMAL: {
                int scale = in.readInt();
                return new BigDecimal(new BigInteger(bytes(in)), scale);
            }
            case UTF8: return new String(bytes(in), StandardCharsets.UTF_8);
            case UTF16: {
                int len = in.readInt();
                char[] c = new char[len];
                for (int i = 0; i < len; i++) {
                    c[i] = in.readChar();
                }
                return new String(c);
            }
            case DATE: return LocalDate.ofEpochDay(in.readLong());
            case TIMESTAMP: {
                long seconds = in.readLong();
                return LocalDateTime.ofEpochSecond(seconds, in.readInt(), ZoneOffset.UTC);
            }
            case BLOB: return bytes(in);
            default: throw new IOException("corrupt temp file: value tag " + tag);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new IOException("corrupt temp file: length " + len);
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw new EOFException("temp file ends inside a value");
        }
        return b;
    }
}
