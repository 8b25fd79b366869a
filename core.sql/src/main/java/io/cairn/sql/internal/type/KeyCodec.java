package io.cairn.sql.internal.type;

import io.cairn.sql.SqlException;
import io.cairn.storage.KeyDecoder;
import io.cairn.storage.KeyEncoder;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Maps a tuple of SQL values (a primary key or an index entry) to an order-preserving
 * {@link KeyEncoder} key and back. Each value is first converted to its column's type, so
 * {@code 5} and {@code 5L} give the same BIGINT key part; TIMESTAMP values (LocalDateTime) are
 * keyed as the instant they name in UTC, which keeps their order; -0.0 is keyed as 0.0.
 * Decoded DECIMAL parts get their column's scale back.
 */
public final class KeyCodec {

    private final SqlType[] types;
    private final boolean[] descending;

    /** A codec for keys of the given column types; {@code descending} may be null (all ascending). */
    public KeyCodec(List<SqlType> types, boolean[] descending) {
        this.types = types.toArray(new SqlType[0]);
        this.descending = descending == null ? new boolean[this.types.length] : descending.clone();
        if (this.descending.length != this.types.length) {
            throw new IllegalArgumentException("one direction per key column");
        }
    }

    /** Encodes the first {@code values.length} key columns (a prefix is enough for a range scan bound). */
    public byte[] encode(Object... values) throws SqlException {
        return encode(KeyEncoder.create(), values).toBytes();
    }

    /** Appends the key parts for {@code values} to an encoder. */
    public KeyEncoder encode(KeyEncoder encoder, Object... values) throws SqlException {
        if (values.length > types.length) {
            throw new IllegalArgumentException(values.length + " values for a key of " + types.length + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            Object v = Values.assign(values[i], types[i]);
            if (v instanceof LocalDateTime t) {
                v = t.toInstant(ZoneOffset.UTC);
            } else if (v instanceof Double d && d == 0) {
                v = 0.0; // -0.0 = 0.0 in SQL, so they must be one key
            } else if (v instanceof String s && hasUnpairedSurrogate(s)) {
                throw new SqlException("string with an unpaired surrogate cannot be a key", SqlException.INVALID_TEXT_REPRESENTATION);
            }
            encoder.writeValue(v, descending[i]);
        }
        return encoder;
    }

    /** Decodes a whole key into one value per key column. */
    public Object[] decode(byte[] key) {
        KeyDecoder decoder = KeyDecoder.of(key);
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = fromKey(decoder.readValue(), types[i]);
        }
        if (decoder.hasNext()) {
            throw new IllegalArgumentException("key has more parts than " + types.length + " columns");
        }
        return values;
    }

    /** Decodes the first parts of a key, one per key column, ignoring what follows (an index entry's primary key). */
    public Object[] decodeLeading(byte[] key) {
        KeyDecoder decoder = KeyDecoder.of(key);
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = fromKey(decoder.readValue(), types[i]);
        }
        return values;
    }

    private static Object fromKey(Object v, SqlType type) {
        if (v instanceof java.time.Instant t) {
            return LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        } else if (v instanceof BigDecimal d && type.hasPrecision()) {
            return d.setScale(type.scale());
        }
        return v;
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
