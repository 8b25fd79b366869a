package io.cairn.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Builds an order-preserving key: a byte string whose unsigned lexicographic order
 * ({@link #compare(byte[], byte[])}) is the natural order of the values written into it, part by
 * part, so B+trees can compare keys without decoding them. Parts are appended in column order:
 * {@code KeyEncoder.create().writeInt(5).writeString("abc").toBytes()}; {@link KeyDecoder}
 * reads them back. Each {@code writeXxxDesc} writes a part whose order is reversed (a DESC index
 * column). The encoding is described byte by byte in KEY-FORMAT.md. Not thread-safe.
 *
 * <p>Orders: NULL before every value (after every value in a DESC part); {@code false < true};
 * doubles in {@link Double#compare} order ({@code -Inf < ... < -0.0 < 0.0 < ... < +Inf < NaN});
 * decimals numerically, with {@code 1.0} and {@code 1.00} equal; strings by Unicode code point
 * (the order of their UTF-8 bytes) with a prefix before its extensions; blobs by unsigned bytes;
 * timestamps are {@link Instant}s to the nanosecond. A column must always be written with the
 * same type (NULL aside): parts of different types order by type, not by value.
 */
public final class KeyEncoder {

    static final int STRING_ESCAPE = 0xFF;
    static final int STRING_END = 0x01;
    static final int DECIMAL_NEGATIVE = 0x01;
    static final int DECIMAL_ZERO = 0x02;
    static final int DECIMAL_POSITIVE = 0x03;

    private byte[] bytes;
    private int length;
    /** XORed into every byte of the part being written: 0 ascending, 0xFF descending. */
    private int mask;

    private KeyEncoder(int capacity) {
        this.bytes = new byte[Math.max(capacity, 8)];
    }

    public static KeyEncoder create() {
        return new KeyEncoder(32);
    }

    public static KeyEncoder create(int capacity) {
        return new KeyEncoder(capacity);
    }

    /** Compares two encoded keys: unsigned lexicographic byte order, which is the values' order. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Compares two encoded keys held in ranges of larger arrays (a page, say), without copying. */
    public static int compare(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        return Arrays.compareUnsigned(a, aFrom, aTo, b, bFrom, bTo);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or null if there is
     * none (the prefix is all 0xFF): the exclusive upper bound of a prefix range scan.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    public KeyEncoder writeNull() {
        return nullPart(0);
    }

    public KeyEncoder writeNullDesc() {
        return nullPart(0xFF);
    }

    public KeyEncoder writeBoolean(boolean value) {
        return booleanPart(value, 0);
    }

    public KeyEncoder writeBooleanDesc(boolean value) {
        return booleanPart(value, 0xFF);
    }

    public KeyEncoder writeInt(int value) {
        return intPart(value, 0);
    }

    public KeyEncoder writeIntDesc(int value) {
        return intPart(value, 0xFF);
    }

    /** Writes a BIGINT part. */
    public KeyEncoder writeLong(long value) {
        return longPart(KeyType.BIGINT, value, 0);
    }

    public KeyEncoder writeLongDesc(long value) {
        return longPart(KeyType.BIGINT, value, 0xFF);
    }

    public KeyEncoder writeDouble(double value) {
        return doublePart(value, 0);
    }

    public KeyEncoder writeDoubleDesc(double value) {
        return doublePart(value, 0xFF);
    }

    /** Writes a DECIMAL part, or NULL if {@code value} is null. Trailing zeros do not matter. */
    public KeyEncoder writeDecimal(BigDecimal value) {
        return decimalPart(value, 0);
    }

    public KeyEncoder writeDecimalDesc(BigDecimal value) {
        return decimalPart(value, 0xFF);
    }

    /**
     * Writes a VARCHAR part, or NULL if {@code value} is null.
     *
     * @throws IllegalArgumentException if the string holds an unpaired surrogate (not valid Unicode)
     */
    public KeyEncoder writeString(String value) {
        return stringPart(value, 0);
    }

    public KeyEncoder writeStringDesc(String value) {
        return stringPart(value, 0xFF);
    }

    /** Writes a BLOB part, or NULL if {@code value} is null. */
    public KeyEncoder writeBytes(byte[] value) {
        return bytesPart(value, 0);
    }

    public KeyEncoder writeBytesDesc(byte[] value) {
        return bytesPart(value, 0xFF);
    }

    /** Writes a DATE part, or NULL if {@code value} is null. */
    public KeyEncoder writeDate(LocalDate value) {
        return datePart(value, 0);
    }

    public KeyEncoder writeDateDesc(LocalDate value) {
        return datePart(value, 0xFF);
    }

    /** Writes a TIMESTAMP part (a point in time, nanosecond precision), or NULL if {@code value} is null. */
    public KeyEncoder writeTimestamp(Instant value) {
        return timestampPart(value, 0);
    }

    public KeyEncoder writeTimestampDesc(Instant value) {
        return timestampPart(value, 0xFF);
    }

    /**
     * Writes a part for a Java value of one of the supported types: null, Boolean, Integer (also
     * Short and Byte), Long, Double (also Float), BigDecimal (also BigInteger), String, byte[],
     * LocalDate, Instant. {@link KeyDecoder#readValue()} returns the first type of each group.
     */
    public KeyEncoder writeValue(Object value, boolean descending) {
        int m = descending ? 0xFF : 0;
        if (value == null) {
            return nullPart(m);
        } else if (value instanceof Boolean b) {
            return booleanPart(b, m);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return intPart(((Number) value).intValue(), m);
        } else if (value instanceof Long l) {
            return longPart(KeyType.BIGINT, l, m);
        } else if (value instanceof Double || value instanceof Float) {
            return doublePart(((Number) value).doubleValue(), m);
        } else if (value instanceof BigDecimal d) {
            return decimalPart(d, m);
        } else if (value instanceof BigInteger i) {
            return decimalPart(new BigDecimal(i), m);
        } else if (value instanceof String s) {
            return stringPart(s, m);
        } else if (value instanceof byte[] b) {
            return bytesPart(b, m);
        } else if (value instanceof LocalDate d) {
            return datePart(d, m);
        } else if (value instanceof Instant t) {
            return timestampPart(t, m);
        }
        throw new IllegalArgumentException("no key encoding for " + value.getClass().getName());
    }

    /** A copy of the key written so far. */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** Bytes written so far. */
    public int length() {
        return length;
    }

    /** Forgets every part so the encoder can build another key with the same buffer. */
    public KeyEncoder reset() {
        length = 0;
        return this;
    }

    private KeyEncoder nullPart(int m) {
        begin(KeyType.NULL, m);
        return this;
    }

    private KeyEncoder booleanPart(boolean value, int m) {
        begin(KeyType.BOOLEAN, m);
        put(value ? 1 : 0);
        return this;
    }

    private KeyEncoder intPart(int value, int m) {
        begin(KeyType.INT, m);
        putInt(value ^ Integer.MIN_VALUE);
        return this;
    }

    private KeyEncoder longPart(KeyType type, long value, int m) {
        begin(type, m);
        putLong(value ^ Long.MIN_VALUE);
        return this;
    }

    private KeyEncoder doublePart(double value, int m) {
        begin(KeyType.DOUBLE, m);
        long bits = Double.doubleToLongBits(value); // one NaN
        // Positive: set the sign bit; negative: invert everything, so larger magnitudes sort lower.
        putLong(bits ^ ((bits >> 63) | Long.MIN_VALUE));
        return this;
    }

    private KeyEncoder decimalPart(BigDecimal value, int m) {
        if (value == null) {
            return nullPart(m);
        }
        begin(KeyType.DECIMAL, m);
        int signum = value.signum();
        if (signum == 0) {
            put(DECIMAL_ZERO);
            return this;
        }
        BigDecimal normal = value.stripTrailingZeros();
        String digits = normal.unscaledValue().abs().toString();
        // value = 0.d1d2d3... * 10^exponent with d1 != 0
        long exponent = (long) digits.length() - normal.scale();
        if (exponent != (int) exponent) {
            throw new IllegalArgumentException("decimal exponent out of range: " + value);
        }
        int flip = signum < 0 ? 0xFF : 0;
        put(signum < 0 ? DECIMAL_NEGATIVE : DECIMAL_POSITIVE);
        int e = (int) exponent ^ Integer.MIN_VALUE;
        putInt(signum < 0 ? ~e : e);
        for (int i = 0; i < digits.length(); i += 2) {
            int high = digits.charAt(i) - '0';
            int low = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
            put((high * 10 + low + 1) ^ flip);
        }
        put(flip);
        return this;
    }

    private KeyEncoder stringPart(String value, int m) {
        if (value == null) {
            return nullPart(m);
        }
        begin(KeyType.VARCHAR, m);
        int n = value.length();
        ensure(n + 2);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    put(0);
                    put(STRING_ESCAPE);
                } else {
                    put(c);
                }
            } else if (c < 0x800) {
                put(0xC0 | (c >> 6));
                put(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low;
                if (!Character.isHighSurrogate(c) || i + 1 >= n
                        || !Character.isLowSurrogate(low = value.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate at index " + i + " of a key string");
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                put(0xF0 | (cp >> 18));
                put(0x80 | ((cp >> 12) & 0x3F));
                put(0x80 | ((cp >> 6) & 0x3F));
                put(0x80 | (cp & 0x3F));
            } else {
                put(0xE0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3F));
                put(0x80 | (c & 0x3F));
            }
        }
        put(0);
        put(STRING_END);
        return this;
    }

    private KeyEncoder bytesPart(byte[] value, int m) {
        if (value == null) {
            return nullPart(m);
        }
        begin(KeyType.BLOB, m);
        ensure(value.length + 2);
        for (byte b : value) {
            put(b & 0xFF);
            if (b == 0) {
                put(STRING_ESCAPE);
            }
        }
        put(0);
        put(STRING_END);
        return this;
    }

    private KeyEncoder datePart(LocalDate value, int m) {
        if (value == null) {
            return nullPart(m);
        }
        return longPart(KeyType.DATE, value.toEpochDay(), m);
    }

    private KeyEncoder timestampPart(Instant value, int m) {
        if (value == null) {
            return nullPart(m);
        }
        begin(KeyType.TIMESTAMP, m);
        putLong(value.getEpochSecond() ^ Long.MIN_VALUE);
        putInt(value.getNano());
        return this;
    }

    private void begin(KeyType type, int m) {
        mask = 0;
        put(type.tag() ^ m);
        mask = m;
    }

    private void put(int b) {
        if (length == bytes.length) {
            ensure(1);
        }
        bytes[length++] = (byte) (b ^ mask);
    }

    private void putInt(int v) {
        ensure(4);
        put(v >>> 24);
        put(v >>> 16);
        put(v >>> 8);
        put(v);
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }
}
