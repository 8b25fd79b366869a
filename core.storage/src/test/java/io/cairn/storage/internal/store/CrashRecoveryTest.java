package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Storage;

/** Kills a committing child JVM with SIGKILL over and over; every acknowledged commit must survive. */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void recoversEveryAcknowledgedCommitAfterKill() throws Exception {
        runKills(CrashWorkload.MIXED, StoreModelTest.LONG ? 1000 : 50);
    }

    /** Most records are page deltas; passive checkpoints keep making pages start from a full image. */
    @Test
    void recoversEveryAcknowledgedCommitAfterKillWhenTheLogIsMostlyDeltas() throws Exception {
        long[] logged = runKills(CrashWorkload.DELTAS, StoreModelTest.LONG ? 300 : 25);
        assertTrue(logged[0] > logged[1] / 2, "most page records were deltas: " + logged[0] + " of " + logged[1]);
    }

    /** Kills the child over and over; returns the page deltas and page records the child's last runs reported. */
    private long[] runKills(String profile, int cycles) throws Exception {
        long seed = 20261125;
        long deltas = 0;
        long records = 0;
        Random rnd = new Random(seed);
        Map<String, TreeMap<Integer, byte[]>> model = new HashMap<>();
        long modelAt = 0;
        long totalAcked = 0;
        long ackedBefore = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            AtomicLong lastAck = new AtomicLong(-1);
            CountDownLatch ready = new CountDownLatch(1);
            long[] logged = new long[2]; // this child's counters, cumulative over its life
            Process child = startChild(seed, profile);
            StringBuilder err = new StringBuilder();
            Thread out = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            lastAck.set(Long.parseLong(line.substring(4)));
                        } else if (line.startsWith("DELTAS ")) {
                            String[] f = line.split(" ");
                            synchronized (logged) {
                                logged[0] = Math.max(logged[0], Long.parseLong(f[1]));
                                logged[1] = Math.max(logged[1], Long.parseLong(f[2]));
                            }
                        } else if (line.startsWith("READY")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            Thread errReader = new Thread(() -> {
                try {
                    err.append(new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            out.start();
            errReader.start();
            boolean started = ready.await(30, TimeUnit.SECONDS);
            if (started) {
                // the delta workload runs longer, so background and passive checkpoints land between kills
                Thread.sleep(20 + rnd.nextInt(CrashWorkload.DELTAS.equals(profile) ? 800 : 250));
            }
            child.destroyForcibly();
            child.waitFor();
            out.join();
            errReader.join();
            synchronized (logged) {
                deltas += logged[0];
                records += logged[1];
            }
            assertTrue(started, () -> "child did not start: " + err);
            assertTrue(!err.toString().contains("Exception"), () -> "child failed: " + err);

            List<Long> recovered = new ArrayList<>();
            try (Storage s = Storage.open(dir, CrashWorkload.options(profile)
                    .withRecoveryListener((lsn, payload) -> {
                        if (payload.length == 8) {
                            recovered.add(ByteBuffer.wrap(payload).getLong());
                        }
                    }))) {
                byte[] seqValue = s.openTree("meta").get(CrashWorkload.SEQ);
                long n = seqValue == null ? 0 : ByteBuffer.wrap(seqValue).getLong();
                long acked = lastAck.get();
                int c = cycle;
                assertTrue(n >= acked, () -> "cycle " + c + ": commit " + acked + " was acknowledged but the store recovered only to " + n);
                if (!recovered.isEmpty()) {
                    assertEquals(n, (long) recovered.get(recovered.size() - 1), "last replayed commit payload");
                }
                while (modelAt < n) {
                    modelAt++;
                    CrashWorkload.applyToModel(profile, seed, modelAt, model);
                }
                for (String t : CrashWorkload.TREES) {
                    StoreModelTest.assertMatches(model.getOrDefault(t, new TreeMap<>()), s.openTree(t));
                }
                StoreModelTest.assertClean(s);
                totalAcked += Math.max(0, acked - ackedBefore);
                ackedBefore = Math.max(ackedBefore, acked);
            }
        }
        System.out.println("crash test (" + profile + "): " + cycles + " kills, " + modelAt + " commits, "
                + totalAcked + " acknowledged" + (records > 0 ? ", " + deltas + " of " + records + " page records were deltas" : ""));
        assertTrue(modelAt > cycles, "commits happened between kills: " + modelAt);
        assertNotNull(dir);
        return new long[] {deltas, records};
    }

    private Process startChild(long seed, String profile) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), CrashWorkload.class.getName(), dir.toString(),
                Long.toString(seed), profile);
        return new ProcessBuilder(cmd).start();
    }
}
