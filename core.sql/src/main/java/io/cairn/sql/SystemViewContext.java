package io.cairn.sql;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.txn.TransactionManager;

/** What a {@link SystemView} or {@link SqlProcedure} may look at: the database it runs for. */
@ProviderType
public interface SystemViewContext {

    /** The name of the database (the component's cairn.database), or "" for an engine outside OSGi. */
    String databaseName();

    /** The database's transaction manager (sessions, locks, wait events, version statistics). */
    TransactionManager transactionManager();

    /** The id of the session running the statement. */
    long sessionId();
}
