package io.cairn.sql;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named Cairn database open in this container. One is registered per
 * {@code io.cairn.database-<name>.cfg} configuration.
 */
@ProviderType
public interface Database {

    /** The database name, e.g. {@code default}. */
    String name();

    /** The directory holding the data file and the write-ahead log. */
    Path directory();
}
