package io.cairn.txn;

import java.time.Duration;

/**
 * Settings of a transaction manager. Start from {@link #defaults()}.
 *
 * @param lockTimeout              how long a lock request waits before failing with 55P03
 * @param deadlockCheckInterval    how often a waiting request re-checks the wait-for graph (a
 *                                 cycle is also checked the moment a request starts waiting)
 * @param asyncCommitDelay         the loss window of {@link CommitMode#ASYNC} commits: the
 *                                 background flush runs this often
 * @param changeQueueTransactions  per-listener queue of committed transactions awaiting delivery
 */
public record TransactionOptions(Duration lockTimeout, Duration deadlockCheckInterval, Duration asyncCommitDelay,
        int changeQueueTransactions) {

    public TransactionOptions {
        if (lockTimeout.isNegative() || deadlockCheckInterval.isNegative() || deadlockCheckInterval.isZero()
                || asyncCommitDelay.isNegative() || asyncCommitDelay.isZero() || changeQueueTransactions < 1) {
            throw new IllegalArgumentException("invalid transaction options: " + lockTimeout + ", "
                    + deadlockCheckInterval + ", " + asyncCommitDelay + ", " + changeQueueTransactions);
        }
    }

    /** 30 s lock timeout, 100 ms deadlock checks, 200 ms async window, 10 000 queued transactions. */
    public static TransactionOptions defaults() {
        return new TransactionOptions(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(200), 10_000);
    }

    public TransactionOptions withLockTimeout(Duration d) {
        return new TransactionOptions(d, deadlockCheckInterval, asyncCommitDelay, changeQueueTransactions);
    }

    public TransactionOptions withDeadlockCheckInterval(Duration d) {
        return new TransactionOptions(lockTimeout, d, asyncCommitDelay, changeQueueTransactions);
    }

    public TransactionOptions withAsyncCommitDelay(Duration d) {
        return new TransactionOptions(lockTimeout, deadlockCheckInterval, d, changeQueueTransactions);
    }

    public TransactionOptions withChangeQueueTransactions(int n) {
        return new TransactionOptions(lockTimeout, deadlockCheckInterval, asyncCommitDelay, n);
    }
}
