package io.cairn.sql.internal.type;

import java.util.Objects;

/**
 * A SQL data type as written in a column definition or a CAST: the kind plus its length
 * (VARCHAR), precision and scale (DECIMAL). Instances are immutable values.
 *
 * <p>Runtime values of each kind are plain Java objects, null for SQL NULL: BOOLEAN
 * {@link Boolean}, INT {@link Integer}, BIGINT {@link Long}, DOUBLE {@link Double}, DECIMAL
 * {@link java.math.BigDecimal}, VARCHAR and TEXT {@link String}, DATE {@link java.time.LocalDate},
 * TIMESTAMP {@link java.time.LocalDateTime} (without time zone, nanosecond precision, keyed as
 * the instant it names in UTC), BLOB {@code byte[]}.
 */
public record SqlType(Kind kind, int length, int precision, int scale) {

    /** Largest DECIMAL precision accepted in a type; unconstrained decimals have precision 0. */
    public static final int MAX_DECIMAL_PRECISION = 1000;

    public enum Kind {
        /** The type of an untyped NULL literal or of a parameter before it is bound. */
        NULL,
        BOOLEAN,
        INT,
        BIGINT,
        DECIMAL,
        DOUBLE,
        VARCHAR,
        DATE,
        TIMESTAMP,
        BLOB;

        public boolean isNumeric() {
            return this == INT || this == BIGINT || this == DECIMAL || this == DOUBLE;
        }
    }

    public static final SqlType NULL = new SqlType(Kind.NULL, 0, 0, 0);
    public static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0, 0, 0);
    public static final SqlType INT = new SqlType(Kind.INT, 0, 0, 0);
    public static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0, 0, 0);
    public static final SqlType DOUBLE = new SqlType(Kind.DOUBLE, 0, 0, 0);
    /** DECIMAL without precision: any precision and scale (PostgreSQL's unconstrained NUMERIC). */
    public static final SqlType DECIMAL = new SqlType(Kind.DECIMAL, 0, 0, 0);
    /** TEXT: VARCHAR without a length limit. */
    public static final SqlType TEXT = new SqlType(Kind.VARCHAR, -1, 0, 0);
    public static final SqlType DATE = new SqlType(Kind.DATE, 0, 0, 0);
    public static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0, 0, 0);
    public static final SqlType BLOB = new SqlType(Kind.BLOB, 0, 0, 0);

    public SqlType {
        Objects.requireNonNull(kind, "kind");
    }

    /** VARCHAR(n), n &gt;= 1. */
    public static SqlType varchar(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("VARCHAR length must be at least 1: " + length);
        }
        return new SqlType(Kind.VARCHAR, length, 0, 0);
    }

    /** DECIMAL(p, s) with 1 &lt;= p &lt;= {@link #MAX_DECIMAL_PRECISION} and 0 &lt;= s &lt;= p. */
    public static SqlType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("bad DECIMAL(" + precision + ", " + scale + ")");
        }
        return new SqlType(Kind.DECIMAL, 0, precision, scale);
    }

    /** Whether VARCHAR values of this type have a maximum length. */
    public boolean hasLength() {
        return kind == Kind.VARCHAR && length > 0;
    }

    /** Whether DECIMAL values of this type have a fixed precision and scale. */
    public boolean hasPrecision() {
        return kind == Kind.DECIMAL && precision > 0;
    }

    /** The type as SQL text, e.g. {@code DECIMAL(10, 2)}, {@code VARCHAR(20)}, {@code TEXT}. */
    public String toSql() {
        switch (kind) {
            case VARCHAR:
                return length > 0 ? "VARCHAR(" + length + ")" : "TEXT";
            case DECIMAL:
                return precision > 0 ? "DECIMAL(" + precision + ", " + scale + ")" : "DECIMAL";
            default:
                return kind.name();
        }
    }

    @Override
    public String toString() {
        return toSql();
    }
}
