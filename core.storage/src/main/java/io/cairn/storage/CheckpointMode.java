package io.cairn.storage;

/** How much a checkpoint does, in the SQLite sense of the words. */
public enum CheckpointMode {
    /** Writes the already-logged dirty pages it can without blocking writers, then moves the redo point. */
    PASSIVE,
    /** Logs every dirty page first, then writes them all, so recovery starts at the WAL end. */
    FULL,
    /** FULL, then recycles every closed WAL segment so the log shrinks to its minimum. */
    TRUNCATE
}
