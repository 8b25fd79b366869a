package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.keyOf;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CheckpointMode;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Savepoint;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;

/** Transaction.scanNewest and Transaction.load: what an index build stands on. */
class LoadAndScanNewestTest {

    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    /** Rows from..to-1 with value = key * 10. */
    static RowCursor rows(int from, int to) {
        return new RowCursor() {
            int i = from - 1;

            @Override
            public boolean next() {
                return ++i < to;
            }

            @Override
            public byte[] key() {
                return TxnTesting.key(i);
            }

            @Override
            public byte[] value() {
                return val(i * 10L);
            }

            @Override
            public void close() {
            }
        };
    }

    static List<Integer> keys(RowCursor c) {
        List<Integer> r = new ArrayList<>();
        try (c) {
            while (c.next()) {
                r.add(keyOf(c.key()));
            }
        }
        return r;
    }

    static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    @Test
    void loadedRowsAreTheLoadersUntilCommitThenEveryonesAndRollbackEmptiesTheTable() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("i");
            Session a = tm.openSession("a", null);
            Session b = tm.openSession("b", null);
            Transaction t = a.begin(IsolationLevel.READ_COMMITTED);
            assertEquals(5000, t.load("i", rows(0, 5000), 90));
            assertEquals(10L * 42, valOf(t.get("i", key(42))));
            Transaction other = b.begin(IsolationLevel.READ_COMMITTED);
            assertNull(other.get("i", key(42)), "uncommitted loaded rows are invisible to others");
            other.commit();
            t.rollback();
            Transaction after = b.begin(IsolationLevel.READ_COMMITTED);
            assertEquals(List.of(), keys(after.scan("i", null, true, null, true, false)));
            after.commit();
            assertEquals(0, tm.storage().openTree("tbl.i").count());

