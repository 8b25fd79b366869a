package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;

/** A table's size in pages: what the SQL layer reports per table and the resource manager charges. */
class TablePagesTest {

    @TempDir
    Path dir;

    @Test
    void aTableGrowsWithItsRowsKeepsItsSizeAcrossReopenAndShrinksAfterVacuum() {
        long grown;
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            assertEquals(1, tm.tablePages("t"));
            assertEquals(0, tm.tablePages("missing"));
            Session s = tm.openSession("erin", "test");
            Transaction w = s.begin(IsolationLevel.SNAPSHOT);
            for (int i = 0; i < 2000; i++) {
                w.put("t", key(i), new byte[200]);
            }
            w.commit();
            grown = tm.tablePages("t");
            assertTrue(grown > 40, "2000 rows of 200 bytes: " + grown + " pages");
        }
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            assertEquals(grown, tm.tablePages("t"));
            Session s = tm.openSession("erin", "test");
            Transaction d = s.begin(IsolationLevel.SNAPSHOT);
            for (int i = 0; i < 2000; i++) {
                d.delete("t", key(i));
            }
            d.commit();
            tm.vacuum();
            assertTrue(tm.tablePages("t") < grown / 4, "after VACUUM: " + tm.tablePages("t") + " of " + grown);
            tm.dropTable("t");
            assertEquals(0, tm.tablePages("t"));
        }
    }
}
