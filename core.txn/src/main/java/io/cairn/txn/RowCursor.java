package io.cairn.txn;

/** Iterates the rows of a key range visible to a transaction's snapshot, in key order (or reverse). */
public interface RowCursor extends AutoCloseable {

    boolean next();

    byte[] key();

    byte[] value();

    @Override
    void close();
}
