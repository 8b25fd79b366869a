package io.cairn.monitoring.internal;

import java.nio.file.Path;

import io.cairn.sql.Database;
import io.cairn.sql.SystemViewContext;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * A real database (page store and transaction layer in a directory) behind the {@link Database}
 * API, without the SQL layer, which the plugin only reaches through SystemView contexts.
 */
public final class TestDatabase implements Database, AutoCloseable {

    private final String name;
    private final Path directory;
    private final TransactionManager tm;

    public TestDatabase(String name, Path directory) {
        this.name = name;
        this.directory = directory;
        this.tm = TransactionManager.open(directory, StorageOptions.defaults().withBufferPoolBytes(4L << 20),
                TransactionOptions.defaults());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public TransactionManager transactions() {
        return tm;
    }

    @Override
    public Storage storage() {
        return tm.storage();
    }

    @Override
    public java.util.List<io.cairn.sql.TableStorage> tableStorage() {
        return java.util.List.of(); // no SQL layer, so no SQL tables
    }

    /** What a statement of session {@code sid} would hand a system view. */
    public SystemViewContext context(long sid) {
        return new SystemViewContext() {
            @Override
            public String databaseName() {
                return name;
            }

            @Override
            public TransactionManager transactionManager() {
                return tm;
            }

            @Override
            public long sessionId() {
                return sid;
            }
        };
    }

    @Override
    public void close() {
        tm.close();
    }
}
