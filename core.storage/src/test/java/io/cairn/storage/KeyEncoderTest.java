package io.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class KeyEncoderTest {

    private static final int VALUES_PER_TYPE = 3000;

    /** One column type: how to make values, order them naturally, write and read them. */
    private record Column(String name, Function<Random, Object> generator, Comparator<Object> order,
            BiConsumer<KeyEncoder, Object> ascending, BiConsumer<KeyEncoder, Object> descending,
            Function<KeyDecoder, Object> reader) {
    }

    private static int codePointOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> s.append((char) 0);
                case 1 -> s.append((char) ('a' + r.nextInt(3)));
                case 2 -> s.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> s.append((char) (0x800 + r.nextInt(0xD000)));
                case 4 -> s.append((char) (0xE000 + r.nextInt(0x2000)));
                default -> s.appendCodePoint(0x10000 + r.nextInt(0x100000));
            }
        }
        return s.toString();
    }

    private static BigDecimal randomDecimal(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return BigDecimal.valueOf(r.nextInt(21) - 10, r.nextInt(5) - 2);
            case 1:
                return BigDecimal.ZERO.setScale(r.nextInt(10) - 5);
            case 2:
                return new BigDecimal(r.nextInt(2001) - 1000).movePointLeft(r.nextInt(4));
            default:
                BigInteger unscaled = new BigInteger(1 + r.nextInt(200), r);
                return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(101) - 50);
        }
    }

    private static double randomDouble(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0};
                return special[r.nextInt(special.length)];
            case 1:
                return r.nextInt(10) - 5;
            default:
                return Double.longBitsToDouble(r.nextLong()); // every kind, NaN payloads included
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("BOOLEAN", Random::nextBoolean, (a, b) -> Boolean.compare((Boolean) a, (Boolean) b),
                    (e, v) -> e.writeBoolean((Boolean) v), (e, v) -> e.writeBooleanDesc((Boolean) v),
                    KeyDecoder::readBoolean),
            new Column("INT", r -> r.nextInt(4) == 0 ? r.nextInt(7) - 3 : r.nextInt(),
                    (a, b) -> Integer.compare((Integer) a, (Integer) b), (e, v) -> e.writeInt((Integer) v),
                    (e, v) -> e.writeIntDesc((Integer) v), KeyDecoder::readInt),
            new Column("BIGINT", r -> r.nextInt(4) == 0 ? (long) (r.nextInt(7) - 3) : r.nextLong(),
                    (a, b) -> Long.compare((Long) a, (Long) b), (e, v) -> e.writeLong((Long) v),
                    (e, v) -> e.writeLongDesc((Long) v), KeyDecoder::readLong),
            new Column("DOUBLE", KeyEncoderTest::randomDouble, (a, b) -> Double.compare((Double) a, (Double) b),
                    (e, v) -> e.writeDouble((Double) v), (e, v) -> e.writeDoubleDesc((Double) v),
                    KeyDecoder::readDouble),
            new Column("DECIMAL", KeyEncoderTest::randomDecimal,
                    (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b), (e, v) -> e.writeDecimal((BigDecimal) v),
                    (e, v) -> e.writeDecimalDesc((BigDecimal) v), KeyDecoder::readDecimal),
            new Column("VARCHAR", KeyEncoderTest::randomString, (a, b) -> codePointOrder((String) a, (String) b),
                    (e, v) -> e.writeString((String) v), (e, v) -> e.writeStringDesc((String) v),
                    KeyDecoder::readString),
            new Column("BLOB", r -> {
                byte[] b = new byte[r.nextInt(6)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(3) - 1 : r.nextInt(256)); // many 0x00 and 0xFF
                }
                return b;
            }, (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b), (e, v) -> e.writeBytes((byte[]) v),
                    (e, v) -> e.writeBytesDesc((byte[]) v), KeyDecoder::readBytes),
            new Column("DATE", r -> LocalDate.ofEpochDay(r.nextBoolean()
                    ? r.nextInt(200_000) - 100_000
                    : LocalDate.MIN.toEpochDay() + (long) (r.nextDouble()
                            * (LocalDate.MAX.toEpochDay() - LocalDate.MIN.toEpochDay()))),
                    (a, b) -> ((LocalDate) a).compareTo((LocalDate) b), (e, v) -> e.writeDate((LocalDate) v),
                    (e, v) -> e.writeDateDesc((LocalDate) v), KeyDecoder::readDate),
            new Column("TIMESTAMP", r -> r.nextBoolean()
                    ? Instant.ofEpochSecond(r.nextInt(2_000_000) - 1_000_000L, r.nextInt(3) * 500_000_000)
                    : Instant.ofEpochSecond(Instant.MIN.getEpochSecond() + (long) (r.nextDouble()
                            * (Instant.MAX.getEpochSecond() - Instant.MIN.getEpochSecond())),
                            r.nextInt(1_000_000_000)),
                    (a, b) -> ((Instant) a).compareTo((Instant) b), (e, v) -> e.writeTimestamp((Instant) v),
                    (e, v) -> e.writeTimestampDesc((Instant) v), KeyDecoder::readTimestamp));

    /** NULL first (last in a DESC part), then the column's natural order, reversed for DESC. */
    private static int compareRows(List<Column> columns, boolean[] desc, Object[] a, Object[] b) {
        for (int i = 0; i < columns.size(); i++) {
            int c;
            if (a[i] == null || b[i] == null) {
                c = a[i] == null ? (b[i] == null ? 0 : -1) : 1;
            } else {
                c = columns.get(i).order().compare(a[i], b[i]);
            }
            if (c != 0) {
                return desc[i] ? -c : c;
            }
        }
        return 0;
    }

    private static byte[] encode(List<Column> columns, boolean[] desc, Object[] row) {
        KeyEncoder encoder = KeyEncoder.create(4);
        for (int i = 0; i < columns.size(); i++) {
            if (row[i] == null) {
                if (desc[i]) {
                    encoder.writeNullDesc();
                } else {
                    encoder.writeNull();
                }
            } else if (desc[i]) {
                columns.get(i).descending().accept(encoder, row[i]);
            } else {
                columns.get(i).ascending().accept(encoder, row[i]);
            }
        }
        return encoder.toBytes();
    }

    /** Sorts rows by value and checks that neighbouring encodings compare the same way, then decodes each. */
    private static void checkOrderAndRoundTrip(List<Column> columns, boolean[] desc, List<Object[]> rows,
            Random random) {
        Comparator<Object[]> natural = (a, b) -> compareRows(columns, desc, a, b);
        rows.sort(natural);
        List<byte[]> keys = new ArrayList<>();
        for (Object[] row : rows) {
            keys.add(encode(columns, desc, row));
        }
        for (int i = 0; i + 1 < rows.size(); i++) {
            int byValue = Integer.signum(natural.compare(rows.get(i), rows.get(i + 1)));
            int byBytes = Integer.signum(KeyEncoder.compare(keys.get(i), keys.get(i + 1)));
            assertEquals(byValue, byBytes, () -> "order of " + describe(rows.get(0)) + "...");
        }
        for (int n = 0; n < 2000; n++) {
            int i = random.nextInt(rows.size());
            int j = random.nextInt(rows.size());
            assertEquals(Integer.signum(natural.compare(rows.get(i), rows.get(j))),
                    Integer.signum(KeyEncoder.compare(keys.get(i), keys.get(j))));
        }
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            byte[] key = keys.get(r);
            KeyDecoder typed = KeyDecoder.of(key);
            KeyDecoder generic = KeyDecoder.of(key);
            for (int i = 0; i < columns.size(); i++) {
                assertEquals(desc[i], typed.isDescending());
                Object viaType;
                if (row[i] == null) {
                    assertTrue(typed.isNull());
                    typed.readNull();
                    viaType = null;
                } else {
                    viaType = columns.get(i).reader().apply(typed);
                }
                Object viaValue = generic.readValue();
                Column column = columns.get(i);
                Object expected = row[i];
                for (Object decoded : new Object[] {viaType, viaValue}) {
                    if (expected == null) {
                        assertNull(decoded);
                    } else {
                        assertEquals(0, column.order().compare(expected, decoded),
                                () -> column.name() + " round trip of " + describe(expected));
                    }
                }
            }
            assertFalse(typed.hasNext());
            assertFalse(generic.hasNext());
        }
    }

    private static String describe(Object value) {
        return value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value);
    }

    @Test
    void everyTypeSortsByItsNaturalOrderAndRoundTrips() {
        Random random = new Random(20261125);
        for (Column column : COLUMNS) {
            for (boolean desc : new boolean[] {false, true}) {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < VALUES_PER_TYPE; i++) {
                    rows.add(new Object[] {random.nextInt(50) == 0 ? null : column.generator().apply(random)});
                }
                checkOrderAndRoundTrip(List.of(column), new boolean[] {desc}, rows, random);
            }
        }
    }

    @Test
    void randomCompositeKeysSortPartByPart() {
        Random random = new Random(77);
        for (int schema = 0; schema < 60; schema++) {
            int width = 1 + random.nextInt(4);
            List<Column> columns = new ArrayList<>();
            boolean[] desc = new boolean[width];
            for (int i = 0; i < width; i++) {
                columns.add(COLUMNS.get(random.nextInt(COLUMNS.size())));
                desc[i] = random.nextInt(3) == 0;
            }
            // few distinct leading values so later parts decide often
            List<Object[]> pool = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Object[] row = new Object[width];
                for (int c = 0; c < width; c++) {
                    if (random.nextInt(10) == 0) {
                        row[c] = null;
                    } else if (!pool.isEmpty() && random.nextInt(3) > 0) {
                        row[c] = pool.get(random.nextInt(pool.size()))[c];
                    } else {
                        row[c] = columns.get(c).generator().apply(random);
                    }
                }
                pool.add(row);
            }
            checkOrderAndRoundTrip(columns, desc, pool, random);
        }
    }

    @Test
    void equalDecimalsEncodeEqually() {
        assertArrayEquals(KeyEncoder.create().writeDecimal(new BigDecimal("1.0")).toBytes(),
                KeyEncoder.create().writeDecimal(new BigDecimal("1.00")).toBytes());
        assertArrayEquals(KeyEncoder.create().writeDecimal(new BigDecimal("100")).toBytes(),
                KeyEncoder.create().writeDecimal(new BigDecimal("1E+2")).toBytes());
        assertArrayEquals(KeyEncoder.create().writeDecimal(new BigDecimal("0.000")).toBytes(),
                KeyEncoder.create().writeDecimal(BigDecimal.ZERO).toBytes());
        assertEquals(new BigDecimal("12.5"),
                KeyDecoder.of(KeyEncoder.create().writeDecimal(new BigDecimal("12.500")).toBytes()).readDecimal());
    }

    @Test
    void aStringSortsBeforeItsExtensionsAndEmbeddedZerosSurvive() {
        byte[] a = KeyEncoder.create().writeString("a").writeInt(Integer.MAX_VALUE).toBytes();
        byte[] aZero = KeyEncoder.create().writeString("a\0").writeInt(Integer.MIN_VALUE).toBytes();
        byte[] ab = KeyEncoder.create().writeString("ab").toBytes();
        assertTrue(KeyEncoder.compare(a, aZero) < 0);
        assertTrue(KeyEncoder.compare(aZero, ab) < 0);
        KeyDecoder decoder = KeyDecoder.of(aZero);
        assertEquals("a\0", decoder.readString());
        assertEquals(Integer.MIN_VALUE, decoder.readInt());
    }

    @Test
    void nullSortsFirstAndLastWhenDescending() {
        byte[] nullAsc = KeyEncoder.create().writeNull().toBytes();
        byte[] minAsc = KeyEncoder.create().writeInt(Integer.MIN_VALUE).toBytes();
        byte[] nullDesc = KeyEncoder.create().writeNullDesc().toBytes();
        byte[] minDesc = KeyEncoder.create().writeIntDesc(Integer.MIN_VALUE).toBytes();
        assertTrue(KeyEncoder.compare(nullAsc, minAsc) < 0);
        assertTrue(KeyEncoder.compare(nullDesc, minDesc) > 0);
        assertNull(KeyDecoder.of(KeyEncoder.create().writeString(null).toBytes()).readString());
    }

    @Test
    void prefixEndBoundsEveryKeyWithThePrefix() {
        byte[] prefix = KeyEncoder.create().writeInt(7).toBytes();
        byte[] end = KeyEncoder.prefixEnd(prefix);
        byte[] inside = KeyEncoder.create().writeInt(7).writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF}).toBytes();
        byte[] next = KeyEncoder.create().writeInt(8).toBytes();
        assertTrue(KeyEncoder.compare(inside, end) < 0);
        assertTrue(KeyEncoder.compare(next, end) >= 0);
        assertNull(KeyEncoder.prefixEnd(new byte[] {(byte) 0xFF}));
    }

    @Test
    void randomBytesDecodeOrFailWithAClearError() {
        Random random = new Random(99);
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[random.nextInt(20)];
            random.nextBytes(key);
            if (key.length > 0 && random.nextBoolean()) {
                KeyType type = KeyType.values()[random.nextInt(KeyType.values().length)];
                key[0] = (byte) (random.nextBoolean() ? type.tag() : ~type.tag());
            }
            KeyDecoder decoder = KeyDecoder.of(key);
            try {
                while (decoder.hasNext()) {
                    decoder.readValue();
                }
                decoded++;
            } catch (IllegalArgumentException | IllegalStateException expected) {
                // a malformed key is reported as such
            }
        }
        assertTrue(decoded > 0);
    }

    @Test
    void rejectsMalformedInputWithClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> KeyEncoder.create().writeString("x\uD800y"));
        KeyDecoder decoder = KeyDecoder.of(KeyEncoder.create().writeInt(1).toBytes());
        assertThrows(IllegalStateException.class, decoder::readString);
        assertThrows(IllegalArgumentException.class, () -> KeyDecoder.of(new byte[] {0x20, 1}).readInt());
        assertThrows(IllegalArgumentException.class, () -> KeyEncoder.create().writeValue(new Object(), false));
    }
}
