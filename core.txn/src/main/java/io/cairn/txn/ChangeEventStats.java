package io.cairn.txn;

/** Change delivery counters since start, summed over listeners. */
public record ChangeEventStats(int listeners, long transactionsDelivered, long transactionsDropped) {
}
