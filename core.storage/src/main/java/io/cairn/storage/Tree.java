package io.cairn.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named B+tree of the store over order-preserving byte keys. Changes become atomic and durable
 * with the store's next {@link Storage#commit(byte[])}; until then a crash may lose them.
 */
@ProviderType
public interface Tree {

    String name();

    /** The value stored under {@code key}, or null. */
    byte[] get(byte[] key);

    /** Stores {@code value} under {@code key}; returns the previous value or null. */
    byte[] put(byte[] key, byte[] value);

    /** Removes {@code key}; returns the previous value or null. */
    byte[] remove(byte[] key);

    /** Iterates [from, to] (null = unbounded), in key order or reverse. */
    Cursor cursor(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse);

    long count();
}
