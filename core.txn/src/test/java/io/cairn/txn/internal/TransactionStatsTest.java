package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionStats;

/** The commit and rollback counters the monitoring plugin exports. */
class TransactionStatsTest {

    @TempDir
    Path dir;

    @Test
    void countsEveryEndedTransactionByOutcome() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            TransactionStats before = tm.transactionStats();
            Session s = tm.openSession("erin", "test");
            Transaction write = s.begin(IsolationLevel.SNAPSHOT);
            write.put("t", key(1), val(1));
            write.commit();
            s.begin(IsolationLevel.SNAPSHOT).commit(); // read-only commits count too
            Transaction undone = s.begin(IsolationLevel.SNAPSHOT);
            undone.put("t", key(2), val(2));
            undone.rollback();
            undone.rollback(); // a second rollback of an ended transaction is not counted again
            s.begin(IsolationLevel.SNAPSHOT).close();
            TransactionStats after = tm.transactionStats();
            assertEquals(2, after.commits() - before.commits());
            assertEquals(2, after.rollbacks() - before.rollbacks());
        }
    }
}
