package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.assertSqlState;
import static io.cairn.txn.internal.TxnTesting.blocked;
import static io.cairn.txn.internal.TxnTesting.join;
import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.keyOf;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * Martin Kleppmann's Hermitage anomaly tests, table {@code test(id, value)} = {(1,10), (2,20)},
 * asserting what PostgreSQL gives at READ COMMITTED and at REPEATABLE READ (= SNAPSHOT).
 * "update ... where value = v" statements lock the row first and re-check it, as PostgreSQL does.
 */
class HermitageTest {

    @TempDir
    Path dir;

    private TransactionManagerImpl tm;
    private Session s1;
    private Session s2;
    private Session s3;

    @BeforeEach
    void setUp() {
        tm = TxnTesting.open(dir);
        tm.createTable("test");
        Session s = tm.openSession("setup", "test");
        Transaction t = s.begin(IsolationLevel.SNAPSHOT);
        t.put("test", key(1), val(10));
        t.put("test", key(2), val(20));
        t.commit();
        s.close();
        s1 = tm.openSession("t1", "hermitage");
        s2 = tm.openSession("t2", "hermitage");
        s3 = tm.openSession("t3", "hermitage");
    }

    @AfterEach
    void tearDown() {
        tm.close();
    }

    private static Long get(Transaction t, int k) {
        return valOf(t.get("test", key(k)));
    }

    private static void set(Transaction t, int k, long v) {
        t.put("test", key(k), val(v));
    }

    private static List<Integer> where(Transaction t, LongPredicate p) {
        List<Integer> ids = new ArrayList<>();
        try (RowCursor c = t.scan("test", null, true, null, true, false)) {
            while (c.next()) {
                if (p.test(valOf(c.value()))) {
                    ids.add(keyOf(c.key()));
                }
            }
        }
        return ids;
    }

