package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.CheckpointMode;
import io.cairn.storage.Cursor;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

/** Writers, readers and checkpoints at once over a small pool: no error, and the result matches the model. */
class StoreConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void concurrentWritersReadersAndCheckpointsKeepEveryChange() throws Exception {
        int writers = 4;
        int opsPerWriter = StoreModelTest.LONG ? 40_000 : 3_000;
        StorageOptions options = StorageOptions.defaults().withBufferPoolBytes(48 * 8192).withWalSegmentBytes(128 << 10)
                .withCheckpointWalBytes(2 << 20);
        Storage s = Storage.open(dir, options);
        s.createTree("shared");
        s.createTree("other");
        s.commit(null);
        List<TreeMap<Integer, byte[]>> models = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            TreeMap<Integer, byte[]> m = new TreeMap<>();
            models.add(m);
            int id = w;
            threads.add(new Thread(() -> {
                try {
                    Random rnd = new Random(100 + id);
                    Tree shared = s.openTree("shared");
                    Tree other = s.openTree("other");
                    for (int i = 0; i < opsPerWriter; i++) {
                        int k = id * 100_000 + rnd.nextInt(1500);
                        if (rnd.nextInt(4) == 0) {
                            shared.remove(StoreModelTest.key(k));
                            m.remove(k);
                        } else {
                            byte[] v = StoreModelTest.value(rnd, k);
                            shared.put(StoreModelTest.key(k), v);
                            m.put(k, v);
                        }
                        other.put(StoreModelTest.key(rnd.nextInt(500)), new byte[rnd.nextInt(300)]);
                        if (rnd.nextInt(40) == 0) {
                            s.commit(null);
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            int id = r;
            threads.add(new Thread(() -> {
                try {
                    Random rnd = new Random(200 + id);
                    Tree shared = s.openTree("shared");
                    while (!stop.get()) {
                        shared.get(StoreModelTest.key(rnd.nextInt(writers) * 100_000 + rnd.nextInt(1500)));
                        if (rnd.nextInt(200) == 0) {
                            try (Cursor c = shared.cursor(null, true, null, true, id == 1)) {
                                int n = 0;
                                while (n++ < 300 && c.next()) {
                                    c.value();
                                }
                            }
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        Thread checkpointer = new Thread(() -> {
            try {
                CheckpointMode[] modes = CheckpointMode.values();
                for (int i = 0; !stop.get(); i++) {
                    s.checkpoint(modes[i % modes.length]);
                    Thread.sleep(20);
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        });
        threads.forEach(Thread::start);
        checkpointer.start();
        for (int i = 0; i < writers; i++) {
            threads.get(i).join();
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        checkpointer.join();
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
        s.commit(null);
        TreeMap<Integer, byte[]> all = new TreeMap<>();
        models.forEach(all::putAll);
        StoreModelTest.assertMatches(all, s.openTree("shared"));
        StoreModelTest.assertClean(s);
        assertTrue(s.stats().bufferPool().evictions() > 0);
        s.close();
        try (Storage r = Storage.open(dir, options)) {
            StoreModelTest.assertMatches(all, r.openTree("shared"));
            assertEquals(List.of("other", "shared"), r.treeNames());
            StoreModelTest.assertClean(r);
        }
    }
}
