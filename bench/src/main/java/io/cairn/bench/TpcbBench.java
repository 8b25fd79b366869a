package io.cairn.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.RowCursor;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionException;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;

/**
 * A TPC-B-like workload at the transaction API, pgbench's default script: each transaction
 * updates one account, teller and branch (READ COMMITTED, SELECT FOR UPDATE style) and inserts a
 * history row. Runs 1, 2, 4 and 8 threads and prints txn/s and p50/p99 commit latency next to the
 * store's own fsync floor measured in the same run.
 * <pre>java -cp bench/target/benchmarks.jar io.cairn.bench.TpcbBench [--seconds 15] [--accounts 100000] [--dir D]</pre>
 */
public final class TpcbBench {

    /** What one thread count achieved. */
    public record Result(int threads, long transactions, double seconds, double p50Millis, double p99Millis,
            long failed) {
        double perSecond() {
            return transactions / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d threads: %.0f txn/s, commit latency p50 %.2f ms, p99 %.2f ms (p99/p50 %.1f), %d failed",
                    threads, perSecond(), p50Millis, p99Millis, p50Millis == 0 ? 0 : p99Millis / p50Millis, failed);
        }
    }

    private final TransactionManager tm;
    private final int accounts;
    private final int tellers;
    private final int branches;
    private final AtomicLong historyId = new AtomicLong();

    TpcbBench(TransactionManager tm, int accounts) {
        this.tm = tm;
        this.accounts = accounts;
        this.branches = Math.max(1, accounts / 100_000 * 16);
        this.tellers = branches * 10;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 15;
        int accounts = 100_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--accounts" -> accounts = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --seconds N, --accounts N, --dir D");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("cairn-tpcb");
        }
        try (TransactionManager tm = TransactionManager.open(dir,
                StorageOptions.defaults().withBufferPoolBytes(256L << 20), TransactionOptions.defaults())) {
            TpcbBench bench = new TpcbBench(tm, accounts);
            bench.load();
            System.out.println(fsyncFloor(tm.storage(), 500));
            for (int threads : new int[] {1, 2, 4, 8}) {
                long fsyncs = tm.storage().stats().walFsyncs();
                Result r = bench.run(threads, seconds);
                fsyncs = tm.storage().stats().walFsyncs() - fsyncs;
                // fsyncs per transaction: how many commits each group commit carried
                System.out.println(r + String.format(", %.3f WAL fsyncs/txn",
                        r.transactions() == 0 ? 0.0 : (double) fsyncs / r.transactions()));
            }
        }
    }

    void load() {
        for (String t : new String[] {"branch", "teller", "account", "history"}) {
            tm.createTable(t);
        }
        Session s = tm.openSession("load", null);
        Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
        for (int i = 0; i < branches; i++) {
            t.put("branch", key(i), val(0));
        }
        for (int i = 0; i < tellers; i++) {
            t.put("teller", key(i), val(0));
        }
        for (int i = 0; i < accounts; i++) {
            t.put("account", key(i), val(0));
            if (i % 10_000 == 9_999) {
                t.commit();
                t = s.begin(IsolationLevel.READ_COMMITTED);
            }
        }
        t.commit();
        s.close();
    }

    /** One put and a durable commit per iteration on the bare store: the floor the layer sits on. */
    static String fsyncFloor(Storage storage, int n) {
        Tree t = storage.createTree("fsync.floor");
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
        return String.format("store fsync floor (1 put + durable commit, 1 thread): %.0f commits/s, p50 %.2f ms, p99 %.2f ms",
                rate, lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6);
    }

    Result run(int threads, double seconds) throws InterruptedException {
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            int id = w;
            workers[w] = new Thread(() -> {
                Random rnd = new Random(42 + id);
                Session s = tm.openSession("tpcb" + id, null);
                long[] lat = new long[1 << 12];
                int n = 0;
                while (System.nanoTime() < end) {
                    int account = rnd.nextInt(accounts);
                    int teller = rnd.nextInt(tellers);
                    int branch = teller / 10;
                    long delta = rnd.nextInt(10_000) - 5_000;
                    long t0 = System.nanoTime();
                    try (Transaction t = s.begin(IsolationLevel.READ_COMMITTED)) {
                        t.put("account", key(account), val(valOf(t.getForUpdate("account", key(account))) + delta));
                        t.put("teller", key(teller), val(valOf(t.getForUpdate("teller", key(teller))) + delta));
                        t.put("branch", key(branch), val(valOf(t.getForUpdate("branch", key(branch))) + delta));
                        t.insert("history", longKey(historyId.incrementAndGet()), val(delta));
                        t.commit();
                    } catch (TransactionException e) {
                        failed.incrementAndGet(); // deadlock victims and lock timeouts; pgbench counts them too
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
            }, "tpcb-" + id);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        Latencies all = Latencies.merge(latencies, counts);
        tm.vacuum();
        return new Result(threads, all.count(), seconds, all.millis(0.5), all.millis(0.99), failed.get());
    }

    /** Sum of a table's balances in one snapshot: the invariant every committed transfer keeps equal across tables. */
    long total(String table) {
        Session s = tm.openSession("audit", null);
        try (Transaction t = s.begin(IsolationLevel.SNAPSHOT); RowCursor c = t.scan(table, null, true, null, true, false)) {
            long sum = 0;
            while (c.next()) {
                sum += valOf(c.value());
            }
            return sum;
        } finally {
            s.close();
        }
    }

    static byte[] key(int k) {
        return ByteBuffer.allocate(4).putInt(k ^ Integer.MIN_VALUE).array();
    }

    static byte[] longKey(long k) {
        return ByteBuffer.allocate(8).putLong(k ^ Long.MIN_VALUE).array();
    }

    static byte[] val(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long valOf(byte[] v) {
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }
}
