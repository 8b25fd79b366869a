package io.cairn.sql;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A function used as a table, {@code SELECT * FROM name(args)}, such as {@code awr.report(1, 2)}:
 * like a {@link SystemView} with arguments. Arguments are constants (literals, {@code ?}
 * parameters, expressions of them), not columns of other FROM items. See core.sql/SYSTEM-VIEWS.md.
 */
@ConsumerType
public interface SqlTableFunction {

    /** The name, possibly dotted; matched case-insensitively. */
    String name();

    /** The parameters; a call must pass exactly this many arguments, converted to these types. */
    List<SystemView.Column> parameters();

    /** The result columns, in order. */
    List<SystemView.Column> columns();

    /** The rows for these arguments, with the same Java value types as {@link SystemView#rows}. */
    Iterable<Object[]> rows(SystemViewContext ctx, Object[] args) throws SqlException;
}
