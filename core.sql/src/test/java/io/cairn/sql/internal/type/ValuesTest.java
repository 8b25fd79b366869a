package io.cairn.sql.internal.type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.sql.SqlException;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void assignmentChecksLengthPrecisionAndRange() throws SqlException {
        assertEquals("abc", Values.assign("abc", SqlType.varchar(3)));
        assertEquals("22001", state(() -> Values.assign("abcd", SqlType.varchar(3))));
        assertEquals(new BigDecimal("2.35"), Values.assign(new BigDecimal("2.345"), SqlType.decimal(5, 2)));
        assertEquals(new BigDecimal("-2.35"), Values.assign(new BigDecimal("-2.345"), SqlType.decimal(5, 2)));
        assertEquals("22003", state(() -> Values.assign(new BigDecimal("1000"), SqlType.decimal(5, 2))));
        assertEquals(7L, Values.assign(7, SqlType.BIGINT));
        assertEquals(7.0, Values.assign(7, SqlType.DOUBLE));
        assertEquals("22003", state(() -> Values.assign(1L << 40, SqlType.INT)));
        assertEquals(LocalDate.of(2024, 1, 31), Values.assign("2024-01-31", SqlType.DATE));
        assertEquals("42804", state(() -> Values.assign(true, SqlType.INT)));
        assertEquals("42804", state(() -> Values.assign(1, SqlType.BOOLEAN)));
        assertEquals(null, Values.assign(null, SqlType.INT));
    }

    @Test
    void promotesAlongIntBigintDecimalDouble() {
        assertEquals(SqlType.Kind.BIGINT, Values.promote(SqlType.Kind.INT, SqlType.Kind.BIGINT));
        assertEquals(SqlType.Kind.DECIMAL, Values.promote(SqlType.Kind.DECIMAL, SqlType.Kind.BIGINT));
        assertEquals(SqlType.Kind.DOUBLE, Values.promote(SqlType.Kind.DECIMAL, SqlType.Kind.DOUBLE));
        assertEquals(null, Values.promote(SqlType.Kind.VARCHAR, SqlType.Kind.INT));
    }

    @Test
    void comparesStringsByCodePointLikeTheirKeys() throws SqlException {
        // U+FFFD is below U+1F600 as a code point, though its UTF-16 unit is above the surrogate.
        assertEquals(-1, Integer.signum(Values.compare("\ufffd", "\ud83d\ude00")));
        assertEquals(-1, Integer.signum(Values.compare("ab", "abc")));
    }

    @Test
    void groupKeysAreEqualExactlyWhenValuesAreSqlEqual() throws SqlException {
        Object[] values = {1, 1L, new BigDecimal("1.00"), 1.0, 2, new BigDecimal("1.5"), 1.5, 0.0, -0.0, BigDecimal.ZERO,
            new BigDecimal("1E+20"), 1e20, 1e300, Double.NaN, "1", "a", LocalDate.of(2024, 1, 1),
            java.time.LocalDateTime.of(2024, 1, 1, 0, 0), new byte[] {1}, new byte[] {1}, true};
        for (Object a : values) {
            for (Object b : values) {
                boolean sqlEqual;
                try {
                    sqlEqual = Values.compare(a, b) == 0;
                } catch (SqlException e) {
                    sqlEqual = false;
                }
                Object ka = Values.groupKey(a);
                Object kb = Values.groupKey(b);
                assertEquals(sqlEqual, ka.equals(kb), Values.toText(a) + " vs " + Values.toText(b));
                if (sqlEqual) {
                    assertEquals(ka.hashCode(), kb.hashCode());
                }
            }
        }
    }

    @Test
    void describesTypesAsSql() {
        assertEquals("DECIMAL(10, 2)", SqlType.decimal(10, 2).toSql());
        assertEquals("VARCHAR(5)", SqlType.varchar(5).toSql());
        assertEquals("TEXT", SqlType.TEXT.toSql());
        assertThrows(IllegalArgumentException.class, () -> SqlType.decimal(3, 4));
    }

    interface Action {
        Object run() throws SqlException;
    }

    private static String state(Action a) {
        return assertThrows(SqlException.class, a::run).getSQLState();
    }
}
