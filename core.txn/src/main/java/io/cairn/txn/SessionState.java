package io.cairn.txn;

/** What a session is doing, as pg_stat_activity names it. */
public enum SessionState {
    ACTIVE,
    IDLE,
    IDLE_IN_TRANSACTION
}
