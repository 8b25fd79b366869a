package io.cairn.txn;

import org.osgi.annotation.versioning.ProviderType;

/** Iterates the rows of a key range visible to a transaction's snapshot, in key order (or reverse). */
@ProviderType
public interface RowCursor extends AutoCloseable {

    boolean next();

    byte[] key();

    byte[] value();

    @Override
    void close();
}
