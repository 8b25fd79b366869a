package io.cairn.monitoring.internal.ash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.TestDatabase;
import io.cairn.txn.Session;
import io.cairn.txn.WaitClass;

/** Active Session History over a real session registry: what is sampled, how the ring bounds it, the top lists. */
class AshSamplerTest {

    @TempDir
    Path dir;

    @Test
    void samplesEveryActiveSessionAndOnlyThose() {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            List<Session> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Session s = db.transactions().openSession("user" + (i % 4), "app");
                    sessions.add(s);
                    if (i % 2 == 0) {
                        s.beginStatement(i % 4 == 0 ? "SELECT * FROM orders" : "UPDATE stock SET n = n - 1");
                    }
                    if (i % 8 == 0) {
                        s.beginWait("data file read", WaitClass.USER_IO);
                    }
                }
                AshSampler sampler = new AshSampler(new AshRing(1000));
                Instant t = Instant.now();
                assertEquals(100, sampler.sample(1, t, "sales", db.transactions().sessionRegistry()));
                List<AshSample> all = sampler.ring().since(Instant.EPOCH, "sales");
                assertEquals(100, all.size());
                assertTrue(all.stream().allMatch(s -> s.sampleId() == 1 && s.sampleTime().equals(t)));
                assertEquals(25, all.stream().filter(s -> "data file read".equals(s.event())).count());
                AshSample waiting = all.stream().filter(s -> s.event() != null).findFirst().orElseThrow();
                assertEquals("User I/O", waiting.waitClass());
                assertEquals("WAITING", waiting.sessionState());
                AshSample onCpu = all.stream().filter(s -> s.event() == null).findFirst().orElseThrow();
                assertEquals(AshSample.ON_CPU, onCpu.sessionState());
                assertNull(onCpu.waitClass());
                assertTrue(onCpu.sqlText().startsWith("UPDATE"));
                assertEquals(0, sampler.ring().since(Instant.EPOCH, "hr").size(), "another database's samples");
                assertEquals(0, sampler.ring().since(t.plusMillis(1), "sales").size(), "before the window");

                AshTop top = AshTop.of(all, 2);
                assertEquals(100, top.samples());
                assertEquals(2, top.topSql().size());
                assertEquals(50, top.topSql().get(0).samples());
                assertEquals(50.0, top.topSql().get(0).percent(), 1e-9);
                assertEquals(AshSample.ON_CPU, top.topEvents().get(0).key());
                assertEquals(75, top.topEvents().get(0).samples());
                assertEquals("CPU", top.topEvents().get(0).detail());
                assertEquals("data file read", top.topEvents().get(1).key());
                assertEquals("User I/O", top.topEvents().get(1).detail());
                assertEquals(1, top.topSessions().get(0).samples());
                assertThrows(IllegalArgumentException.class, () -> AshTop.of(all, 0));
            } finally {
                sessions.forEach(Session::close);
            }
        }
    }

    @Test
    void theRingKeepsTheNewestSamplesWithinItsCapacity() {
        AshRing ring = new AshRing(5);
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 0; i < 12; i++) {
            ring.addAll(List.of(new AshSample(i, t0.plusSeconds(i), "db", i, "u", null, "SELECT " + i, null,
                    null, null, 0, 0, null, null, null)));
        }
        assertEquals(5, ring.size());
        assertEquals(12, ring.added());
        List<AshSample> held = ring.since(Instant.EPOCH, null);
        assertEquals(List.of(7L, 8L, 9L, 10L, 11L), held.stream().map(AshSample::sampleId).toList(), "oldest first");
        assertEquals(2, ring.since(t0.plusSeconds(10), "db").size());
        assertThrows(IllegalArgumentException.class, () -> new AshRing(0));
    }

    @Test
    void aSessionWaitingForALockNamesTheBlockingSession() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            db.transactions().createTable("t");
            try (Session holder = db.transactions().openSession("holder", "app");
                    Session waiter = db.transactions().openSession("waiter", "app")) {
                var t1 = holder.begin(io.cairn.txn.IsolationLevel.SNAPSHOT);
                t1.put("t", new byte[] {1}, new byte[] {1});
                Thread blocked = new Thread(() -> {
                    waiter.beginStatement("UPDATE t SET v = 2 WHERE k = 1");
                    try {
                        var t2 = waiter.begin(io.cairn.txn.IsolationLevel.SNAPSHOT);
                        t2.put("t", new byte[] {1}, new byte[] {2});
                        t2.rollback();
                    } catch (RuntimeException expected) {
                        // lock timeout or conflict once the holder commits
                    } finally {
                        waiter.endStatement();
                    }
                });
                blocked.start();
                AshSampler sampler = new AshSampler(new AshRing(1000));
                AshSample seen = null;
                for (int tick = 1; tick < 200 && seen == null; tick++) {
                    sampler.sample(tick, Instant.now(), "sales", db.transactions().sessionRegistry());
                    seen = sampler.ring().since(Instant.EPOCH, "sales").stream()
                            .filter(s -> s.blockingSession() != 0).findFirst().orElse(null);
                    Thread.sleep(10);
                }
                t1.commit();
                blocked.join(30_000);
                assertTrue(seen != null, "the waiting session was sampled while blocked");
                assertEquals(holder.id(), seen.blockingSession());
                assertEquals(waiter.id(), seen.sessionId());
                assertEquals("Application", seen.waitClass());
                assertTrue(seen.event().startsWith("enq: TX"), seen.event());
            }
        }
    }
}