            Transaction t2 = a.begin(IsolationLevel.SNAPSHOT);
            t2.load("i", rows(0, 3000), 90);
            t2.put("i", key(7), val(-7));
            t2.delete("i", key(8));
            t2.insert("i", key(5000), val(1));
            long scn = t2.commit();
            Transaction r = b.begin(IsolationLevel.SNAPSHOT);
            List<Integer> expected = range(0, 3000);
            expected.remove(Integer.valueOf(8));
            expected.add(5000);
            assertEquals(expected, keys(r.scan("i", null, true, null, true, false)));
            assertEquals(-7L, valOf(r.get("i", key(7))));
            assertTrue(r.snapshotScn() >= scn);
            r.commit();
        }
    }

    @Test
    void rollbackToASavepointBeforeTheLoadUndoesItAndLaterWritesKeepOrder() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            tm.createTable("i");
            Session a = tm.openSession("a", null);
            Transaction t = a.begin(IsolationLevel.READ_COMMITTED);
            t.put("t", key(1), val(1));
            Savepoint sp = t.savepoint("before");
            t.load("i", rows(0, 2000), 90);
            t.put("i", key(3), val(33));
            t.rollbackTo(sp);
            assertEquals(List.of(), keys(t.scan("i", null, true, null, true, false)));
            assertEquals(List.of(1), keys(t.scan("t", null, true, null, true, false)));
            t.load("i", rows(10, 20), 90);
            t.commit();
            Transaction r = a.begin(IsolationLevel.READ_COMMITTED);
            assertEquals(range(10, 20), keys(r.scan("i", null, true, null, true, false)));
            r.commit();
        }
    }

    @Test
    void loadRefusesATableWithAnyVersionAndRowsOutOfOrder() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("i");
            Session a = tm.openSession("a", null);
            Transaction w = a.begin(IsolationLevel.READ_COMMITTED);
            w.put("i", key(1), val(1));
            w.delete("i", key(1));
            w.commit();
            Transaction t = a.begin(IsolationLevel.READ_COMMITTED);
            assertThrows(IllegalStateException.class, () -> t.load("i", rows(0, 10), 90),
                    "a delete marker is a version: the table is not empty");
            t.rollback();
        }
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("j");
            Transaction t = tm.openSession("a", null).begin(IsolationLevel.READ_COMMITTED);
            RowCursor twice = new RowCursor() {
                int n;

                @Override
                public boolean next() {
                    return n++ < 2;
                }

                @Override
                public byte[] key() {
                    return TxnTesting.key(1);
                }

                @Override
                public byte[] value() {
                    return val(1);
                }

                @Override
                public void close() {
                }
            };
            assertThrows(IllegalArgumentException.class, () -> t.load("j", twice, 90));
            t.rollback();
            assertEquals(0, tm.storage().openTree("tbl.j").count());
        }
    }

    @Test
    void scanNewestSeesCommitsAfterTheSnapshotAtEveryIsolationLevel() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            Session a = tm.openSession("a", null);
            Session b = tm.openSession("b", null);
            Transaction setup = b.begin(IsolationLevel.READ_COMMITTED);
            for (int i = 0; i < 10; i++) {
                setup.put("t", key(i), val(i));
            }
            setup.commit();

            Transaction rc = a.begin(IsolationLevel.READ_COMMITTED);
            Transaction si = tm.openSession("c", null).begin(IsolationLevel.SNAPSHOT);
            si.get("t", key(0));
            Transaction w = b.begin(IsolationLevel.READ_COMMITTED);
            w.delete("t", key(3));
            w.put("t", key(20), val(20));
            w.commit();
            rc.put("t", key(30), val(30));
            rc.delete("t", key(4));
            List<Integer> expected = new ArrayList<>(range(0, 10));
            expected.removeAll(List.of(3, 4));
            expected.addAll(List.of(20, 30));
            assertEquals(expected, keys(rc.scanNewest("t")), "newest committed rows plus own writes");

            rc.rollback();

            // under SNAPSHOT too: the rows later readers will see, not the snapshot's
            expected = new ArrayList<>(range(0, 10));
            expected.remove(Integer.valueOf(3));
            expected.add(20);
            assertEquals(expected, keys(si.scanNewest("t")));
            assertEquals(List.of(3), keys(si.scan("t", key(3), true, key(3), true, false)),
                    "its own reads keep the snapshot");
            si.commit();
            Transaction fresh = a.begin(IsolationLevel.SNAPSHOT);
            assertEquals(expected, keys(fresh.scanNewest("t")));
            fresh.commit();
        }
    }

    @Test
    void scanNewestWaitsForWritersAndThenBlocksThem() {
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            tm.createTable("t");
            Session a = tm.openSession("a", null);
            Session b = tm.openSession("b", null);
            Transaction writer = b.begin(IsolationLevel.READ_COMMITTED);
            writer.put("t", key(1), val(1));
            Transaction builder = a.begin(IsolationLevel.READ_COMMITTED);
            CompletableFuture<List<Integer>> scan = TxnTesting.blocked(tm, builder.id(),
                    () -> keys(builder.scanNewest("t")));
            writer.commit();
            assertEquals(List.of(1), TxnTesting.join(scan));
            Transaction late = b.begin(IsolationLevel.READ_COMMITTED);
            CompletableFuture<Object> put = TxnTesting.blocked(tm, late.id(), () -> {
                late.put("t", key(2), val(2));
                return null;
            });
            builder.commit();
            TxnTesting.join(put);
            late.commit();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void anUncommittedLoadMadeDurableByACheckpointIsGoneAfterRecoveryAndACommittedOneStays() throws Exception {
        TransactionManagerImpl tm = TxnTesting.open(dir);
        tm.createTable("i");
        tm.createTable("k");
        Session a = tm.openSession("a", null);
        Transaction done = a.begin(IsolationLevel.READ_COMMITTED);
        done.load("k", rows(0, 4000), 90);
        done.commit();
        Transaction loser = tm.openSession("b", null).begin(IsolationLevel.READ_COMMITTED);
        loser.load("i", rows(0, 4000), 90);
        tm.storage().checkpoint(CheckpointMode.FULL);
        copy(dir, crashed);
        loser.rollback();
        tm.close();
        try (TransactionManagerImpl recovered = TxnTesting.open(crashed)) {
            assertTrue(recovered.awaitRecovery(30_000));
            assertEquals(4000, recovered.recoveredVersions());
            Transaction r = recovered.openSession("r", null).begin(IsolationLevel.READ_COMMITTED);
            assertEquals(List.of(), keys(r.scan("i", null, true, null, true, false)));
            assertEquals(range(0, 4000), keys(r.scan("k", null, true, null, true, false)));
            r.commit();
            assertTrue(recovered.storage().verify().clean());
        }
    }
}
