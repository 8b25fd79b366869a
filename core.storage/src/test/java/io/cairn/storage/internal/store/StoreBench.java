package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

/** A rough throughput probe (not a test): {@code java -cp ... StoreBench [dir]}. */
public final class StoreBench {

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("cairn-bench");
        int n = 200_000;
        byte[] value = new byte[100];
        try (Storage s = Storage.open(dir, StorageOptions.defaults())) {
            Tree t = s.createTree("bench");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                t.put(ByteBuffer.allocate(16).putLong(i).putLong(~i).array(), value);
                if (i % 1000 == 999) {
                    s.commit(null);
                }
            }
            s.commit(null);
            report("put, commit every 1000", n, t0);
            Random rnd = new Random(1);
            byte[][] keys = new byte[4096][];
            for (int i = 0; i < keys.length; i++) {
                int k = rnd.nextInt(n);
                keys[i] = ByteBuffer.allocate(16).putLong(k).putLong(~k).array();
            }
            for (int round = 0; round < 2; round++) {
                t0 = System.nanoTime();
                for (int i = 0; i < 2_000_000; i++) {
                    if (t.get(keys[i & 4095]) == null) {
                        throw new AssertionError();
                    }
                }
                report("random get (cached)", 2_000_000, t0);
            }
            t0 = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                t.put(keys[i], value);
                s.commit(null);
            }
            report("single-thread commit (1 put + fsync)", 500, t0);
            int threads = 8;
            AtomicLong done = new AtomicLong();
            Thread[] ts = new Thread[threads];
            t0 = System.nanoTime();
            for (int th = 0; th < threads; th++) {
                int base = th;
                ts[th] = new Thread(() -> {
                    for (int i = 0; i < 250; i++) {
                        t.put(keys[(base * 250 + i) & 4095], value);
                        s.commit(null);
                        done.incrementAndGet();
                    }
                });
                ts[th].start();
            }
            for (Thread th : ts) {
                th.join();
            }
            report(threads + "-thread commits (group commit)", done.get(), t0);
            System.out.println(s.stats());
        }
    }

    private static void report(String what, long ops, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-40s %,12.0f ops/s (%d ops in %.2f s)%n", what, ops / secs, ops, secs);
    }
}
