package io.cairn.txn;

import org.osgi.annotation.versioning.ProviderType;

/** A point inside a transaction that {@link Transaction#rollbackTo(Savepoint)} returns to. */
@ProviderType
public interface Savepoint {

    String name();
}
