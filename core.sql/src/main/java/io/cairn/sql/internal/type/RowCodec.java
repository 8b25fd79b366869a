package io.cairn.sql.internal.type;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a table row (one value per physical column) into the compact byte form stored in a
 * table's B+tree, and back. A row records how many columns it was written with, so rows written
 * before an ADD COLUMN read the new trailing columns as their default; a dropped column keeps its
 * physical slot (the catalog hides it) and new rows store it as NULL, one bit. The format is
 * described byte by byte in core.sql/ROW-FORMAT.md. Values must already have their column's Java
 * class ({@link Values#assign}). Instances are immutable and thread-safe.
 */
public final class RowCodec {

    private final SqlType[] columns;

    /** A codec for rows whose physical columns, dropped ones included, have these types. */
    public RowCodec(List<SqlType> columns) {
        this.columns = columns.toArray(new SqlType[0]);
    }

    public int columnCount() {
        return columns.length;
    }

    /** Encodes a row of exactly {@link #columnCount()} values. */
    public byte[] encode(Object[] row) {
        if (row.length != columns.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, table has " + columns.length + " columns");
        }
        Out out = new Out(16 + row.length * 4);
        out.varint(row.length);
        int bitmapAt = out.length;
        int bitmapBytes = (row.length + 7) >>> 3;
        out.ensure(bitmapBytes);
        out.length += bitmapBytes;
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                out.bytes[bitmapAt + (i >>> 3)] |= (byte) (1 << (i & 7));
            } else {
                writeValue(out, columns[i], v, i);
            }
        }
        return Arrays.copyOf(out.bytes, out.length);
    }

    /**
     * Decodes a row. Columns the row was written without (added later) take the value at the same
     * index of {@code defaults}, or NULL when {@code defaults} is null.
     *
     * @throws IllegalArgumentException if the bytes are not a row of this table
     */
    public Object[] decode(byte[] bytes, Object[] defaults) {
        return decode(bytes, defaults, null);
    }

    /**
     * {@link #decode(byte[], Object[])} of the columns {@code wanted} marks only (null: all): the
     * others are stepped over and read NULL, so a query that uses two columns of a wide row builds
     * no string or number for the rest. The row is still checked whole.
     */
    public Object[] decode(byte[] bytes, Object[] defaults, boolean[] wanted) {
        try {
            In in = new In(bytes);
            long stored = in.varint();
            if (stored < 0 || stored > columns.length) {
                throw new IllegalArgumentException("row has " + stored + " columns, table has " + columns.length);
            }
            int n = (int) stored;
            int bitmapAt = in.position;
            in.position += (n + 7) >>> 3;
            Object[] row = new Object[columns.length];
            for (int i = 0; i < n; i++) {
                boolean isNull = (bytes[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0;
                if (isNull) {
                    continue;
                }
                if (wanted == null || wanted[i]) {
                    row[i] = readValue(in, columns[i]);
                } else {
                    skipValue(in, columns[i]);
                }
            }
            for (int i = n; i < columns.length; i++) {
                row[i] = defaults == null || wanted != null && !wanted[i] ? null : defaults[i];
            }
            if (in.position != bytes.length) {
                throw new IllegalArgumentException("row has " + (bytes.length - in.position) + " trailing bytes");
            }
            return row;
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("row ends early", e);
        }
    }

    private static void writeValue(Out out, SqlType type, Object v, int column) {
        try {
            switch (type.kind()) {
                case BOOLEAN:
                    out.put((Boolean) v ? 1 : 0);
                    break;
                case INT:
                    out.zigzag((Integer) v);
                    break;
                case BIGINT:
                    out.zigzag((Long) v);
                    break;
                case DOUBLE: {
                    long bits = Double.doubleToLongBits((Double) v);
                    for (int s = 56; s >= 0; s -= 8) {
                        out.put((int) (bits >>> s));
                    }
                    break;
                }
                case DECIMAL: {
                    BigDecimal d = (BigDecimal) v;
                    out.zigzag(d.scale());
                    out.blob(d.unscaledValue().toByteArray());
                    break;
                }
                case VARCHAR:
                    out.blob(((String) v).getBytes(StandardCharsets.UTF_8));
                    break;
                case BLOB:
                    out.blob((byte[]) v);
                    break;
                case DATE:
                    out.zigzag(((LocalDate) v).toEpochDay());
                    break;
                case TIMESTAMP: {
                    LocalDateTime t = (LocalDateTime) v;
                    out.zigzag(t.toEpochSecond(ZoneOffset.UTC));
                    out.varint(t.getNano());
                    break;
                }
                default:
                    throw new IllegalArgumentException("no row encoding for " + type);
            }
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("column " + column + " is " + type.toSql() + " but the value is a "
                    + v.getClass().getSimpleName(), e);
        }
    }

    private static Object readValue(In in, SqlType type) {
        switch (type.kind()) {
            case BOOLEAN:
                return in.get() != 0;
            case INT:
                return Math.toIntExact(in.zigzag());
            case BIGINT:
                return in.zigzag();
            case DOUBLE: {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = bits << 8 | in.get();
                }
                return Double.longBitsToDouble(bits);
            }
            case DECIMAL: {
                int scale = Math.toIntExact(in.zigzag());
                return new BigDecimal(new BigInteger(in.blob()), scale);
            }
            case VARCHAR:
                return new String(in.blob(), StandardCharsets.UTF_8);
            case BLOB:
                return in.blob();
            case DATE:
                return LocalDate.ofEpochDay(in.zigzag());
            case TIMESTAMP: {
                long seconds = in.zigzag();
                long nanos = in.varint();
                return LocalDateTime.ofEpochSecond(seconds, Math.toIntExact(nanos), ZoneOffset.UTC);
            }
            default:
                throw new IllegalArgumentException("no row encoding for " + type);
        }
    }

    /** Steps over a value as {@link #readValue} would read it, building nothing. */
    private static void skipValue(In in, SqlType type) {
        switch (type.kind()) {
            case BOOLEAN -> in.get();
            case INT, BIGINT, DATE -> in.varint();
            case DOUBLE -> in.skip(8);
            case DECIMAL -> {
                in.varint();
                in.skipBlob();
            }
            case VARCHAR, BLOB -> in.skipBlob();
            case TIMESTAMP -> {
                in.varint();
                in.varint();
            }
            default -> throw new IllegalArgumentException("no row encoding for " + type);
        }
    }

    private static final class Out {
        byte[] bytes;
        int length;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
            }
        }

        void put(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                put((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            put((int) v);
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void blob(byte[] b) {
            varint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
        }
    }

    private static final class In {
        final byte[] bytes;
        int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        int get() {
            return bytes[position++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = get();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        void skip(int n) {
            if (n > bytes.length - position) {
                throw new ArrayIndexOutOfBoundsException("value past the end of the row");
            }
            position += n;
        }

        void skipBlob() {
            long n = varint();
            if (n < 0 || n > bytes.length - position) {
                throw new IllegalArgumentException("value length " + n + " past the end of the row");
            }
            position += (int) n;
        }

        byte[] blob() {
            long n = varint();
            if (n < 0 || n > bytes.length - position) {
                throw new IllegalArgumentException("value length " + n + " past the end of the row");
            }
            byte[] b = Arrays.copyOfRange(bytes, position, position + (int) n);
            position += (int) n;
            return b;
        }
    }
}
