package io.cairn.sql;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.storage.Storage;

/**
 * A named Cairn database open in this container. One is registered per
 * {@code etc/io.cairn.database-<name>.cfg} configuration.
 */
@ProviderType
public interface Database {

    /** The database name, e.g. {@code default}. */
    String name();

    /** The directory holding the data file and the write-ahead log. */
    Path directory();

    /** The open page store: trees, checkpoints, verify, statistics, backup sessions. */
    Storage storage();
}
