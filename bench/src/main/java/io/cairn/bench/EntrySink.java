package io.cairn.bench;

/** Receives the entries of a range scan; a benchmark hands them to its Blackhole. */
@FunctionalInterface
public interface EntrySink {

    void accept(byte[] key, byte[] value);
}
