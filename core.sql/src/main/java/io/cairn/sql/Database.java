package io.cairn.sql;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.storage.Storage;
import io.cairn.txn.TransactionManager;

/**
 * A named Cairn database open in this container. One is registered per
 * {@code etc/io.cairn.database-<name>.cfg} configuration, with the service property
 * {@value #NAME_PROPERTY} holding its name.
 */
@ProviderType
public interface Database {

    /** Service property carrying the database name, on this and the database's kernel services. */
    String NAME_PROPERTY = "cairn.database";

    /** The database name, e.g. {@code default}. */
    String name();

    /** The directory holding the data file and the write-ahead log. */
    Path directory();

    /** The transaction layer: sessions, tables, SCNs, locks, VACUUM, retention, change events. */
    TransactionManager transactions();

    /** The page store under it: trees, checkpoints, verify, statistics, backup sessions. */
    Storage storage();

    /**
     * Every committed table with its owner and size in pages, by name: what a storage quota
     * charges to each user. Reads the committed catalog (shared between statements when it is
     * current) and each tree's page count, which the page store keeps, so it costs microseconds
     * per table, not a scan. Since 0.4.0.
     */
    java.util.List<TableStorage> tableStorage();
}
