package io.cairn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.cairn.storage.Cursor;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

/**
 * Sequential read-ahead: a full scan of a tree several times the buffer pool, each in a freshly
 * opened store (a cold pool; the OS page cache stays warm, so this measures system calls and CPU,
 * not the disk), with read-ahead off and on, alternating. Three trees of the same entries: bulk
 * loaded ({@link Tree#load}, leaves adjacent in the file), put in ascending key order (as an
 * INSERT-loaded table) and put in random order (leaves scattered). Reports per scan the wall time,
 * the scanning thread's CPU time (and the part spent in the kernel), the process's read system calls ({@code syscr} of
 * {@code /proc/self/io}, Linux only) and the pool's pages read.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.cairn.bench.ScanReadAheadBench [--pool-mib 16] [--table-mib 64] [--reps 3] [--dir D]</pre>
 */
public final class ScanReadAheadBench {

    /** One scan: what it returned and cost. */
    public record Result(String tree, int readAheadPages, long entries, double seconds, double cpuSeconds, double sysSeconds,
                         long readCalls, long pagesRead) {
    }

    private static final int VALUE = 200;

    private ScanReadAheadBench() {
    }

    public static void main(String[] args) throws IOException {
        long poolMiB = 16;
        long tableMiB = 64;
        int reps = 3;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pool-mib" -> poolMiB = Long.parseLong(args[++i]);
                case "--table-mib" -> tableMiB = Long.parseLong(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --pool-mib, --table-mib, --reps, --dir");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory(Paths.get(System.getProperty("cairn.bench.dir",
                    System.getProperty("java.io.tmpdir"))), "readahead");
        }
        List<Result> results = run(dir, poolMiB << 20, tableMiB << 20, reps);
        System.out.printf(Locale.ROOT, "pool %d MiB, %d MiB of entries per tree, %d reps%n", poolMiB, tableMiB, reps);
        System.out.println("| tree | read-ahead | entries | wall s | CPU s | of which system | read syscalls | pages read |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.3f | %.3f | %.3f | %,d | %,d |%n", r.tree(),
                    r.readAheadPages(), r.entries(), r.seconds(), r.cpuSeconds(), r.sysSeconds(), r.readCalls(),
                    r.pagesRead());
        }
    }

    /** Builds the trees in {@code dir}, then scans each {@code reps} times per setting, off and on alternating. */
    public static List<Result> run(Path dir, long poolBytes, long tableBytes, int reps) throws IOException {
        int rows = (int) (tableBytes / (VALUE + 8 + 10));
        StorageOptions options = StorageOptions.defaults().withBufferPoolBytes(poolBytes);
        try (Storage s = Storage.open(dir, options)) {
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                keys.add(Keys.key(i));
            }
            Tree loaded = s.createTree("loaded");
            java.util.Iterator<byte[]> it = keys.iterator();
            byte[] value = new byte[VALUE];
            loaded.load(new Cursor() {
                byte[] k;

                @Override
                public boolean next() {
                    k = it.hasNext() ? it.next() : null;
                    return k != null;
                }

                @Override
                public byte[] key() {
                    return k;
                }

                @Override
                public byte[] value() {
                    return value;
                }

                @Override
                public void close() {
                }
            }, 90);
            s.commit(null);
            Tree ascending = s.createTree("ascending");
            for (int i = 0; i < rows; i++) {
                ascending.put(keys.get(i), value);
                if (i % 10_000 == 0) {
                    s.commit(null);
                }
            }
            s.commit(null);
            Tree random = s.createTree("random");
            SplittableRandom rnd = new SplittableRandom(42);
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            for (int i = rows - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < rows; i++) {
                random.put(keys.get(order[i]), value);
                if (i % 10_000 == 0) {
                    s.commit(null);
                }
            }
            s.commit(null);
        }
        List<Result> out = new ArrayList<>();
        for (String tree : List.of("loaded", "ascending", "random")) {
            for (int rep = 0; rep < reps; rep++) {
                for (int window : new int[] {0, StorageOptions.DEFAULT_READ_AHEAD_PAGES}) {
                    out.add(scan(dir, options.withReadAheadPages(window), tree, rows));
                }
            }
        }
        return out;
    }

    private static Result scan(Path dir, StorageOptions options, String name, int rows) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Storage s = Storage.open(dir, options)) {
            Tree t = s.openTree(name);
            long reads0 = s.stats().bufferPool().reads();
            long sys0 = readSyscalls();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long user0 = mx.getCurrentThreadUserTime();
            long t0 = System.nanoTime();
            long n = 0;
            long check = 0;
            try (Cursor c = t.cursor(null, true, null, true, false)) {
                while (c.next()) {
                    check += ByteBuffer.wrap(c.key()).getLong();
                    n++;
                }
            }
            long t1 = System.nanoTime();
            long cpu1 = mx.getCurrentThreadCpuTime();
            long user1 = mx.getCurrentThreadUserTime();
            long sys1 = readSyscalls();
            if (n != rows || check != (long) rows * (rows - 1) / 2) {
                throw new IllegalStateException(name + ": scan returned " + n + " entries, expected " + rows);
            }
            return new Result(name, options.readAheadPages(), n, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9,
                    ((cpu1 - cpu0) - (user1 - user0)) / 1e9,
                    sys1 < 0 ? -1 : sys1 - sys0, s.stats().bufferPool().reads() - reads0);
        }
    }

    /** The process's read system calls so far ({@code syscr}), or -1 where /proc/self/io is missing. */
    public static long readSyscalls() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/io"))) {
                if (line.startsWith("syscr:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
