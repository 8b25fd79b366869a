package io.cairn.storage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the calling thread starts and stops waiting on storage I/O, so the session layer
 * can show the wait as the session's current wait event and add it to the cumulative counters.
 * Called on the waiting thread; implementations must be cheap and must not block.
 */
@ConsumerType
public interface IoWaitListener {

    IoWaitListener NONE = new IoWaitListener() {
        @Override
        public void beginWait(StorageWaitEvent event) {
        }

        @Override
        public void endWait(StorageWaitEvent event, long nanos) {
        }
    };

    void beginWait(StorageWaitEvent event);

    void endWait(StorageWaitEvent event, long nanos);
}
