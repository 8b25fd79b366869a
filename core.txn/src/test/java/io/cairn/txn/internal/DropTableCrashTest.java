package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CheckpointMode;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;

/**
 * Dropping a table is not transactional and takes several steps (the tree leaves the store, then
 * the table's old versions leave the undo tree); these tests stop it, or the recovery pass after
 * a crash, between steps.
 */
class DropTableCrashTest {

    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    /**
     * A crash once the tree has left the store, before its old versions left the undo tree: the
     * name is free after the restart (core.sql gives a new index the same tree name then), and a
     * reader of the new table must never be handed a version of the dropped one.
     */
    @Test
    void aCrashDuringADropLeavesNoOldVersionForANewTableOfTheSameName() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir);
        tm.createTable("x");
        Session s = tm.openSession("a", null);
        Transaction fill = s.begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < 20; i++) {
            fill.put("x", key(i), val(i));
        }
        fill.commit();
        Transaction change = s.begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < 20; i++) {
            change.put("x", key(i), val(100 + i)); // the first versions go to the undo tree
        }
        change.commit();
        tm.treeDroppedHook = () -> {
            tm.storage().checkpoint(CheckpointMode.FULL); // everything done so far is in the log
            try {
                TxnTesting.copyDirectory(dir, crashed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        tm.dropTable("x");
        tm.close();

        try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
            assertFalse(recovered.tables().contains("x"), "the drop had removed the tree");
            recovered.createTable("x");
            Transaction writer = recovered.openSession("writer", null).begin(IsolationLevel.SNAPSHOT);
            writer.put("x", key(3), val(-3)); // uncommitted: a reader looks for an older committed version
            writer.put("x", key(4), val(-4));
            Transaction reader = recovered.openSession("reader", null).begin(IsolationLevel.SNAPSHOT);
            assertNull(valOf(reader.get("x", key(3))), "a version of the dropped table showed through");
            List<Long> seen = new ArrayList<>();
            try (RowCursor c = reader.scan("x", null, true, null, true, false)) {
                while (c.next()) {
                    seen.add(valOf(c.value()));
                }
            }
            assertEquals(List.of(), seen, "the new table has no committed row");
            reader.commit();
            writer.commit();
            Transaction after = recovered.openSession("after", null).begin(IsolationLevel.SNAPSHOT);
            assertEquals(-3L, valOf(after.get("x", key(3))));
            assertNull(after.get("x", key(5)));
            after.commit();
            assertTrue(recovered.storage().verify().clean());
        }
    }

    /**
     * The recovery pass after a crash walks a table a batch of keys at a time; a table dropped
     * between two batches (core.sql drops the trees no committed catalog names as it opens) ends
     * the pass's walk of it, not the pass: it finishes, so the next close is recorded clean.
     */
    @Test
    void aTableDroppedWhileTheRecoveryPassWalksItDoesNotFailThePass() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir);
        tm.createTable("big");
        tm.createTable("small");
        Transaction fill = tm.openSession("a", null).begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < 3000; i++) {
            fill.put("big", key(i), val(i));
        }
        fill.put("small", key(1), val(1));
        fill.commit();
        Transaction loser = tm.openSession("loser", null).begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < 3000; i++) {
            loser.put("big", key(i), val(-i)); // three batches of dead heads after the crash
        }
        loser.put("small", key(1), val(-1));
        tm.storage().checkpoint(CheckpointMode.FULL);
        TxnTesting.copyDirectory(dir, crashed);
        loser.rollback();
        tm.close();

        TransactionManagerImpl.startRecoveryPass = false;
        try {
            try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
                CountDownLatch paused = new CountDownLatch(1);
                CountDownLatch resume = new CountDownLatch(1);
                AtomicBoolean first = new AtomicBoolean(true);
                recovered.recoveryBatchHook = () -> {
                    if (first.getAndSet(false)) {
                        paused.countDown();
                        try {
                            resume.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread pass = new Thread(() -> {
                    try {
                        recovered.runRecoveryPass();
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                }, "test-recovery-pass");
                pass.start();
                assertTrue(paused.await(30, TimeUnit.SECONDS), "the pass reached its second batch");
                recovered.dropTable("big");
                resume.countDown();
                pass.join(30_000);
                assertNull(failed.get());
                assertEquals(null, recovered.storage().failure(), "the store still takes changes");
                Transaction t = recovered.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
                assertEquals(1L, valOf(t.get("small", key(1))), "the pass went on to the next table");
                t.commit();
            }
            try (TransactionManagerImpl reopened = TxnTesting.open(crashed)) {
                assertTrue(reopened.openedClean(), "the pass finished, so the close was recorded clean");
            }
        } finally {
            TransactionManagerImpl.startRecoveryPass = true;
        }
    }
}
