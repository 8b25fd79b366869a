package io.cairn.txn;

import java.time.Instant;
import java.util.List;

/**
 * Every lock held or waited for at one moment (v$lock) and the lock counters.
 *
 * @param locksHeld  granted locks right now
 * @param lockWaits  lock requests that had to wait, since start
 * @param deadlocks  deadlocks broken, since start
 * @param timeouts   lock waits that timed out, since start
 */
public record LockSnapshot(List<Held> held, List<Waiter> waiters, long locksHeld, long lockWaits, long deadlocks,
        long timeouts) {

    /**
     * @param key null for a table lock
     * @param mode "EXCLUSIVE" for row locks, the {@link TableLockMode} name for table locks
     */
    public record Held(String table, byte[] key, String mode, long txnId, long sessionId) {
    }

    /** A lock request that waits, and the transactions it waits for. */
    public record Waiter(String table, byte[] key, String mode, long txnId, long sessionId, Instant since,
            List<Long> blockingTxnIds, List<Long> blockingSessionIds) {
    }
}
