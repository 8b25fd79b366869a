package io.cairn.sql.internal.jdbc;

import java.nio.file.Path;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.TransactionManager;

/**
 * How the container lends its open databases to the JDBC driver: {@code jdbc:cairn:db:<name>} and
 * {@code jdbc:cairn:file:<its directory>} then share the container's instance (one page store, one
 * SQL engine with the plugins' views and procedures) instead of opening the files a second time.
 */
public final class ContainerDatabases {

    private ContainerDatabases() {
    }

    /** A database lent to the driver; {@link #close()} withdraws it (call before closing the database). */
    public static final class Lease implements AutoCloseable {
        private final EmbeddedDatabase db;

        private Lease(EmbeddedDatabase db) {
            this.db = db;
        }

        /** New connections fail with 08001, open ones with 08003 and {@code isValid() == false}. */
        @Override
        public void close() {
            db.detach();
        }
    }

    /**
     * Lends a database the container opened. Fails (IllegalStateException) if the driver already
     * opened that directory itself or another database of that name is lent.
     */
    public static Lease lend(String name, Path directory, TransactionManager manager, SqlEngine engine) {
        return new Lease(EmbeddedDatabase.attach(name, directory, manager, engine));
    }
}
