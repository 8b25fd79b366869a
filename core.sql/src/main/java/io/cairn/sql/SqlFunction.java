package io.cairn.sql;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scalar function a plugin adds to SQL, usable in any expression of a query or DML statement:
 * {@code SELECT demo.double_it(n) FROM t WHERE demo.double_it(n) > 4}. Built-in functions of the
 * same name win. See core.sql/SYSTEM-VIEWS.md.
 */
@ConsumerType
public interface SqlFunction {

    /** The name, possibly dotted; matched case-insensitively. */
    String name();

    /**
     * The parameters; a call must pass exactly this many arguments, each of the parameter's type
     * or one that converts to it (any number to a numeric type, DATE to TIMESTAMP, NULL to any).
     */
    List<SystemView.Column> parameters();

    /** The type of the result; {@link #invoke} returns a value of it (or null). */
    SystemView.ColumnType returnType();

    /**
     * Whether equal arguments always give an equal result without side effects. Only then may
     * the planner evaluate a call with constant arguments once per statement, e.g. to bound an
     * index range; otherwise it is called for every row.
     */
    boolean deterministic();

    /**
     * The result for these arguments (converted to the parameter types; NULL arguments are
     * passed as null). Throw {@link SqlException} with a SQLSTATE to fail the statement with it;
     * any other exception fails it with 38000.
     */
    Object invoke(Object[] args) throws SqlException;
}