    private Map<Integer, Long> committedRows() {
        Session s = tm.openSession("check", "hermitage");
        try (Transaction t = s.begin(IsolationLevel.SNAPSHOT)) {
            Map<Integer, Long> rows = new TreeMap<>();
            try (RowCursor c = t.scan("test", null, true, null, true, false)) {
                while (c.next()) {
                    rows.put(keyOf(c.key()), valOf(c.value()));
                }
            }
            return rows;
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void g0WriteCyclesArePrevented(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        set(t1, 1, 11);
        CompletableFuture<Void> w = blocked(tm, t2.id(), () -> {
            set(t2, 1, 12);
            return null;
        });
        set(t1, 2, 21);
        t1.commit();
        if (level == IsolationLevel.READ_COMMITTED) {
            join(w);
            set(t2, 2, 22);
            t2.commit();
            assertEquals(Map.of(1, 12L, 2, 22L), committedRows());
        } else {
            assertSqlState(TransactionException.SERIALIZATION_FAILURE, () -> join(w));
            assertFalse(t2.isActive());
            assertEquals(Map.of(1, 11L, 2, 21L), committedRows());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void g1aAbortedReadsArePrevented(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        set(t1, 1, 101);
        assertEquals(List.of(1, 2), where(t2, v -> true));
        assertEquals(10L, get(t2, 1));
        t1.rollback();
        assertEquals(10L, get(t2, 1));
        t2.commit();
        assertEquals(Map.of(1, 10L, 2, 20L), committedRows());
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void g1bIntermediateReadsArePrevented(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        set(t1, 1, 101);
        assertEquals(10L, get(t2, 1));
        set(t1, 1, 11);
        t1.commit();
        assertEquals(level == IsolationLevel.READ_COMMITTED ? 11L : 10L, get(t2, 1));
        t2.commit();
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void g1cCircularInformationFlowIsPrevented(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        set(t1, 1, 11);
        set(t2, 2, 22);
        assertEquals(20L, get(t1, 2));
        assertEquals(10L, get(t2, 1));
        t1.commit();
        t2.commit();
        assertEquals(Map.of(1, 11L, 2, 22L), committedRows());
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void otvObservedTransactionVanishesIsPrevented(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        set(t1, 1, 11);
        set(t1, 2, 19);
        CompletableFuture<Void> w = blocked(tm, t2.id(), () -> {
            set(t2, 1, 12);
            return null;
        });
        t1.commit();
        Transaction t3 = s3.begin(level);
        if (level == IsolationLevel.READ_COMMITTED) {
            join(w);
            assertEquals(11L, get(t3, 1));
            set(t2, 2, 18);
            assertEquals(19L, get(t3, 2));
            t2.commit();
            assertEquals(18L, get(t3, 2));
            assertEquals(12L, get(t3, 1));
        } else {
            assertSqlState(TransactionException.SERIALIZATION_FAILURE, () -> join(w));
            assertEquals(11L, get(t3, 1));
            assertEquals(19L, get(t3, 2));
        }
        t3.commit();
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void pmpPredicateManyPrecedersMatchesTheLevel(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertEquals(List.of(), where(t1, v -> v == 30));
        t2.insert("test", key(3), val(30));
        t2.commit();
        assertEquals(level == IsolationLevel.READ_COMMITTED ? List.of(3) : List.of(), where(t1, v -> v % 3 == 0));
        t1.commit();
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void pmpWithWritesRechecksOrFails(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        set(t1, 1, 20);
        set(t1, 2, 30);
        assertEquals(List.of(2), where(t2, v -> v == 20));
        CompletableFuture<Boolean> delete = blocked(tm, t2.id(), () -> {
            Long now = valOf(t2.getForUpdate("test", key(2)));
            return now == 20 && t2.delete("test", key(2));
        });
        t1.commit();
        if (level == IsolationLevel.READ_COMMITTED) {
            assertFalse(join(delete));
            t2.commit();
            assertEquals(Map.of(1, 20L, 2, 30L), committedRows());
        } else {
            assertSqlState(TransactionException.SERIALIZATION_FAILURE, () -> join(delete));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void p4LostUpdateIsPreventedOnlyBySnapshot(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertEquals(10L, get(t1, 1));
        assertEquals(10L, get(t2, 1));
        set(t1, 1, 11);
        CompletableFuture<Void> w = blocked(tm, t2.id(), () -> {
            set(t2, 1, 11);
            return null;
        });
        t1.commit();
        if (level == IsolationLevel.READ_COMMITTED) {
            join(w);
            t2.commit();
        } else {
            assertSqlState(TransactionException.SERIALIZATION_FAILURE, () -> join(w));
        }
        assertEquals(11L, committedRows().get(1));
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void gSingleReadSkewIsPreventedOnlyBySnapshot(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertEquals(10L, get(t1, 1));
        assertEquals(10L, get(t2, 1));
        assertEquals(20L, get(t2, 2));
        set(t2, 1, 12);
        set(t2, 2, 18);
        t2.commit();
        assertEquals(level == IsolationLevel.READ_COMMITTED ? 18L : 20L, get(t1, 2));
        t1.commit();
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void gSingleWithWritesFailsUnderSnapshot(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertEquals(10L, get(t1, 1));
        assertEquals(List.of(1, 2), where(t2, v -> true));
        set(t2, 1, 12);
        set(t2, 2, 18);
        t2.commit();
        if (level == IsolationLevel.READ_COMMITTED) {
            assertEquals(18L, valOf(t1.getForUpdate("test", key(2))));
            t1.rollback();
        } else {
            assertSqlState(TransactionException.SERIALIZATION_FAILURE, () -> t1.getForUpdate("test", key(2)));
            assertSqlState(TransactionException.SERIALIZATION_FAILURE, () -> {
                Transaction again = s1.begin(IsolationLevel.SNAPSHOT);
                Transaction other = s3.begin(IsolationLevel.SNAPSHOT);
                set(other, 2, 17);
                other.commit();
                again.delete("test", key(2));
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void g2ItemWriteSkewIsAllowedBelowSerializable(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertEquals(List.of(1, 2), where(t1, v -> true));
        assertEquals(List.of(1, 2), where(t2, v -> true));
        set(t1, 1, 11);
        set(t2, 2, 21);
        t1.commit();
        t2.commit();
        assertEquals(Map.of(1, 11L, 2, 21L), committedRows());
    }

    @ParameterizedTest
    @EnumSource(names = {"READ_COMMITTED", "SNAPSHOT"})
    void g2AntiDependencyCycleIsAllowedBelowSerializable(IsolationLevel level) {
        Transaction t1 = s1.begin(level);
        Transaction t2 = s2.begin(level);
        assertEquals(List.of(), where(t1, v -> v % 3 == 0));
        assertEquals(List.of(), where(t2, v -> v % 3 == 0));
        t1.insert("test", key(3), val(30));
        t2.insert("test", key(4), val(42));
        t1.commit();
        t2.commit();
        assertEquals(4, committedRows().size());
    }

    @Test
    void serializableIsRejectedWithFeatureNotSupported() {
        assertSqlState(TransactionException.FEATURE_NOT_SUPPORTED, () -> s1.begin(IsolationLevel.SERIALIZABLE));
        assertNull(s1.transaction());
    }

    @Test
    void repeatableReadMapsToSnapshot() {
        assertEquals(IsolationLevel.SNAPSHOT, s1.begin(IsolationLevel.REPEATABLE_READ).isolation());
    }
}
