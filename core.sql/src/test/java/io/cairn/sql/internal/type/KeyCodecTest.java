package io.cairn.sql.internal.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.sql.SqlException;
import io.cairn.storage.KeyEncoder;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

    @Test
    void keysOrderLikeTheirValuesForEveryType() throws SqlException {
        Random random = new Random(42);
        List<SqlType> types = List.of(SqlType.BOOLEAN, SqlType.INT, SqlType.BIGINT, SqlType.DOUBLE, SqlType.decimal(12, 3),
                SqlType.TEXT, SqlType.DATE, SqlType.TIMESTAMP, SqlType.BLOB);
        for (SqlType type : types) {
            for (boolean descending : new boolean[] {false, true}) {
                KeyCodec codec = new KeyCodec(List.of(type), new boolean[] {descending});
                for (int i = 0; i < 500; i++) {
                    Object a = random.nextInt(10) == 0 ? null : Values.assign(RowCodecTest.randomValue(type, random), type);
                    Object b = random.nextInt(10) == 0 ? null : Values.assign(RowCodecTest.randomValue(type, random), type);
                    int expected = a == null ? (b == null ? 0 : -1) : b == null ? 1 : Integer.signum(Values.compare(a, b));
                    if (descending) {
                        expected = -expected;
                    }
                    int actual = Integer.signum(KeyEncoder.compare(codec.encode(a), codec.encode(b)));
                    assertEquals(expected, actual, type + " " + Values.toText(a) + " vs " + Values.toText(b));
                    Object[] back = codec.decode(codec.encode(a));
                    assertEquals(0, a == null ? (back[0] == null ? 0 : 1) : Values.compare(a, back[0]), type.toSql());
                }
            }
        }
    }

    @Test
    void convertsValuesToTheColumnTypeSoEqualValuesGiveEqualKeys() throws SqlException {
        KeyCodec codec = new KeyCodec(List.of(SqlType.BIGINT, SqlType.decimal(6, 2)), null);
        assertArrayEquals(codec.encode(5L, new BigDecimal("1.50")), codec.encode(5, new BigDecimal("1.5")));
        assertArrayEquals(new Object[] {5L, new BigDecimal("1.50")}, codec.decode(codec.encode(5, 1.5)));
        assertEquals("22003", assertThrows(SqlException.class, () -> codec.encode(1, new BigDecimal("12345.6"))).getSQLState());
        assertEquals("22P02", assertThrows(SqlException.class, () -> codec.encode("x")).getSQLState());
        KeyCodec doubles = new KeyCodec(List.of(SqlType.DOUBLE), null);
        assertArrayEquals(doubles.encode(0.0), doubles.encode(-0.0));
    }

    @Test
    void compositeKeysOrderColumnByColumnAndPrefixesBoundRanges() throws SqlException {
        KeyCodec codec = new KeyCodec(List.of(SqlType.TEXT, SqlType.TIMESTAMP), new boolean[] {false, true});
        LocalDateTime t1 = LocalDateTime.of(2024, 1, 1, 0, 0);
        LocalDateTime t2 = t1.plusNanos(1);
        List<byte[]> keys = new ArrayList<>(List.of(codec.encode("a", t2), codec.encode("a", t1), codec.encode("ab", t2),
                codec.encode("b", null)));
        for (int i = 1; i < keys.size(); i++) {
            assertEquals(-1, Integer.signum(KeyEncoder.compare(keys.get(i - 1), keys.get(i))));
        }
        byte[] prefix = codec.encode("a");
        byte[] end = KeyEncoder.prefixEnd(prefix);
        assertEquals(-1, Integer.signum(KeyEncoder.compare(keys.get(1), end)));
        assertEquals(1, Integer.signum(KeyEncoder.compare(keys.get(2), end)));
        assertArrayEquals(new Object[] {"a", t2}, codec.decode(keys.get(0)));
        assertEquals("22P02", assertThrows(SqlException.class, () -> codec.encode("\ud800")).getSQLState());
    }
}
