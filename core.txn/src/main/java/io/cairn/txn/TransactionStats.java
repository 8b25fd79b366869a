package io.cairn.txn;

/**
 * Transactions ended since the manager opened (xact_commit / xact_rollback in PostgreSQL terms).
 *
 * @param commits   transactions that committed, read-only ones included
 * @param rollbacks transactions rolled back, explicitly, on close, or after a failed statement
 */
public record TransactionStats(long commits, long rollbacks) {
}
