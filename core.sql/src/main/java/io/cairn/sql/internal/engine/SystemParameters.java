package io.cairn.sql.internal.engine;

import io.cairn.sql.SqlException;

/**
 * Where {@code ALTER SYSTEM SET name = value} keeps database parameters: a properties file in the
 * data directory outside OSGi, the database's factory configuration in Config Admin inside.
 */
public interface SystemParameters {

    /**
     * Validates and persists one parameter.
     *
     * @param name the SQL name as v$parameter shows it, e.g. {@code lock_timeout}
     * @param value the value as written, e.g. {@code 5s} or {@code 128m}
     * @return a sentence saying when the value takes effect
     * @throws SqlException 42704 for an unknown parameter, 22023 for a bad value, 58030 when it cannot be stored
     */
    String set(String name, String value) throws SqlException;
}
