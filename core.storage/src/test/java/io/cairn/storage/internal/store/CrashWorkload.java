package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;

import io.cairn.storage.CheckpointMode;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

/**
 * The child process of {@link CrashRecoveryTest}: commits numbered batches of random changes
 * forever and prints "ACK n" once commit n has returned. The changes of commit n depend only on
 * the seed and n, so the test can rebuild the expected state of any commit.
 */
public final class CrashWorkload {

    static final String[] TREES = {"a", "b"};
    static final byte[] SEQ = "seq".getBytes();

    private CrashWorkload() {
    }

    /**
     * The workloads: {@code mixed} (a tiny pool, values of every size, all kinds of maintenance) and
     * {@code deltas} (small in-place updates on a larger pool, so most log records are page deltas,
     * with frequent passive checkpoints that make pages start again from a full image).
     */
    static final String MIXED = "mixed";
    static final String DELTAS = "deltas";

    static StorageOptions options() {
        return options(MIXED);
    }

    static StorageOptions options(String profile) {
        if (DELTAS.equals(profile)) {
            return StorageOptions.defaults().withBufferPoolBytes(512 * 8192).withWalSegmentBytes(64 << 10)
                    .withCheckpointWalBytes(256 << 10);
        }
        return StorageOptions.defaults().withBufferPoolBytes(48 * 8192).withWalSegmentBytes(64 << 10)
                .withCheckpointWalBytes(1 << 20);
    }

    /** Applies commit {@code n}'s changes to a model (tree name → key → value). */
    static void applyToModel(long seed, long n, java.util.Map<String, TreeMap<Integer, byte[]>> model) {
        applyToModel(MIXED, seed, n, model);
    }

    static void applyToModel(String profile, long seed, long n, java.util.Map<String, TreeMap<Integer, byte[]>> model) {
        changes(profile, seed, n, (tree, k, v) -> {
            TreeMap<Integer, byte[]> m = model.computeIfAbsent(tree, x -> new TreeMap<>());
            if (v == null) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
    }

    interface Change {
        void apply(String tree, int key, byte[] valueOrNull);
    }

    static void changes(String profile, long seed, long n, Change c) {
        Random rnd = new Random(seed * 1_000_003L + n);
        if (DELTAS.equals(profile)) {
            // 2,000 keys of 20-40 bytes (about 20 leaves per tree): updates change a few bytes of a page
            int ops = 1 + rnd.nextInt(8);
            for (int i = 0; i < ops; i++) {
                String tree = TREES[rnd.nextInt(TREES.length)];
                int k = rnd.nextInt(2000);
                if (rnd.nextInt(20) == 0) {
                    c.apply(tree, k, null);
                } else {
                    byte[] v = new byte[20 + rnd.nextInt(2) * 20];
                    rnd.nextBytes(v);
                    c.apply(tree, k, v);
                }
            }
            return;
        }
        int ops = 1 + rnd.nextInt(20);
        for (int i = 0; i < ops; i++) {
            String tree = TREES[rnd.nextInt(TREES.length)];
            int k = rnd.nextInt(600);
            if (rnd.nextInt(4) == 0) {
                c.apply(tree, k, null);
            } else {
                byte[] v = new byte[rnd.nextInt(16) == 0 ? 3000 + rnd.nextInt(6000) : rnd.nextInt(120)];
                rnd.nextBytes(v);
                c.apply(tree, k, v);
            }
        }
    }

    static byte[] key(int k) {
        return ByteBuffer.allocate(4).putInt(k).array();
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        String profile = args.length > 2 ? args[2] : MIXED;
        Storage s = Storage.open(dir, options(profile));
        for (String t : TREES) {
            if (!s.treeNames().contains(t)) {
                s.createTree(t);
            }
        }
        if (!s.treeNames().contains("meta")) {
            s.createTree("meta");
        }
        s.commit(null);
        Tree meta = s.openTree("meta");
        byte[] seqValue = meta.get(SEQ);
        long n = seqValue == null ? 0 : ByteBuffer.wrap(seqValue).getLong();
        System.out.println("READY " + n);
        System.out.flush();
        while (true) {
            n++;
            changes(profile, seed, n, (tree, k, v) -> {
                Tree t = s.openTree(tree);
                if (v == null) {
                    t.remove(key(k));
                } else {
                    t.put(key(k), v);
                }
            });
            byte[] nb = ByteBuffer.allocate(8).putLong(n).array();
            meta.put(SEQ, nb);
            s.commit(nb);
            System.out.println("ACK " + n);
            System.out.flush();
            if (DELTAS.equals(profile)) {
                if (n % 50 == 0) {
                    s.checkpoint(CheckpointMode.PASSIVE);
                }
                if (n % 10 == 0) {
                    System.out.println("DELTAS " + ((PageStore) s).deltasLogged.get() + " " + s.stats().pagesLogged());
                    System.out.flush();
                }
            } else if (n % 25 == 0) {
                maintenance(s, n);
            }
        }
    }

    /** Work that must not change the trees' contents, so the kill can also land inside it. */
    private static void maintenance(Storage s, long n) {
        switch ((int) (n / 25 % 4)) {
            case 0 -> s.checkpoint(CheckpointMode.TRUNCATE);
            case 1 -> {
                Tree tmp = s.treeNames().contains("tmp") ? s.openTree("tmp") : s.createTree("tmp");
                for (int i = 0; i < 400; i++) {
                    tmp.put(key(i), new byte[200]);
                }
                s.logPoint(null);
            }
            case 2 -> {
                if (s.treeNames().contains("tmp")) {
                    s.dropTree("tmp");
                }
            }
            default -> s.compact();
        }
    }
}
