package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.blocked;
import static io.cairn.txn.internal.TxnTesting.join;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;

/**
 * Writing a key that has no head puts the new head in the same tree descent that finds none
 * ({@code Tree.putIfAbsent}); a key that has one (committed, uncommitted, a delete marker, this
 * transaction's own) follows the row-lock and version rules of MVCC.md as before. These are the
 * cases where the two meet: two transactions inserting one new key, an insert over a committed
 * delete, savepoints and rollback of fresh inserts.
 */
class InsertNewKeyTest {

    @TempDir
    Path dir;

    private TransactionManagerImpl tm;
    private Session s1;
    private Session s2;

    @BeforeEach
    void setUp() {
        tm = TxnTesting.open(dir);
        tm.createTable("t");
        s1 = tm.openSession("t1", "insert");
        s2 = tm.openSession("t2", "insert");
    }

    @AfterEach
    void tearDown() {
        tm.close();
    }

    private Long committed(int k) {
        try (Session s = tm.openSession("check", "insert")) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            Long v = valOf(t.get("t", key(k)));
            t.commit();
            return v;
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void aSecondInserterOfANewKeyWaitsAndFindsItTakenOnceTheFirstCommits(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertTrue(t1.insert("t", key(1), val(10)));
        assertNull(t2.get("t", key(1)), "an uncommitted insert is invisible");
        CompletableFuture<Boolean> second = blocked(tm, t2.id(), () -> t2.insert("t", key(1), val(20)));
        t1.commit();
        if (level == IsolationLevel.READ_COMMITTED) {
            assertFalse(join(second), "the key exists once the first inserter committed");
            t2.commit();
        } else {
            // committed after t2's snapshot: first committer wins
            assertSqlState("40001", () -> join(second));
        }
        assertEquals(10L, committed(1));
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void aSecondInserterOfANewKeyInsertsItOnceTheFirstRollsBack(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertTrue(t1.insert("t", key(1), val(10)));
        CompletableFuture<Boolean> second = blocked(tm, t2.id(), () -> t2.insert("t", key(1), val(20)));
        t1.rollback();
        assertTrue(join(second));
        t2.commit();
        assertEquals(20L, committed(1));
    }

    @Test
    void manyThreadsInsertingTheSameNewKeysEachKeyGoesToExactlyOne() throws Exception {
        int threads = 4;
        int keys = 300;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger inserted = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int n = 0; n < threads; n++) {
            int me = n;
            all.add(CompletableFuture.runAsync(() -> {
                try (Session s = tm.openSession("w" + me, "insert")) {
                    start.await();
                    for (int k = 0; k < keys; k++) {
                        Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
                        if (t.insert("t", key(k), val(me))) {
                            inserted.incrementAndGet();
                        }
                        if ((k + me) % 7 == 0) {
                            t.rollback(); // some inserts never commit: another thread's may then win
                        } else {
                            t.commit();
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, TxnTesting.THREADS));
        }
        for (CompletableFuture<Void> f : all) {
            f.get();
        }
        assertTrue(inserted.get() >= keys, "every key was inserted at least once");
        try (Session s = tm.openSession("check", "insert")) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            for (int k = 0; k < keys; k++) {
                byte[] v = t.get("t", key(k));
                // every key was offered by 4 threads, at most one of which rolls it back
                Long owner = valOf(v);
                assertTrue(owner != null && owner >= 0 && owner < threads, "key " + k + " has one committed owner");
                assertTrue((k + owner) % 7 != 0, "key " + k + " is held by a thread that rolled it back");
            }
            t.commit();
        }
    }

    @Test
    void anInsertOverACommittedDeleteKeepsTheOldVersionForOlderSnapshots() {
        Transaction setup = s1.begin(IsolationLevel.READ_COMMITTED);
        assertTrue(setup.insert("t", key(1), val(10)));
        setup.commit();
        Transaction reader = s2.begin(IsolationLevel.SNAPSHOT);
        assertEquals(10L, valOf(reader.get("t", key(1))));
        Transaction del = s1.begin(IsolationLevel.READ_COMMITTED);
        assertTrue(del.delete("t", key(1)));
        del.commit();
        Transaction again = s1.begin(IsolationLevel.READ_COMMITTED);
        assertTrue(again.insert("t", key(1), val(11)), "a committed delete marker is no row");
        assertFalse(again.insert("t", key(1), val(12)), "its own insert is");
        again.commit();
        assertEquals(10L, valOf(reader.get("t", key(1))), "the snapshot still reads the version it saw");
        assertSqlState("40001", () -> reader.insert("t", key(1), val(13)));
        assertEquals(11L, committed(1));
    }

    @Test
    void rollingBackToASavepointRemovesFreshInsertsAndFreesTheirKeys() {
        Transaction t1 = s1.begin(IsolationLevel.READ_COMMITTED);
        assertTrue(t1.insert("t", key(1), val(1)));
        var sp = t1.savepoint("sp");
        assertTrue(t1.insert("t", key(2), val(2)));
        t1.put("t", key(3), val(3));
        t1.rollbackTo(sp);
        assertNull(t1.get("t", key(2)));
        assertNull(t1.get("t", key(3)));
        assertTrue(t1.insert("t", key(2), val(22)));
        t1.commit();
        assertEquals(1L, committed(1));
        assertEquals(22L, committed(2));
        assertNull(committed(3));
    }
}
