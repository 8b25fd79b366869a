package io.cairn.storage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told, during redo recovery on open, of every complete log group that was replayed, in log order,
 * with the payload the caller passed to {@link Storage#commit(byte[])} or
 * {@link Storage#logPoint(byte[])}. The transaction layer rebuilds its commit table from these.
 */
@ConsumerType
@FunctionalInterface
public interface RecoveryListener {

    RecoveryListener NONE = (lsn, payload) -> {
    };

    /** @param groupEndLsn LSN of the group's end record; {@code payload} is empty if none was given */
    void groupRecovered(long groupEndLsn, byte[] payload);
}
