package io.cairn.bench;

/**
 * The engine under test, reduced to what the benchmarks do, so Cairn and MVStore run the very same
 * benchmark code. JMH forks a JVM per engine, so each call site sees one implementation.
 */
public interface KeyValueStore extends AutoCloseable {

    byte[] get(byte[] key);

    void put(byte[] key, byte[] value);

    /** Hands up to {@code limit} entries from {@code from} (inclusive) in key order to {@code sink}; returns how many. */
    int scan(byte[] from, int limit, EntrySink sink);

    /** Makes every change so far durable: it is on the disk (fsync) when this returns. */
    void commit();

    @Override
    void close();
}
