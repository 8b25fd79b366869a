package io.cairn.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads back, part by part, a key built by {@link KeyEncoder}. Each part says its own type and
 * direction, so {@link #readValue()} needs no schema; the typed readers check the type. Reading
 * a NULL part with a typed reader of an object type returns null; {@link #readInt()} and the
 * other primitive readers throw on NULL, so test {@link #isNull()} first. Not thread-safe.
 */
public final class KeyDecoder {

    private final byte[] key;
    private final int end;
    private int position;
    private int mask;

    private KeyDecoder(byte[] key, int offset, int length) {
        this.key = key;
        this.position = offset;
        this.end = offset + length;
    }

    public static KeyDecoder of(byte[] key) {
        return new KeyDecoder(key, 0, key.length);
    }

    public static KeyDecoder of(byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        return new KeyDecoder(key, offset, length);
    }

    /** True while parts remain. */
    public boolean hasNext() {
        return position < end;
    }

    /** Offset of the next part in the key array. */
    public int position() {
        return position;
    }

    /** The type of the next part. */
    public KeyType peekType() {
        int tag = peekTag();
        KeyType type = KeyType.ofTag(tag >= 0x80 ? ~tag & 0xFF : tag);
        if (type == null) {
            throw corrupt("unknown type tag 0x" + Integer.toHexString(tag));
        }
        return type;
    }

    /** Whether the next part was written with a {@code writeXxxDesc} method. */
    public boolean isDescending() {
        return peekTag() >= 0x80;
    }

    /** Whether the next part is NULL (it is not consumed). */
    public boolean isNull() {
        return peekType() == KeyType.NULL;
    }

    /** Consumes a NULL part. */
    public void readNull() {
        begin(KeyType.NULL);
    }

    public boolean readBoolean() {
        begin(KeyType.BOOLEAN);
        return get() != 0;
    }

    public int readInt() {
        begin(KeyType.INT);
        return getInt() ^ Integer.MIN_VALUE;
    }

    /** Reads a BIGINT part. */
    public long readLong() {
        begin(KeyType.BIGINT);
        return getLong() ^ Long.MIN_VALUE;
    }

    public double readDouble() {
        begin(KeyType.DOUBLE);
        long bits = getLong();
        bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
        return Double.longBitsToDouble(bits);
    }

    /** Reads a DECIMAL part (with trailing zeros stripped), or null for a NULL part. */
    public BigDecimal readDecimal() {
        if (skipNull()) {
            return null;
        }
        begin(KeyType.DECIMAL);
        int sign = get();
        if (sign == KeyEncoder.DECIMAL_ZERO) {
            return BigDecimal.ZERO;
        }
        if (sign != KeyEncoder.DECIMAL_NEGATIVE && sign != KeyEncoder.DECIMAL_POSITIVE) {
            throw corrupt("bad decimal sign byte " + sign);
        }
        boolean negative = sign == KeyEncoder.DECIMAL_NEGATIVE;
        int flip = negative ? 0xFF : 0;
        int e = getInt();
        int exponent = (negative ? ~e : e) ^ Integer.MIN_VALUE;
        StringBuilder digits = new StringBuilder();
        while (true) {
            int b = get() ^ flip;
            if (b == 0) {
                break;
            }
            if (b > 100) {
                throw corrupt("bad decimal digit pair " + b);
            }
            digits.append((char) ('0' + (b - 1) / 10)).append((char) ('0' + (b - 1) % 10));
        }
        int n = digits.length();
        while (n > 1 && digits.charAt(n - 1) == '0') {
            n--;
        }
        if (n == 0) {
            throw corrupt("decimal without digits");
        }
        BigInteger unscaled = new BigInteger(digits.substring(0, n));
        BigDecimal value = new BigDecimal(unscaled, (int) ((long) n - exponent));
        return negative ? value.negate() : value;
    }

    /** Reads a VARCHAR part, or null for a NULL part. */
    public String readString() {
        if (skipNull()) {
            return null;
        }
        begin(KeyType.VARCHAR);
        return new String(unescape(), StandardCharsets.UTF_8);
    }

    /** Reads a BLOB part, or null for a NULL part. */
    public byte[] readBytes() {
        if (skipNull()) {
            return null;
        }
        begin(KeyType.BLOB);
        return unescape();
    }

    /** Reads a DATE part, or null for a NULL part. */
    public LocalDate readDate() {
        if (skipNull()) {
            return null;
        }
        begin(KeyType.DATE);
        long day = getLong() ^ Long.MIN_VALUE;
        try {
            return LocalDate.ofEpochDay(day);
        } catch (DateTimeException e) {
            throw corrupt("date out of range: epoch day " + day);
        }
    }

    /** Reads a TIMESTAMP part, or null for a NULL part. */
    public Instant readTimestamp() {
        if (skipNull()) {
            return null;
        }
        begin(KeyType.TIMESTAMP);
        long seconds = getLong() ^ Long.MIN_VALUE;
        int nanos = getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw corrupt("bad nanosecond field " + nanos);
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw corrupt("timestamp out of range: " + seconds + " s");
        }
    }

    /**
     * Reads the next part as a Java value: null, Boolean, Integer, Long, Double, BigDecimal,
     * String, byte[], LocalDate or Instant.
     */
    public Object readValue() {
        switch (peekType()) {
            case NULL:
                readNull();
                return null;
            case BOOLEAN:
                return readBoolean();
            case INT:
                return readInt();
            case BIGINT:
                return readLong();
            case DOUBLE:
                return readDouble();
            case DECIMAL:
                return readDecimal();
            case VARCHAR:
                return readString();
            case BLOB:
                return readBytes();
            case DATE:
                return readDate();
            case TIMESTAMP:
                return readTimestamp();
            default:
                throw new AssertionError();
        }
    }

    /** Skips the next part. */
    public void skip() {
        readValue();
    }

    private boolean skipNull() {
        if (isNull()) {
            readNull();
            return true;
        }
        return false;
    }

    private int peekTag() {
        if (position >= end) {
            throw new IllegalStateException("no more key parts");
        }
        return key[position] & 0xFF;
    }

    private void begin(KeyType expected) {
        KeyType type = peekType();
        if (type != expected) {
            throw new IllegalStateException("next key part is " + type + ", not " + expected);
        }
        mask = isDescending() ? 0xFF : 0;
        position++;
    }

    private int get() {
        if (position >= end) {
            throw corrupt("key ends inside a part");
        }
        return (key[position++] ^ mask) & 0xFF;
    }

    private int getInt() {
        return get() << 24 | get() << 16 | get() << 8 | get();
    }

    private long getLong() {
        return (long) getInt() << 32 | getInt() & 0xFFFFFFFFL;
    }

    private byte[] unescape() {
        byte[] out = new byte[16];
        int n = 0;
        while (true) {
            int b = get();
            if (b == 0) {
                int next = get();
                if (next == KeyEncoder.STRING_END) {
                    return Arrays.copyOf(out, n);
                }
                if (next != KeyEncoder.STRING_ESCAPE) {
                    throw corrupt("bad escape 0x00 0x" + Integer.toHexString(next));
                }
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = (byte) b;
        }
    }

    private IllegalArgumentException corrupt(String what) {
        return new IllegalArgumentException("malformed key at offset " + position + ": " + what);
    }
}
