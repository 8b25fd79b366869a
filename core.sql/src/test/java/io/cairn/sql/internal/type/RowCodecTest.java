package io.cairn.sql.internal.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowCodecTest {

    private static final List<SqlType> ALL = List.of(SqlType.BOOLEAN, SqlType.INT, SqlType.BIGINT, SqlType.DOUBLE,
            SqlType.decimal(10, 2), SqlType.DECIMAL, SqlType.varchar(10), SqlType.TEXT, SqlType.DATE, SqlType.TIMESTAMP,
            SqlType.BLOB);

    @Test
    void roundTripsEveryTypeIncludingExtremes() {
        RowCodec codec = new RowCodec(ALL);
        Object[][] rows = {
            {true, 1, 2L, 3.5, new BigDecimal("12.30"), new BigDecimal("-1E+30"), "héllo", "", LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 10, 0, 0, 123456789), new byte[] {0, 1, (byte) 0xFF}},
            {false, Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN, BigDecimal.ZERO, new BigDecimal("0.000001"), "日本😀",
                "x".repeat(1000), LocalDate.of(-4000, 1, 1), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1), new byte[0]},
            {null, null, null, null, null, null, null, null, null, null, null},
            {null, Integer.MAX_VALUE, Long.MIN_VALUE, -0.0, null, new BigDecimal("123456789012345678901234567890.5"), null,
                null, LocalDate.of(9999, 12, 31), null, new byte[300]},
        };
        for (Object[] row : rows) {
            assertArrayEquals(row, codec.decode(codec.encode(row), null));
        }
    }

    @Test
    void encodesTheDocumentedBytes() {
        RowCodec codec = new RowCodec(List.of(SqlType.INT, SqlType.TEXT, SqlType.TEXT));
        assertEquals("030202026162", HexFormat.of().formatHex(codec.encode(new Object[] {1, null, "ab"})));
    }

    @Test
    void readsRowsWrittenBeforeAddColumnWithDefaults() {
        RowCodec before = new RowCodec(List.of(SqlType.INT, SqlType.TEXT));
        byte[] old = before.encode(new Object[] {7, "a"});
        RowCodec after = new RowCodec(List.of(SqlType.INT, SqlType.TEXT, SqlType.BIGINT, SqlType.BOOLEAN));
        assertArrayEquals(new Object[] {7, "a", 42L, null}, after.decode(old, new Object[] {null, null, 42L, null}));
        assertArrayEquals(new Object[] {7, "a", null, null}, after.decode(old, null));
    }

    @Test
    void keepsADroppedColumnsSlotAsOneNullBit() {
        RowCodec codec = new RowCodec(List.of(SqlType.INT, SqlType.TEXT, SqlType.INT));
        byte[] withDropped = codec.encode(new Object[] {1, null, 3});
        byte[] old = codec.encode(new Object[] {1, "dropped later", 3});
        assertEquals(3, codec.decode(old, null)[2]);
        assertEquals(4, withDropped.length);
    }

    @Test
    void rejectsMalformedRowsWithIllegalArgument() {
        RowCodec codec = new RowCodec(List.of(SqlType.INT, SqlType.TEXT));
        byte[] good = codec.encode(new Object[] {5, "abc"});
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThrows(IllegalArgumentException.class, () -> codec.decode(truncated, null));
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> codec.decode(longer, null));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {9, 0}, null));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object[] {"not an int", "x"}));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object[] {1}));
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(12)];
            random.nextBytes(junk);
            try {
                codec.decode(junk, null);
            } catch (IllegalArgumentException expected) {
                // fine: only this exception type is allowed
            }
        }
    }

    @Test
    void randomRowsRoundTrip() {
        Random random = new Random(11);
        RowCodec codec = new RowCodec(ALL);
        for (int i = 0; i < 2000; i++) {
            List<Object> row = new ArrayList<>();
            for (SqlType t : ALL) {
                row.add(random.nextInt(5) == 0 ? null : randomValue(t, random));
            }
            Object[] values = row.toArray();
            assertArrayEquals(values, codec.decode(codec.encode(values), null));
        }
    }

    static Object randomValue(SqlType t, Random random) {
        switch (t.kind()) {
            case BOOLEAN: return random.nextBoolean();
            case INT: return random.nextInt();
            case BIGINT: return random.nextLong() >> random.nextInt(64);
            case DOUBLE: return random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            case DECIMAL: {
                long unscaled = random.nextLong() >> random.nextInt(64);
                if (t.hasPrecision()) {
                    return BigDecimal.valueOf(unscaled % (long) Math.pow(10, Math.min(t.precision(), 18)), t.scale());
                }
                return BigDecimal.valueOf(unscaled, random.nextInt(10));
            }
            case VARCHAR: return Long.toString(random.nextLong(), 36);
            case DATE: return LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000);
            case TIMESTAMP: return LocalDateTime.of(1900 + random.nextInt(300), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000));
            default: {
                byte[] b = new byte[random.nextInt(8)];
                random.nextBytes(b);
                return b;
            }
        }
    }
}
