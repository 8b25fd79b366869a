package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.val;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/** The bank invariant: money only moves, in every snapshot, and after kill -9 and recovery. */
class BankTransferTest {

    private static final long TOTAL = BankWorkload.ACCOUNT_COUNT * BankWorkload.OPENING_BALANCE;

    @TempDir
    Path dir;

    @Test
    void eightTellersWithAbortsAndDeadlocksNeverChangeTheTotalInAnySnapshot() throws Exception {
        long transfersPerThread = TxnTesting.LONG ? 20_000 : 400;
        try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
            BankWorkload.setUp(tm);
            BankWorkload w = new BankWorkload();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Set<Long> acked = ConcurrentHashMap.newKeySet();
            List<Thread> tellers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int id = i;
                Thread th = new Thread(() -> {
                    try {
                        w.run(tm, id, 20261125L, stop, transfersPerThread, acked::add);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                tellers.add(th);
                th.start();
            }
            Session auditor = tm.openSession("auditor", null);
            Random rnd = new Random(7);
            long audits = 0;
            List<Long> scns = new ArrayList<>();
            while (tellers.stream().anyMatch(Thread::isAlive)) {
                try (Transaction t = auditor.begin(rnd.nextBoolean() ? IsolationLevel.SNAPSHOT : IsolationLevel.READ_COMMITTED)) {
                    auditor.beginStatement("SELECT sum(balance) FROM account");
                    assertEquals(TOTAL, BankWorkload.total(t), "total at SCN " + t.snapshotScn());
                    auditor.endStatement();
                    scns.add(t.snapshotScn());
                }
                long past = scns.get(rnd.nextInt(scns.size()));
                if (past >= tm.retentionHorizon()) {
                    try (Transaction asOf = auditor.beginAsOf(past)) {
                        assertEquals(TOTAL, BankWorkload.total(asOf), "total as of SCN " + past);
                    } catch (TransactionException e) {
                        assertEquals(TransactionException.SNAPSHOT_TOO_OLD, e.sqlState());
                    }
                }
                if (++audits % 50 == 0) {
                    tm.vacuum();
                }
                Thread.sleep(1);
            }
            if (failure.get() != null) {
                throw new AssertionError("a teller failed", failure.get());
            }
            System.out.println("bank: " + w.commits + " commits, " + w.aborts + " aborts, " + w.deadlocks
                    + " deadlocks, " + w.conflicts + " conflicts, " + w.timeouts + " timeouts, " + audits + " audits");
            assertTrue(w.deadlocks.get() > 0, "the workload produced deadlocks");
            assertTrue(w.aborts.get() > 0);
            assertEquals(w.deadlocks.get(), tm.locks().deadlocks());
            assertEquals(0, tm.locks().locksHeld());
            Transaction t = auditor.begin(IsolationLevel.SNAPSHOT);
            assertEquals(TOTAL, BankWorkload.total(t));
            for (long id : acked) {
                assertNotNull(t.get(BankWorkload.JOURNAL, val(id)), "journal " + id);
            }
            t.commit();
        }
    }

    @Test
    void killNineKeepsTheTotalAndEveryAcknowledgedTransfer() throws Exception {
        int kills = TxnTesting.LONG ? 100 : 4;
        Random rnd = new Random(20261125);
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Set<Long> shown = ConcurrentHashMap.newKeySet();
        long recoveredTotal = 0;
        for (int cycle = 0; cycle < kills; cycle++) {
            CountDownLatch ready = new CountDownLatch(1);
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    BankWorkload.class.getName(), dir.toString(), Long.toString(1000 + cycle)).start();
            StringBuilder err = new StringBuilder();
            Thread out = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            acked.add(Long.parseLong(line.substring(4)));
                        } else if (line.startsWith("SAW ")) {
                            shown.add(Long.parseLong(line.substring(4)));
                        } else if (line.equals("READY")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // killed
                }
            });
            Thread errReader = new Thread(() -> {
                try {
                    err.append(new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // killed
                }
            });
            out.start();
            errReader.start();
            boolean started = ready.await(30, TimeUnit.SECONDS);
            if (started) {
                Thread.sleep(300 + rnd.nextInt(400));
            }
            child.destroyForcibly();
            child.waitFor();
            out.join();
            errReader.join();
            assertTrue(started, () -> "child did not start: " + err);
            assertTrue(!err.toString().contains("Exception"), () -> "child failed: " + err);

            try (TransactionManagerImpl tm = TxnTesting.open(dir)) {
                Transaction t = tm.openSession("check", null).begin(IsolationLevel.SNAPSHOT);
                recoveredTotal = BankWorkload.total(t);
                assertEquals(TOTAL, recoveredTotal, "total after kill " + cycle);
                for (long id : acked) {
                    assertNotNull(t.get(BankWorkload.JOURNAL, val(id)), "acknowledged transfer " + id + " after kill " + cycle);
                }
                for (long id : shown) {
                    assertNotNull(t.get(BankWorkload.JOURNAL, val(id)), "transfer " + id + " a reader was shown, after kill "
                            + cycle);
                }
                t.commit();
            }
        }
        System.out.println("bank crash: " + kills + " kills, " + acked.size() + " acknowledged transfers, "
                + shown.size() + " shown to a reader");
        assertTrue(acked.size() > kills, "transfers were acknowledged between kills");
        assertTrue(shown.size() > kills, "a reader was shown transfers between kills");
    }
}
