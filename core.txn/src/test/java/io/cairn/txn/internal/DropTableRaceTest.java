package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.blocked;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * Lookups of a table racing its drop: a reader or writer either sees the table as it was before
 * the drop or gets 42P01 (undefined table); none brings the dropped tree back into use, and a new
 * table of the same name is a new, empty one.
 */
class DropTableRaceTest {

    @TempDir
    Path dir;

    private TransactionManagerImpl tm;

    @BeforeEach
    void setUp() {
        tm = TxnTesting.open(dir);
        tm.createTable("t");
        Transaction fill = tm.openSession("setup", null).begin(IsolationLevel.READ_COMMITTED);
        fill.put("t", key(1), val(1));
        fill.commit();
    }

    @AfterEach
    void tearDown() {
        tm.close();
    }

    /** What a read of row 1 of t returns on another thread: its value, or the SQLSTATE it failed with. */
    private static Object readOnAnotherThread(Transaction t) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return (Object) valOf(t.get("t", key(1)));
            } catch (TransactionException e) {
                return e.sqlState();
            }
        }, TxnTesting.THREADS).join();
    }

    @Test
    void aReadWhileTheTreeIsBeingDroppedSeesTheTableOrGets42P01AndNeverReopensIt() {
        Transaction reader = tm.openSession("reader", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(1L, valOf(reader.get("t", key(1))));
        Transaction late = tm.openSession("late", null).begin(IsolationLevel.READ_COMMITTED);
        AtomicReference<Object> during = new AtomicReference<>();
        AtomicReference<Object> lateDuring = new AtomicReference<>();
        // the table has left the manager's map, its tree is still in the store
        tm.treeDroppingHook = () -> {
            during.set(readOnAnotherThread(reader));
            lateDuring.set(readOnAnotherThread(late)); // a first lookup by this transaction too
        };
        tm.dropTable("t");
        tm.treeDroppingHook = null;

        assertTrue(List.of(1L, TransactionException.UNDEFINED_TABLE).contains(during.get()), String.valueOf(during.get()));
        assertTrue(List.of(1L, TransactionException.UNDEFINED_TABLE).contains(lateDuring.get()),
                String.valueOf(lateDuring.get()));
        // after the drop: 42P01, never the storage layer's "tree was dropped"
        assertSqlState(TransactionException.UNDEFINED_TABLE, () -> reader.get("t", key(1)));
        assertSqlState(TransactionException.UNDEFINED_TABLE, () -> late.get("t", key(1)));
        assertSqlState(TransactionException.UNDEFINED_TABLE, () -> reader.scan("t", null, true, null, true, false));
        assertTrue(reader.isActive(), "42P01 leaves the transaction active");
        assertFalse(tm.tables().contains("t"));

        // a table of the same name is a new one, read and written through its own tree
        tm.createTable("t");
        assertNull(reader.get("t", key(1)));
        Transaction w = tm.openSession("w", null).begin(IsolationLevel.READ_COMMITTED);
        w.put("t", key(2), val(2));
        w.commit();
        assertEquals(2L, valOf(reader.get("t", key(2))));
        try (RowCursor c = reader.scan("t", null, true, null, true, false)) {
            assertTrue(c.next());
            assertEquals(2L, valOf(c.value()));
            assertFalse(c.next());
        }
        reader.commit();
        late.commit();
    }

    @Test
    void aWriterQueuedBehindADropGets42P01InsteadOfWritingTheDroppedTree() throws Exception {
        Transaction holder = tm.openSession("holder", null).begin(IsolationLevel.READ_COMMITTED);
        holder.put("t", key(2), val(2)); // holds t SHARED: the drop waits for it
        CompletableFuture<Void> drop = CompletableFuture.runAsync(() -> tm.dropTable("t"), TxnTesting.THREADS);
        awaitTableLockWaiter("t");

        Transaction writer = tm.openSession("writer", null).begin(IsolationLevel.READ_COMMITTED);
        assertEquals(1L, valOf(writer.get("t", key(1)))); // the writer has looked the table up
        // its SHARED table lock queues behind the drop's EXCLUSIVE one
        CompletableFuture<Object> write = blocked(tm, writer.id(), () -> {
            writer.put("t", key(1), val(9));
            return null;
        });
        holder.rollback();
        drop.get(20, TimeUnit.SECONDS);
        try {
            write.get(20, TimeUnit.SECONDS);
            fail("the write went to a dropped table");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof TransactionException, e.getCause().toString());
            assertEquals(TransactionException.UNDEFINED_TABLE, ((TransactionException) e.getCause()).sqlState());
        }
        assertTrue(writer.isActive());
        assertSqlState(TransactionException.UNDEFINED_TABLE, () -> writer.getForUpdate("t", key(1)));
        writer.rollback();
        tm.createTable("t");
        Transaction r = tm.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
        assertNull(r.get("t", key(1)));
        r.commit();
    }

    /** Drops and creates t again and again while readers, writers and VACUUM use it: only rows or 42P01. */
    @Test
    void readersWritersAndVacuumRacingDropsAndCreatesSeeRowsOr42P01Only() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<CompletableFuture<Integer>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < 2; w++) {
            boolean writes = w == 1;
            workers.add(CompletableFuture.supplyAsync(() -> {
                int undefined = 0;
                io.cairn.txn.Session s = tm.openSession("worker", null);
                try (s) {
                    while (!stop.get()) {
                        Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
                        try {
                            if (writes) {
                                t.put("t", key(1), val(1));
                            } else {
                                Long v = valOf(t.get("t", key(1)));
                                assertTrue(v == null || v == 1L, String.valueOf(v));
                                try (RowCursor c = t.scan("t", null, true, null, true, false)) {
                                    while (c.next()) {
                                        assertEquals(1L, valOf(c.value()));
                                    }
                                }
                            }
                        } catch (TransactionException e) {
                            // 42P01 leaves the transaction active; 40P01/55P03 cannot happen here
                            assertEquals(TransactionException.UNDEFINED_TABLE, e.sqlState(), e.getMessage());
                            undefined++;
                        }
                        if (t.isActive()) {
                            t.commit();
                        }
                    }
                }
                return undefined;
            }, TxnTesting.THREADS));
        }
        // VACUUM takes no table lock either: its walks meet trees dropped under them
        workers.add(CompletableFuture.supplyAsync(() -> {
            int runs = 0;
            while (!stop.get()) {
                tm.vacuum();
                runs++;
            }
            return runs;
        }, TxnTesting.THREADS));
        try {
            for (int i = 0; i < 100 && workers.stream().noneMatch(CompletableFuture::isDone); i++) {
                tm.dropTable("t");
                tm.createTable("t");
            }
        } finally {
            stop.set(true);
        }
        for (CompletableFuture<Integer> f : workers) {
            f.get(60, TimeUnit.SECONDS); // rethrows a worker's assertion
        }
        assertTrue(tm.tables().contains("t"));
    }

    private void awaitTableLockWaiter(String table) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (LockSnapshot.Waiter w : tm.locks().waiters()) {
                if (w.table().equals(table) && w.key() == null) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        fail("nobody started waiting for table " + table);
    }
}
