package io.cairn.txn;

/** Cumulative figures of one wait event since the manager started. */
public record WaitEventStats(String event, WaitClass waitClass, long waits, long totalNanos) {
}
