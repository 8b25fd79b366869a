package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** setObject with a target type converts the value as JDBC asks (frameworks bind this way). */
class SetObjectTargetTypeTest {

    @Test
    void valuesAreConvertedToTheTargetTypeBeforeTheyAreBound() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:setobject")) {
            c.createStatement().executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, amount DECIMAL(10, 2), flag BOOLEAN, "
                    + "born DATE, seen TIMESTAMP, note VARCHAR(20), data BLOB, ratio DOUBLE)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setObject(1, "42", Types.INTEGER);
                p.setObject(2, 3.14159, Types.DECIMAL, 2);
                p.setObject(3, "true", JDBCType.BOOLEAN);
                p.setObject(4, "2026-11-25", Types.DATE);
                p.setObject(5, LocalDate.of(2026, 1, 2), Types.TIMESTAMP);
                p.setObject(6, 17L, Types.VARCHAR);
                p.setObject(7, "CAFE", Types.VARBINARY);
                p.setObject(8, 1, Types.DOUBLE);
                assertEquals(1, p.executeUpdate());
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM t")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getObject(1));
                assertEquals(new BigDecimal("3.14"), rs.getBigDecimal(2));
                assertEquals(Boolean.TRUE, rs.getObject(3));
                assertEquals(LocalDate.of(2026, 11, 25), rs.getObject(4, LocalDate.class));
                assertEquals(LocalDateTime.of(2026, 1, 2, 0, 0), rs.getObject(5, LocalDateTime.class));
                assertEquals("17", rs.getString(6));
                assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, rs.getBytes(7));
                assertEquals(1.0, rs.getDouble(8));
            }
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM t WHERE id = ?")) {
                p.setObject(1, "42", Types.BIGINT); // compared as a number, not as text
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                }
                p.setObject(1, null, Types.INTEGER);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(!rs.next());
                }
                // bad text fails at bind time, with the cast's SQLSTATE
                SQLException e = assertThrows(SQLException.class, () -> p.setObject(1, "forty-two", Types.INTEGER));
                assertEquals("22P02", e.getSQLState());
            }
        }
    }

    @Test
    void targetTypesCairnLacksAreNotSupported() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:setobject2");
                PreparedStatement p = c.prepareStatement("SELECT ?")) {
            assertThrows(SQLFeatureNotSupportedException.class, () -> p.setObject(1, "10:00", Types.TIME));
            assertThrows(SQLFeatureNotSupportedException.class, () -> p.setObject(1, "x", Types.ARRAY));
            assertEquals("HY004", assertThrows(SQLException.class, () -> p.setObject(1, "x", 12345)).getSQLState());
            assertEquals("22003", assertThrows(SQLException.class,
                    () -> p.setObject(1, 3_000_000_000L, Types.INTEGER)).getSQLState());
            p.setObject(1, "as is", Types.OTHER);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("as is", rs.getString(1));
                assertNull(rs.getWarnings());
            }
        }
    }
}
