package io.cairn.txn;

/** Whether {@link Transaction#commit(CommitMode)} waits for the disk. */
public enum CommitMode {
    /** The commit record is fsynced (group commit) before commit returns. The default. */
    SYNC,
    /**
     * Commit returns once the commit record is in the log buffer; a background flush makes it
     * durable within the manager's async commit delay. A crash may lose commits from that window
     * (never a part of one), so only use it for data that can be recomputed.
     */
    ASYNC
}
