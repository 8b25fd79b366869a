package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Savepoint;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionManager;

/**
 * Money moving between accounts: each transfer locks two accounts in random order (so
 * deadlocks happen), sometimes aborts or rolls back to a savepoint, and journals itself under a
 * unique id. Run in-process by {@link BankTransferTest} and as the child JVM its crash test kills,
 * where every acknowledged journal id is printed as "ACK id".
 */
public final class BankWorkload {

    static final String ACCOUNTS = "account";
    static final String JOURNAL = "journal";
    static final int ACCOUNT_COUNT = 12;
    static final long OPENING_BALANCE = 1000;

    final AtomicLong commits = new AtomicLong();
    final AtomicLong aborts = new AtomicLong();
    final AtomicLong deadlocks = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();

    /** Creates and funds the accounts unless they exist. */
    static void setUp(TransactionManager tm) {
        if (tm.tables().contains(ACCOUNTS)) {
            return;
        }
        tm.createTable(ACCOUNTS);
        tm.createTable(JOURNAL);
        Session s = tm.openSession("setup", null);
        Transaction t = s.begin(IsolationLevel.SNAPSHOT);
        for (int i = 0; i < ACCOUNT_COUNT; i++) {
            t.put(ACCOUNTS, key(i), val(OPENING_BALANCE));
        }
        t.commit();
        s.close();
    }

    static long total(Transaction t) {
        long sum = 0;
        int n = 0;
        try (RowCursor c = t.scan(ACCOUNTS, null, true, null, true, false)) {
            while (c.next()) {
                sum += valOf(c.value());
                n++;
            }
        }
        if (n != ACCOUNT_COUNT) {
            throw new AssertionError("saw " + n + " accounts");
        }
        return sum;
    }

    /** One thread's transfers until {@code stop}; {@code onCommit} gets each committed journal id. */
    void run(TransactionManager tm, int thread, long seed, AtomicBoolean stop, long maxTransfers,
            java.util.function.LongConsumer onCommit) {
        Random rnd = new Random(seed * 31 + thread);
        Session s = tm.openSession("teller" + thread, "bank");
        long seq = 0;
        while (!stop.get() && seq < maxTransfers) {
            seq++;
            // unique across child JVMs too: each run has its own seed
            long journalId = ((seed & 0x7FFF) << 48) | ((long) thread << 40) | seq;
            IsolationLevel level = rnd.nextBoolean() ? IsolationLevel.SNAPSHOT : IsolationLevel.READ_COMMITTED;
            int a = rnd.nextInt(ACCOUNT_COUNT);
            int b = (a + 1 + rnd.nextInt(ACCOUNT_COUNT - 1)) % ACCOUNT_COUNT;
            long amount = 1 + rnd.nextInt(50);
            int fate = rnd.nextInt(20);
            Transaction t = s.begin(level);
            try {
                long va = valOf(t.getForUpdate(ACCOUNTS, key(a)));
                if (fate == 1) {
                    Savepoint sp = t.savepoint("oops");
                    t.put(ACCOUNTS, key(a), val(va - 999_999));
                    t.rollbackTo(sp);
                }
                if (fate == 2 || fate == 3) {
                    // a slow teller holds its first lock a while: locks are released before the
                    // commit's fsync (early lock release), so without it lock cycles are rare
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                long vb = valOf(t.getForUpdate(ACCOUNTS, key(b)));
                t.put(ACCOUNTS, key(a), val(va - amount));
                t.put(ACCOUNTS, key(b), val(vb + amount));
                if (!t.insert(JOURNAL, val(journalId), val(amount))) {
                    throw new AssertionError("journal id " + journalId + " used twice");
                }
                if (fate == 0) {
                    t.rollback();
                    aborts.incrementAndGet();
                    continue;
                }
                t.commit();
                commits.incrementAndGet();
                onCommit.accept(journalId);
            } catch (TransactionException e) {
                switch (e.sqlState()) {
                    case TransactionException.DEADLOCK_DETECTED -> deadlocks.incrementAndGet();
                    case TransactionException.SERIALIZATION_FAILURE -> conflicts.incrementAndGet();
                    case TransactionException.LOCK_NOT_AVAILABLE -> timeouts.incrementAndGet();
                    default -> throw e;
                }
            }
        }
        s.close();
    }

    /**
     * A client that only reads: in read-only transactions, the newest journal entry of a random
     * teller, shown to {@code shown} once the transaction committed. With commits published before
     * their fsync, these are often commits that are not durable yet when read; whatever was shown
     * must survive a crash.
     */
    static void showNewestTransfers(TransactionManager tm, long seed, int tellers, java.util.function.LongConsumer shown) {
        Random rnd = new Random(seed);
        Session s = tm.openSession("auditor", "bank");
        while (true) {
            long from = ((seed & 0x7FFF) << 48) | ((long) rnd.nextInt(tellers) << 40);
            long newest = -1;
            Transaction t = s.begin(rnd.nextBoolean() ? IsolationLevel.SNAPSHOT : IsolationLevel.READ_COMMITTED);
            try (RowCursor c = t.scan(JOURNAL, val(from), true, val(from | ((1L << 40) - 1)), true, true)) {
                if (c.next()) {
                    newest = valOf(c.key());
                }
            }
            t.commit();
            if (newest >= 0) {
                shown.accept(newest);
            }
        }
    }

    /** Child JVM: args dir seed. Runs 8 tellers and a reader (its "SAW id" lines) until killed. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        TransactionManagerImpl tm = TxnTesting.open(dir);
        setUp(tm);
        BankWorkload w = new BankWorkload();
        AtomicBoolean stop = new AtomicBoolean();
        System.out.println("READY");
        System.out.flush();
        Thread auditor = new Thread(() -> showNewestTransfers(tm, seed, 8, id -> {
            synchronized (System.out) {
                System.out.println("SAW " + id);
                System.out.flush();
            }
        }));
        auditor.setDaemon(true);
        auditor.start();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            int id = i;
            threads[i] = new Thread(() -> w.run(tm, id, seed, stop, Long.MAX_VALUE, journalId -> {
                synchronized (System.out) {
                    System.out.println("ACK " + journalId);
                    System.out.flush();
                }
            }));
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
