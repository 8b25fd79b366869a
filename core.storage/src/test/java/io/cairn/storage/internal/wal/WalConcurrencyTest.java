package io.cairn.storage.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.internal.io.FileChannelFactory;

/**
 * Appenders, committers, a checkpointer that archives and recycles segments, and readers all at
 * once: the archived segments plus the live log must still hold every record exactly once, in
 * LSN order (what point-in-time restore relies on).
 */
class WalConcurrencyTest {

    private static final int APPENDERS = 4;
    private static final int RECORDS_PER_APPENDER = Boolean.getBoolean("cairn.test.long") ? 50_000 : 3_000;

    @TempDir
    Path dir;

    @TempDir
    Path archive;

    @Test
    void archivedAndLiveSegmentsHoldEveryRecordOnceUnderConcurrentUse() throws Exception {
        Map<Long, byte[]> appended = new ConcurrentHashMap<>();
        List<WalSegment> archived = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(APPENDERS + 2);
        try (WriteAheadLog log = WriteAheadLog.open(dir,
                WalOptions.defaults().withSegmentSize(WalOptions.MIN_SEGMENT_SIZE).withWriteThreshold(8192))) {
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < APPENDERS; t++) {
                int id = t;
                appenders.add(pool.submit(() -> {
                    Random random = new Random(100 + id);
                    for (int i = 0; i < RECORDS_PER_APPENDER; i++) {
                        byte[] payload = new byte[8 + random.nextInt(random.nextInt(20) == 0 ? 20_000 : 300)];
                        random.nextBytes(payload);
                        ByteBuffer.wrap(payload).putInt(id).putInt(i);
                        long lsn = log.append((byte) (1 + id), payload, 0, payload.length);
                        appended.put(lsn, payload);
                        if (random.nextInt(5) == 0) {
                            log.flush(lsn);
                        }
                    }
                    return null;
                }));
            }
            Future<?> checkpointer = pool.submit(() -> {
                Random random = new Random(7);
                while (!done.get()) {
                    long keep = random.nextInt(300_000);
                    log.recycleBefore(log.durableLsn() - keep, (segment, first, end) -> {
                        Path copy = archive.resolve(segment.getFileName());
                        Files.copy(segment, copy);
                        archived.add(new WalSegment(first, copy, null));
                        if (archived.size() > 1) {
                            WalSegment previous = archived.get(archived.size() - 2);
                            assertTrue(previous.firstLsn < first, "archived in LSN order");
                        }
                    });
                    Thread.sleep(1);
                }
                return null;
            });
            Future<?> reader = pool.submit(() -> {
                while (!done.get()) {
                    long previous = -1;
                    try (WalReader records = log.read(log.firstLsn())) {
                        while (records.next()) {
                            assertTrue(records.lsn() > previous);
                            previous = records.lsn();
                        }
                    } catch (IOException recycledUnderUs) {
                        // the oldest segment may go between firstLsn() and opening it
                    }
                }
                return null;
            });
            for (Future<?> f : appenders) {
                f.get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            checkpointer.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);
            log.flush(log.endLsn());

            // archive + live log, read as one chain from the very first LSN
            List<WalSegment> chain = new ArrayList<>(archived);
            for (Path live : Files.list(dir).filter(p -> p.toString().endsWith(".wal")).sorted().toList()) {
                chain.add(new WalSegment(WalRecord.parseSegmentName(live.getFileName().toString()), live, null));
            }
            assertEquals(WalOptions.DEFAULT_INITIAL_LSN, chain.get(0).firstLsn);
            int count = 0;
            int[] nextPerAppender = new int[APPENDERS];
            try (WalReader all = new WalReader(chain, WalOptions.DEFAULT_INITIAL_LSN, log.durableLsn(),
                    FileChannelFactory.DEFAULT)) {
                while (all.next()) {
                    byte[] expected = appended.get(all.lsn());
                    assertArrayEquals(expected, all.payload(), "record at " + all.lsn());
                    ByteBuffer header = ByteBuffer.wrap(expected);
                    int id = header.getInt();
                    assertEquals(nextPerAppender[id]++, header.getInt(), "an appender's records stay in order");
                    count++;
                }
                assertEquals(log.endLsn(), all.nextLsn());
            }
            assertEquals(APPENDERS * RECORDS_PER_APPENDER, count);
            assertTrue(archived.size() > 3, "segments archived: " + archived.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
