package io.cairn.txn;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives committed row changes, one call per transaction, in SCN order, on a thread of its own.
 * Each listener has a bounded queue: a listener that falls behind loses whole transactions
 * (counted) and is told which SCNs it missed, so commits never wait for it.
 */
@ConsumerType
public interface ChangeListener {

    /** The changes of one committed transaction, in the order they were made. */
    void onCommit(List<ChangeEvent> changes);

    /** The transactions committed with SCNs in [fromScn, toScn] were dropped because the queue was full. */
    default void onEventsLost(long fromScn, long toScn) {
    }
}
