package io.cairn.sql;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A read-only relation computed on demand, such as {@code v$session}: queried like a table
 * (joined, filtered, grouped) and registered at runtime, e.g. as an OSGi service that the
 * database picks up and drops with its bundle. See core.sql/SYSTEM-VIEWS.md.
 */
@ConsumerType
public interface SystemView {

    /** The SQL type of a column of a system view or procedure result, or of a procedure parameter. */
    enum ColumnType {
        BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, TIMESTAMP, DATE, BLOB
    }

    /** A column: its name (lower case by convention) and type. */
    record Column(String name, ColumnType type) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** The name queries use, e.g. {@code v$session}; matched case-insensitively. */
    String name();

    /** The columns, in order; must not change while the view is registered. */
    List<Column> columns();

    /**
     * The rows, each with one value per column: Boolean, Integer, Long, Double, BigDecimal,
     * String, LocalDate, LocalDateTime, byte[] or null. Called once per reference in a statement,
     * on the statement's thread; throw {@link SqlException} to fail the statement with its SQLSTATE.
     */
    Iterable<Object[]> rows(SystemViewContext ctx) throws SqlException;
}
