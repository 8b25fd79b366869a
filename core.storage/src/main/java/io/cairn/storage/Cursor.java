package io.cairn.storage;

/**
 * Iterates a key range of a B+tree in key order (or reverse). Valid across concurrent changes
 * to the tree: after a change it continues from the last key it returned.
 */
public interface Cursor extends AutoCloseable {

    /** Advances to the next entry; false when the range is exhausted. */
    boolean next();

    byte[] key();

    byte[] value();

    @Override
    void close();
}
