package io.cairn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageStats;
import io.cairn.storage.Tree;

/**
 * Recovery time: a child JVM writes and commits random puts until N MiB of log lie past the
 * checkpoint (automatic checkpoints off), reports, and is killed with SIGKILL; this JVM then
 * times {@link Storage#open} (redo of that log) and checks the tree holds what the child committed.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.cairn.bench.RecoveryBench [--mib 1024] [--keys 1000000] [--dir D]</pre>
 */
public final class RecoveryBench {

    private static final String CHILD = "--child";
    private static final String READY = "READY";
    private static final int PUTS_PER_COMMIT = 1000;
    private static final int VALUE_SIZE = 100;

    /** What one run measured. */
    public record Result(long walBytes, long walFileBytes, double seconds, long groupsRecovered,
                         long keysCommitted, long keysAfterRecovery, double secondsToFirstGroup, double secondsAfterLastGroup) {

        public double walMiB() {
            return walBytes / (double) (1 << 20);
        }

        public double mibPerSecond() {
            return walMiB() / seconds;
        }
    }

    private RecoveryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            writeLogAndWait(Paths.get(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            return;
        }
        long mib = 1024;
        int keys = 1_000_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Paths.get(args[++i]);
                default -> {
                    System.err.println("usage: RecoveryBench [--mib N (default 1024)] [--keys N (default 1000000)] [--dir D]");
                    System.exit(2);
                }
            }
        }
        Path work = dir != null ? Files.createDirectories(dir) : Engines.scratchDir("recovery");
        try {
            Result r = run(work.resolve("db"), mib, keys);
            System.out.printf(Locale.ROOT, "WAL to redo: %.1f MiB (%.1f MiB of segment files), %d log groups%n",
                    r.walMiB(), r.walFileBytes() / (double) (1 << 20), r.groupsRecovered());
            System.out.printf(Locale.ROOT, "Storage.open: %.3f s, %.1f MiB/s; keys committed %d, found %d%n",
                    r.seconds(), r.mibPerSecond(), r.keysCommitted(), r.keysAfterRecovery());
            System.out.printf(Locale.ROOT, "  until the first group was redone %.3f s, after the last %.3f s%n",
                    r.secondsToFirstGroup(), r.secondsAfterLastGroup());
            if (r.keysCommitted() != r.keysAfterRecovery()) {
                System.out.println("MISMATCH: recovery lost or invented keys");
                System.exit(1);
            }
        } finally {
            Engines.delete(work);
        }
    }

    /** Writes {@code mib} MiB of log in a child JVM, kills it, and times the reopen in this one. */
    public static Result run(Path db, long mib, int keys) throws IOException, InterruptedException {
        long[] child = writeInKilledChild(db, mib, keys);
        AtomicLong groups = new AtomicLong();
        long[] firstLast = new long[2];
        StorageOptions options = StorageOptions.defaults().withRecoveryListener((lsn, payload) -> {
            // Phase marks: before the first group is opening the log; after the last, syncing and checkpointing.
            long now = System.nanoTime();
            if (groups.getAndIncrement() == 0) {
                firstLast[0] = now;
            }
            firstLast[1] = now;
        });
        long walFiles = sizeOf(db.resolve("wal"));
        long t0 = System.nanoTime();
        Storage storage = Storage.open(db, options);
        long t1 = System.nanoTime();
        try {
            long found = storage.openTree(CairnStore.TREE).count();
            boolean any = groups.get() > 0;
            return new Result(child[0], walFiles, (t1 - t0) / 1e9, groups.get(), child[1], found,
                    any ? (firstLast[0] - t0) / 1e9 : 0, any ? (t1 - firstLast[1]) / 1e9 : 0);
        } finally {
            storage.close();
        }
    }

    /** Returns {log bytes past the redo point, keys in the tree} as the child reported them. */
    private static long[] writeInKilledChild(Path db, long mib, int keys) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                RecoveryBench.class.getName(), CHILD, db.toString(), Long.toString(mib), Integer.toString(keys)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(READY + " ")) {
                    String[] f = line.split(" ");
                    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
                }
            }
            throw new IllegalStateException("the child writing the log exited with " + p.waitFor() + " before it was ready");
        } finally {
            p.destroyForcibly();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child writing the log did not die");
            }
        }
    }

    /** Child side: commit random puts until enough log lies past the redo point, say so, then wait to be killed. */
    private static void writeLogAndWait(Path db, long mib, int keys) throws InterruptedException {
        // Automatic checkpoints off, so the whole log stays to be redone.
        Storage storage = Storage.open(db, StorageOptions.defaults().withCheckpointWalBytes(Long.MAX_VALUE));
        Tree tree = storage.createTree(CairnStore.TREE);
        SplittableRandom random = new SplittableRandom(42);
        long target = mib << 20;
        StorageStats s = storage.stats();
        while (s.walEndLsn() - s.checkpointRedoLsn() < target) {
            for (int i = 0; i < PUTS_PER_COMMIT; i++) {
                long k = random.nextLong(keys);
                tree.put(Keys.key(k), Keys.value(k, VALUE_SIZE));
            }
            storage.commit(null);
            s = storage.stats();
        }
        System.out.println(READY + " " + (s.walEndLsn() - s.checkpointRedoLsn()) + " " + tree.count());
        System.out.flush();
        Thread.sleep(TimeUnit.HOURS.toMillis(1));
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
