package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.keyOf;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Savepoint;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * Interleaves random transactions on one thread (NOWAIT locks) and checks every read, scan, AS
 * OF read, conflict and commit against a model of committed states by SCN; vacuums and restarts
 * on the way.
 */
class MvccModelTest {

    private static final int KEYS = 24;
    private static final Long DELETED = Long.MIN_VALUE;

    @TempDir
    Path dir;

    private static final class Txn {
        final Transaction t;
        final IsolationLevel level;
        final Map<Integer, Long> writes = new HashMap<>();
        final Set<Integer> locked = new HashSet<>();
        final ArrayDeque<Object[]> savepoints = new ArrayDeque<>();

        Txn(Transaction t, IsolationLevel level) {
            this.t = t;
            this.level = level;
        }
    }

    private final TreeMap<Long, Map<Integer, Long>> history = new TreeMap<>();
    private final Map<Integer, Long> lastWriteScn = new HashMap<>();
    private final List<Txn> open = new ArrayList<>();

    private Map<Integer, Long> committedAt(long scn) {
        Map.Entry<Long, Map<Integer, Long>> e = history.floorEntry(scn);
        return e == null ? Map.of() : e.getValue();
    }

    private Map<Integer, Long> visible(Txn x, TransactionManagerImpl tm) {
        long snap = x.level == IsolationLevel.SNAPSHOT ? x.t.snapshotScn() : tm.currentScn();
        Map<Integer, Long> m = new TreeMap<>(committedAt(snap));
        x.writes.forEach((k, v) -> {
            if (v.equals(DELETED)) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        return m;
    }

    private static Map<Integer, Long> scanAll(Transaction t) {
        Map<Integer, Long> m = new TreeMap<>();
        try (RowCursor c = t.scan("m", null, true, null, true, false)) {
            while (c.next()) {
                m.put(keyOf(c.key()), valOf(c.value()));
            }
        }
        return m;
    }

    private boolean lockedByOther(Txn x, int k) {
        for (Txn o : open) {
            if (o != x && o.locked.contains(k)) {
                return true;
            }
        }
        return false;
    }

    private TransactionManagerImpl open() {
        return TxnTesting.open(dir, TxnTesting.options().withLockTimeout(Duration.ZERO));
    }

    @Test
    void randomInterleavingsMatchTheModel() {
        int steps = TxnTesting.LONG ? 200_000 : 6_000;
        Random rnd = new Random(20261125);
        TransactionManagerImpl tm = open();
        tm.createTable("m");
        Session session = tm.openSession("model", null);
        history.put(tm.currentScn(), Map.of());
        long counter = 0;
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(100);
            if (open.isEmpty() || (op < 8 && open.size() < 4)) {
                IsolationLevel level = rnd.nextBoolean() ? IsolationLevel.SNAPSHOT : IsolationLevel.READ_COMMITTED;
                open.add(new Txn(tm.openSession("u", null).begin(level), level));
                continue;
            }
            Txn x = open.get(rnd.nextInt(open.size()));
            int k = rnd.nextInt(KEYS);
            if (op < 30) {
                Long expected = visible(x, tm).get(k);
                assertEquals(expected, valOf(x.t.get("m", key(k))), "get " + k + " in " + x.t);
            } else if (op < 60) {
                long v = ++counter;
                int kind = rnd.nextInt(4);
                Map<Integer, Long> latest = new HashMap<>(committedAt(Long.MAX_VALUE));
                x.writes.forEach((kk, vv) -> latest.put(kk, vv));
                boolean exists = latest.get(k) != null && !latest.get(k).equals(DELETED);
                try {
                    boolean result = true;
                    if (kind == 0) {
                        result = x.t.insert("m", key(k), val(v));
                    } else if (kind == 1) {
                        result = x.t.delete("m", key(k));
                    } else if (kind == 2) {
                        Long got = valOf(x.t.getForUpdate("m", key(k)));
                        assertEquals(exists ? latest.get(k) : null, got, "getForUpdate " + k);
                    } else {
                        x.t.put("m", key(k), val(v));
                    }
                    if (lockedByOther(x, k)) {
                        fail("expected 55P03 on a row another transaction locked");
                    }
                    if (x.level == IsolationLevel.SNAPSHOT && !x.writes.containsKey(k)
                            && lastWriteScn.getOrDefault(k, 0L) > x.t.snapshotScn()) {
                        fail("expected 40001 for row " + k);
                    }
                    x.locked.add(k);
                    if (kind == 0) {
                        assertEquals(!exists, result, "insert " + k);
                        if (result) {
                            x.writes.put(k, v);
                        }
                    } else if (kind == 1) {
                        assertEquals(exists, result, "delete " + k);
                        if (result) {
                            x.writes.put(k, DELETED);
                        }
                    } else if (kind == 3) {
                        x.writes.put(k, v);
                    }
                } catch (TransactionException e) {
                    if (lockedByOther(x, k)) {
                        assertEquals(TransactionException.LOCK_NOT_AVAILABLE, e.sqlState(), e.getMessage());
                    } else {
                        assertEquals(TransactionException.SERIALIZATION_FAILURE, e.sqlState(), e.getMessage());
                        assertEquals(IsolationLevel.SNAPSHOT, x.level);
                    }
                    assertFalse(x.t.isActive());
                    open.remove(x);
                }
            } else if (op < 66) {
                assertEquals(visible(x, tm), scanAll(x.t), "scan in " + x.t);
            } else if (op < 72) {
                x.savepoints.push(new Object[] {x.t.savepoint("s"), new HashMap<>(x.writes)});
            } else if (op < 76 && !x.savepoints.isEmpty()) {
                Object[] sp = x.savepoints.pop();
                x.t.rollbackTo((Savepoint) sp[0]);
                x.writes.clear();
                @SuppressWarnings("unchecked")
                Map<Integer, Long> saved = (Map<Integer, Long>) sp[1];
                x.writes.putAll(saved);
            } else if (op < 88) {
                long before = tm.currentScn();
                long scn = x.t.commit();
                open.remove(x);
                if (x.writes.isEmpty()) {
                    assertEquals(0, scn);
                    continue;
                }
                assertEquals(before + 1, scn);
                Map<Integer, Long> state = new HashMap<>(committedAt(before));
                x.writes.forEach((kk, vv) -> {
                    if (vv.equals(DELETED)) {
                        state.remove(kk);
                    } else {
                        state.put(kk, vv);
                    }
                    lastWriteScn.put(kk, scn);
                });
                history.put(scn, state);
            } else if (op < 93) {
                x.t.rollback();
                open.remove(x);
            } else if (op < 96) {
                long h = tm.retentionHorizon();
                long s = h + (long) (rnd.nextDouble() * (tm.currentScn() - h + 1));
                Transaction asOf = session.beginAsOf(s);
                assertEquals(new TreeMap<>(committedAt(s)), scanAll(asOf), "AS OF SCN " + s);
                asOf.commit();
            } else if (op < 99) {
                tm.vacuum();
                if (tm.retentionHorizon() > 0) {
                    assertTrue(tm.versionStats().deadVersions() >= 0);
                }
            } else {
                tm.close();
                open.clear();
                tm = open();
                session = tm.openSession("model", null);
                assertEquals(history.lastKey(), tm.currentScn(), "SCN after restart");
                Transaction t = session.begin(IsolationLevel.SNAPSHOT);
                assertEquals(new TreeMap<>(committedAt(Long.MAX_VALUE)), scanAll(t));
                t.commit();
            }
        }
        tm.close();
        System.out.println("mvcc model: " + steps + " steps, " + history.size() + " commits");
    }
}
