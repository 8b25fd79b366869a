package io.cairn.txn;

/**
 * What a transaction sees of other transactions' commits. SERIALIZABLE is not implemented yet:
 * asking for it fails with SQLSTATE 0A000 rather than silently giving snapshot isolation.
 */
public enum IsolationLevel {
    /** Each statement (or, outside statements, each read call) sees what was committed when it started. */
    READ_COMMITTED,
    /** The SQL name that maps to {@link #SNAPSHOT}, as in PostgreSQL. */
    REPEATABLE_READ,
    /** The whole transaction sees the commits before it began; write-write conflicts fail with 40001. */
    SNAPSHOT,
    /** Rejected with SQLSTATE 0A000 until serializable snapshot isolation exists. */
    SERIALIZABLE
}
