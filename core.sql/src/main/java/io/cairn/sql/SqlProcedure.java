package io.cairn.sql;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A procedure run by {@code CALL name(args)} or {@code EXEC name(args)}, such as
 * {@code awr.snapshot}. Runs outside the caller's SQL transaction. See core.sql/SYSTEM-VIEWS.md.
 */
@ConsumerType
public interface SqlProcedure {

    /** The name, possibly dotted ({@code awr.snapshot}); matched case-insensitively. */
    String name();

    /** The parameters; a call must pass exactly this many arguments, converted to these types. */
    List<SystemView.Column> parameters();

    /**
     * Runs the procedure. {@code args} hold one value per parameter (same Java types as system
     * view values). Throw {@link SqlException} to fail the statement with its SQLSTATE.
     */
    SqlProcedureResult call(SystemViewContext ctx, Object[] args) throws SqlException;
}
