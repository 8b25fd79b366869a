package io.cairn.sql.internal.sqltest;

import io.cairn.sql.SqlException;
import java.util.List;

/**
 * What a {@code .test} file runs against. This stage has {@link ExpressionEngine} (SELECT without
 * FROM); the executor plugs in an engine over a real database and reuses the same files and runner.
 * One engine per file, closed when the file is done.
 */
public interface SqlTestEngine extends AutoCloseable {

    /** Runs a statement whose result rows, if any, are ignored. */
    void execute(String sql) throws SqlException;

    /** Runs a query and returns its rows, each an array of SQL values (see SqlType for the classes). */
    List<Object[]> query(String sql) throws SqlException;

    @Override
    default void close() throws Exception {
    }
}
