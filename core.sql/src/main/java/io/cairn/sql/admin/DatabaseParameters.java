package io.cairn.sql.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.sql.SqlException;

/** The parameters {@code ALTER SYSTEM SET} can change, with the same validation and persistence. */
@ProviderType
public interface DatabaseParameters {

    /** Every settable parameter with the value the database runs with now. */
    List<DatabaseParameter> parameters();

    /**
     * Checks a parameter and value without storing it (so a caller can check several before
     * storing any).
     *
     * @throws SqlException 42704 for a name that is not settable, 22023 for a bad value
     */
    void validate(String name, String value) throws SqlException;

    /**
     * Validates and stores one parameter exactly as {@code ALTER SYSTEM SET name = value} does.
     *
     * @return a sentence saying when it takes effect (the database restarts to apply it)
     * @throws SqlException 42704 for a name that is not settable, 22023 for a bad value,
     *         55000/58030 when it cannot be stored
     */
    String set(String name, String value) throws SqlException;
}
