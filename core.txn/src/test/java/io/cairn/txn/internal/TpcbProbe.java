package io.cairn.txn.internal;

import static io.cairn.txn.internal.TxnTesting.key;
import static io.cairn.txn.internal.TxnTesting.val;
import static io.cairn.txn.internal.TxnTesting.valOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.storage.Storage;
import io.cairn.storage.Tree;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;

/**
 * A rough TPC-B-like probe at the transaction API (not a test; the JMH/JDBC comparison lives in
 * bench/): {@code java -cp ... TpcbProbe [dir] [seconds]}. Each transaction updates one account,
 * teller and branch and inserts a history row, READ COMMITTED, like pgbench's default script.
 */
public final class TpcbProbe {

    static final int BRANCHES = 16;
    static final int TELLERS = BRANCHES * 10;
    static final int ACCOUNTS = 100_000;

    private TpcbProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("cairn-tpcb");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        System.out.println(run(dir, seconds));
    }

    static String run(Path dir, double seconds) throws Exception {
        StringBuilder out = new StringBuilder();
        try (TransactionManagerImpl tm = TransactionManagerImpl.open(dir,
                TxnTesting.storageOptions().withBufferPoolBytes(64L << 20), TxnTesting.options())) {
            load(tm);
            out.append(fsyncFloor(tm.storage())).append('\n');
            for (int threads : new int[] {1, 2, 4, 8}) {
                out.append(measure(tm, threads, seconds)).append('\n');
            }
        }
        return out.toString();
    }

    private static void load(TransactionManagerImpl tm) {
        for (String t : new String[] {"branch", "teller", "account", "history"}) {
            tm.createTable(t);
        }
        Session s = tm.openSession("load", null);
        Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
        for (int i = 0; i < BRANCHES; i++) {
            t.put("branch", key(i), val(0));
        }
        for (int i = 0; i < TELLERS; i++) {
            t.put("teller", key(i), val(0));
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            t.put("account", key(i), val(0));
            if (i % 10_000 == 9_999) {
                t.commit();
                t = s.begin(IsolationLevel.READ_COMMITTED);
            }
        }
        t.commit();
        s.close();
    }

    private static String fsyncFloor(Storage storage) {
        Tree t = storage.createTree("fsync.probe");
        int n = 300;
        long[] lat = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            t.put(key(i), val(i));
            storage.commit(null);
            lat[i] = System.nanoTime() - t0;
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        Arrays.sort(lat);
        return String.format("fsync floor (storage, 1 put + commit, 1 thread): %.0f commits/s, p50 %.2f ms, p99 %.2f ms",
                rate, lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6);
    }

    private static String measure(TransactionManagerImpl tm, int threads, double seconds) throws Exception {
        AtomicLong historyId = new AtomicLong((long) threads << 40);
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] ts = new Thread[threads];
        AtomicLong retries = new AtomicLong();
        for (int th = 0; th < threads; th++) {
            int id = th;
            ts[th] = new Thread(() -> {
                Random rnd = new Random(42 + id);
                Session s = tm.openSession("tpcb" + id, null);
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    int a = rnd.nextInt(ACCOUNTS);
                    int tl = rnd.nextInt(TELLERS);
                    int b = tl / 10;
                    long delta = rnd.nextInt(10_000) - 5_000;
                    long t0 = System.nanoTime();
                    try (Transaction t = s.begin(IsolationLevel.READ_COMMITTED)) {
                        t.put("account", key(a), val(valOf(t.getForUpdate("account", key(a))) + delta));
                        t.put("teller", key(tl), val(valOf(t.getForUpdate("teller", key(tl))) + delta));
                        t.put("branch", key(b), val(valOf(t.getForUpdate("branch", key(b))) + delta));
                        t.insert("history", val(historyId.incrementAndGet()), val(delta));
                        t.commit();
                    } catch (TransactionException e) {
                        retries.incrementAndGet();
                        continue;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                latencies[id] = lat;
                counts[id] = n;
                s.close();
            });
            ts[th].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int th = 0; th < threads; th++) {
            System.arraycopy(latencies[th], 0, all, at, counts[th]);
            at += counts[th];
        }
        Arrays.sort(all);
        double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
        double p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6;
        tm.vacuum();
        return String.format("%d threads: %.0f txn/s, commit latency p50 %.2f ms, p99 %.2f ms (%d failed)", threads,
                total / seconds, p50, p99, retries.get());
    }
}
