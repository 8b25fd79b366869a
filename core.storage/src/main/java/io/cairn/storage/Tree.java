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

    /**
     * Stores {@code value} under {@code key} only if the key is absent, with one descent of the
     * tree: returns null if it stored the value, else the present value (nothing changed). Since
     * 0.6.0.
     */
    byte[] putIfAbsent(byte[] key, byte[] value);

    /** Removes {@code key}; returns the previous value or null. */
    byte[] remove(byte[] key);

    /** Iterates [from, to] (null = unbounded), in key order or reverse. */
    Cursor cursor(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse);

    long count();

    /**
     * Pages of the data file this tree uses: its node pages and the overflow pages of its large
     * values, {@link Storage#PAGE_SIZE} bytes each. Kept as pages are allocated and freed, so
     * reading it costs nothing; exact at every log point and so after a restart or crash recovery
     * (the count is logged with the pages it counts). A change in progress on another thread may
     * be half counted. Since 0.5.0.
     */
    long pages();

    /** {@link #pages()} in bytes (since 0.5.0). */
    default long bytes() {
        return pages() * Storage.PAGE_SIZE;
    }

    /**
     * Fills this empty tree bottom-up from {@code entries}, which must come in strictly ascending
     * key order: leaves are written left to right up to {@code fillPercent} (10-100) of a page and
     * the inner levels follow along the right edge, so each page is written about once and, like
     * every change, logged at the next log point, new pages as full images (since 0.4.0). The load runs as
     * a series of bounded changes, each leaving a valid tree of the entries loaded so far; like any
     * change it becomes durable with the store's next commit. Returns the number of entries.
     *
     * @throws IllegalStateException if the tree is not empty (nothing changes)
     * @throws IllegalArgumentException for a key out of order, a duplicate key or a key over the
     *         length limit; the tree then holds the entries before it
     */
    long load(Cursor entries, int fillPercent);
}
