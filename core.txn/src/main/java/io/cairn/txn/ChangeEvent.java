package io.cairn.txn;

import java.time.Instant;

/**
 * One committed row change: the row's value before the transaction and after it.
 *
 * @param before null for an insert
 * @param after  null for a delete
 */
public record ChangeEvent(String table, byte[] key, byte[] before, byte[] after, long scn, Instant commitTime,
        String user, long txnId) {
}
