package io.cairn.storage.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.IoWaitListener;
import io.cairn.storage.StorageWaitEvent;
import io.cairn.storage.internal.io.FaultInjectingChannelFactory;

class WriteAheadLogTest {

    private static final WalOptions TINY = WalOptions.defaults().withSegmentSize(WalOptions.MIN_SEGMENT_SIZE);

    @TempDir
    Path dir;

    /** What the test appended, to compare with what the log gives back. */
    private record Appended(long lsn, byte type, byte[] payload) {
    }

    private static List<Appended> appendRandom(WriteAheadLog log, Random random, int count, int maxPayload) {
        List<Appended> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[random.nextInt(maxPayload + 1)];
            random.nextBytes(payload);
            byte type = (byte) (1 + random.nextInt(127));
            out.add(new Appended(log.append(type, payload, 0, payload.length), type, payload));
        }
        return out;
    }

    private static List<Appended> readAll(WriteAheadLog log, long from) throws IOException {
        List<Appended> out = new ArrayList<>();
        try (WalReader reader = log.read(from)) {
            while (reader.next()) {
                out.add(new Appended(reader.lsn(), reader.type(), reader.payload()));
            }
        }
        return out;
    }

    private static void assertRecords(List<Appended> expected, List<Appended> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).lsn(), actual.get(i).lsn(), "lsn of record " + i);
            assertEquals(expected.get(i).type(), actual.get(i).type(), "type of record " + i);
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload(), "payload of record " + i);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static Path segmentHolding(List<Path> segments, long lsn) {
        Path holder = null;
        for (Path p : segments) {
            if (WalRecord.parseSegmentName(p.getFileName().toString()) <= lsn) {
                holder = p;
            }
        }
        return holder;
    }

    @Test
    void recordsRoundTripAcrossManySegmentsAndSurviveReopen() throws IOException {
        Random random = new Random(42);
        List<Appended> expected;
        long end;
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertEquals(WalOptions.DEFAULT_INITIAL_LSN, log.firstLsn());
            expected = appendRandom(log, random, 3000, 1500);
            // a page image group larger than a segment, then a record that is exactly empty
            byte[] huge = new byte[300 * 8192];
            random.nextBytes(huge);
            expected.add(new Appended(log.append((byte) 9, huge, 0, huge.length), (byte) 9, huge));
            expected.add(new Appended(log.append((byte) 3, new byte[0], 0, 0), (byte) 3, new byte[0]));
            expected.addAll(appendRandom(log, random, 500, 9000));
            end = log.endLsn();
            log.flush(end);
            assertEquals(end, log.durableLsn());
            assertRecords(expected, readAll(log, log.firstLsn()));
            WalStats stats = log.stats();
            assertEquals(expected.size(), stats.records());
            assertEquals(end - WalOptions.DEFAULT_INITIAL_LSN, stats.bytesAppended());
            assertEquals(stats.bytesAppended(), stats.bytesWritten());
            assertTrue(stats.segments() > 20, "segments: " + stats.segments());
            assertTrue(stats.sizeOnDisk() >= stats.bytesWritten());
        }
        for (int i = 0; i < segmentFiles().size(); i++) {
            assertTrue(Files.size(segmentFiles().get(i)) <= WalOptions.MIN_SEGMENT_SIZE
                    || Files.size(segmentFiles().get(i)) >= 300 * 8192, "only the huge record's segment is oversized");
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertEquals(new WalRecovery(end, false, 0), log.recovery(), "a clean shutdown leaves nothing to repair");
            assertEquals(end, log.endLsn());
            assertEquals(end, log.durableLsn());
            assertRecords(expected, readAll(log, log.firstLsn()));
            // reading from a record boundary in the middle
            Appended middle = expected.get(1234);
            assertRecords(expected.subList(1234, expected.size()), readAll(log, middle.lsn()));
        }
    }

    @Test
    void appendsAfterReopenFollowTheLastRecord() throws IOException {
        Random random = new Random(7);
        List<Appended> expected = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
                assertRecords(expected, readAll(log, log.firstLsn()));
                long end = log.endLsn();
                List<Appended> more = appendRandom(log, random, 200, 700);
                assertEquals(end, more.get(0).lsn());
                expected.addAll(more);
            } // close flushes
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertRecords(expected, readAll(log, log.firstLsn()));
        }
    }

    @Test
    void garbageAfterTheLastRecordIsIgnoredThenOverwritten() throws IOException {
        Random random = new Random(11);
        List<Appended> expected;
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            expected = appendRandom(log, random, 300, 500);
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        long validSize = Files.size(last);
        byte[] garbage = new byte[5000];
        random.nextBytes(garbage);
        Files.write(last, garbage, StandardOpenOption.APPEND);
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertOnlyZerosAfter(last, validSize);
            assertEquals(new WalRecovery(log.endLsn(), true, 0), log.recovery());
            assertRecords(expected, readAll(log, log.firstLsn()));
            expected.addAll(appendRandom(log, random, 300, 500));
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertRecords(expected, readAll(log, log.firstLsn()));
        }
    }

    @Test
    void staleRecordsBeyondACorruptPointNeverComeBack() throws IOException {
        // A valid record left after a torn one must not reappear once new appends reach its LSN.
        List<Appended> expected = new ArrayList<>();
        byte[] payload = new byte[100];
        try (WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                expected.add(new Appended(log.append((byte) 1, payload, 0, 100), (byte) 1, payload));
            }
        }
        long cut = expected.get(5).lsn();
        flipByte(segmentFiles().get(0), cut - WalOptions.DEFAULT_INITIAL_LSN + WalRecord.HEADER_SIZE + 3);
        try (WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults())) {
            assertEquals(cut, log.endLsn());
            // the same sizes again: records 5..9 land on the old boundaries, with other types
            for (int i = 5; i < 7; i++) {
                log.append((byte) 2, payload, 0, 100);
            }
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults())) {
            List<Appended> read = readAll(log, log.firstLsn());
            assertEquals(7, read.size());
            assertEquals(2, read.get(6).type());
        }
    }

    /** The tail after the valid bytes was zeroed (preallocation) or cut off. */
    private static void assertOnlyZerosAfter(Path file, long validBytes) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length >= validBytes);
        for (int i = (int) validBytes; i < bytes.length; i++) {
            assertEquals(0, bytes[i], "byte " + i + " of " + file.getFileName());
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            channel.write(one, offset);
        }
    }

    @Test
    void flippedByteInTheTailRecordTruncatesExactlyThere() throws IOException {
        Random random = new Random(13);
        List<Appended> expected;
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            expected = appendRandom(log, random, 400, 600);
        }
        Appended victim = expected.get(expected.size() - 3);
        Path holder = segmentHolding(segmentFiles(), victim.lsn());
        long first = WalRecord.parseSegmentName(holder.getFileName().toString());
        flipByte(holder, victim.lsn() - first + WalRecord.HEADER_SIZE + victim.payload().length / 2);
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertEquals(victim.lsn(), log.endLsn());
            assertOnlyZerosAfter(holder, victim.lsn() - first);
            assertRecords(expected.subList(0, expected.size() - 3), readAll(log, log.firstLsn()));
        }
    }

    @Test
    void corruptionInAnEarlierSegmentRemovesTheSegmentsAfterIt() throws IOException {
        Random random = new Random(17);
        List<Appended> expected;
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            expected = appendRandom(log, random, 2000, 600);
        }
        int before = segmentFiles().size();
        assertTrue(before > 5);
        Appended victim = expected.get(700);
        Path holder = segmentHolding(segmentFiles(), victim.lsn());
        long first = WalRecord.parseSegmentName(holder.getFileName().toString());
        flipByte(holder, victim.lsn() - first + 2); // inside the length field
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertEquals(victim.lsn(), log.endLsn());
            assertEquals(holder, segmentFiles().get(segmentFiles().size() - 1));
            assertEquals(before - segmentFiles().size(), log.recovery().segmentsRemoved());
            assertTrue(log.recovery().tailCleared());
            assertRecords(expected.subList(0, 700), readAll(log, log.firstLsn()));
        }
    }

    @Test
    void tornLastRecordIsCut() throws IOException {
        Random random = new Random(19);
        List<Appended> expected;
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            expected = appendRandom(log, random, 100, 600);
            byte[] last = new byte[3000];
            random.nextBytes(last);
            expected.add(new Appended(log.append((byte) 5, last, 0, last.length), (byte) 5, last));
        }
        Appended torn = expected.get(expected.size() - 1);
        Path holder = segmentHolding(segmentFiles(), torn.lsn());
        long first = WalRecord.parseSegmentName(holder.getFileName().toString());
        try (FileChannel channel = FileChannel.open(holder, StandardOpenOption.WRITE)) {
            channel.truncate(torn.lsn() - first + WalRecord.HEADER_SIZE + 1000);
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY.withPreallocation(false))) {
            assertEquals(torn.lsn(), log.endLsn());
            assertEquals(torn.lsn() - first, Files.size(holder), "cut off without preallocation");
            assertRecords(expected.subList(0, expected.size() - 1), readAll(log, log.firstLsn()));
            long lsn = log.append((byte) 6, new byte[] {1, 2, 3}, 0, 3);
            assertEquals(torn.lsn(), lsn);
        }
        // a header cut in half is a torn record too
        try (FileChannel channel = FileChannel.open(holder, StandardOpenOption.WRITE)) {
            channel.truncate(torn.lsn() - first + 9);
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertEquals(torn.lsn(), log.endLsn());
        }
    }

    @Test
    void concurrentFlushesShareOneFsync() throws Exception {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory().forceDelayMillis(1);
        AtomicLong waits = new AtomicLong();
        AtomicLong waitEnds = new AtomicLong();
        IoWaitListener listener = new IoWaitListener() {
            @Override
            public void beginWait(StorageWaitEvent event) {
                if (event == StorageWaitEvent.LOG_FILE_SYNC) {
                    waits.incrementAndGet();
                }
            }

            @Override
            public void endWait(StorageWaitEvent event, long nanos) {
                assertTrue(nanos >= 0);
                if (event == StorageWaitEvent.LOG_FILE_SYNC) {
                    waitEnds.incrementAndGet();
                }
            }
        };
        int threads = 8;
        int commitsPerThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (WriteAheadLog log = WriteAheadLog.open(dir,
                WalOptions.defaults().withChannelFactory(disk).withWaitListener(listener))) {
            long forcesAtOpen = disk.forces();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    byte[] payload = new byte[200];
                    for (int i = 0; i < commitsPerThread; i++) {
                        payload[0] = (byte) id;
                        long lsn = log.append((byte) 1, payload, 0, payload.length);
                        log.flush(lsn);
                        assertTrue(log.durableLsn() > lsn, "durable after flush");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            WalStats stats = log.stats();
            long calls = (long) threads * commitsPerThread;
            assertEquals(calls, stats.records());
            assertTrue(stats.fsyncs() < calls, "fsyncs " + stats.fsyncs() + " for " + calls + " commits");
            assertEquals(stats.fsyncs(), disk.forces() - forcesAtOpen);
            assertTrue(stats.groupCommitBatches() > 1.0, "commits per fsync " + stats.groupCommitBatches());
            assertTrue(stats.fsyncNanos() > 0);
            assertEquals(waits.get(), waitEnds.get());
            assertEquals(stats.flushWaits(), waits.get());
            assertEquals(calls, readAll(log, log.firstLsn()).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void flushOfDurableRecordsReturnsWithoutWaiting() throws IOException {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory();
        try (WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults().withChannelFactory(disk))) {
            long lsn = log.append((byte) 1, new byte[10], 0, 10);
            log.flush(lsn);
            long forces = disk.forces();
            log.flush(lsn);
            log.flush(Long.MAX_VALUE);
            assertEquals(forces, disk.forces());
            assertEquals(1, log.stats().flushWaits());
        }
    }

    @Test
    void recycleBeforeArchivesClosedSegmentsInOrderAndKeepsThemWhenTheArchiverFails() throws IOException {
        Random random = new Random(23);
        List<long[]> archived = new ArrayList<>();
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY.withSpareSegments(2))) {
            List<Appended> expected = appendRandom(log, random, 2000, 600);
            log.flush(log.endLsn());
            List<Path> before = segmentFiles();
            long cut = expected.get(1000).lsn();
            log.recycleBefore(cut, (segment, first, end) -> {
                assertTrue(Files.exists(segment));
                assertEquals(first, WalRecord.parseSegmentName(segment.getFileName().toString()));
                archived.add(new long[] {first, end});
            });
            assertFalse(archived.isEmpty());
            assertEquals(WalOptions.DEFAULT_INITIAL_LSN, archived.get(0)[0]);
            for (int i = 0; i < archived.size(); i++) {
                assertTrue(archived.get(i)[1] <= cut);
                if (i > 0) {
                    assertEquals(archived.get(i - 1)[1], archived.get(i)[0], "contiguous ranges");
                }
            }
            long oldest = archived.get(archived.size() - 1)[1];
            assertEquals(oldest, log.firstLsn());
            assertTrue(oldest > cut - WalOptions.MIN_SEGMENT_SIZE, "every segment wholly below was recycled");
            assertEquals(before.size() - archived.size(), segmentFiles().size());
            List<Appended> rest = expected.stream().filter(a -> a.lsn() >= oldest).collect(Collectors.toList());
            assertRecords(rest, readAll(log, log.firstLsn()));
            assertThrows(IOException.class, () -> log.read(WalOptions.DEFAULT_INITIAL_LSN));

            // the archiver fails on its second segment: the first goes, that one and later stay
            int[] calls = {0};
            long[] failedFirst = {0};
            IOException e = assertThrows(IOException.class, () -> log.recycleBefore(log.endLsn(), (s, f, t) -> {
                if (++calls[0] == 2) {
                    failedFirst[0] = f;
                    throw new IOException("backup disk full");
                }
            }));
            assertTrue(e.getMessage().contains("kept"));
            assertEquals(failedFirst[0], log.firstLsn());
            assertTrue(Files.exists(dir.resolve(WalRecord.segmentName(failedFirst[0]))));

            // reused spare files hold stale records; appends and reopen must not see them
            List<Appended> more = appendRandom(log, random, 1500, 600);
            log.flush(log.endLsn());
            rest = expected.stream().filter(a -> a.lsn() >= failedFirst[0]).collect(Collectors.toList());
            rest.addAll(more);
            assertRecords(rest, readAll(log, log.firstLsn()));
            log.recycleBefore(Long.MAX_VALUE, null);
            assertEquals(1, segmentFiles().size());
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            assertEquals(log.endLsn(), log.durableLsn());
            assertTrue(log.firstLsn() > WalOptions.DEFAULT_INITIAL_LSN);
        }
    }

    @Test
    void failedWriteFailsTheLogAndReopenRecoversTheDurableRecords() throws IOException {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory();
        Random random = new Random(29);
        List<Appended> durable;
        WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults().withChannelFactory(disk));
        durable = appendRandom(log, random, 50, 300);
        log.flush(log.endLsn());
        long durableLsn = log.durableLsn();
        disk.failWriteNumber(1);
        appendRandom(log, random, 20, 300);
        IOException e = assertThrows(IOException.class, () -> log.flush(log.endLsn()));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertEquals(durableLsn, log.durableLsn());
        disk.heal();
        assertThrows(UncheckedIOException.class, () -> log.append((byte) 1, new byte[1], 0, 1));
        assertThrows(IOException.class, () -> log.flush(Long.MAX_VALUE));
        assertThrows(IOException.class, log::close);
        try (WriteAheadLog reopened = WriteAheadLog.open(dir, WalOptions.defaults())) {
            assertEquals(durableLsn, reopened.endLsn());
            assertRecords(durable, readAll(reopened, reopened.firstLsn()));
        }
    }

    @Test
    void failedFsyncReachesEveryWaiterAndNothingUnforcedSurvives() throws Exception {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory().loseUnforcedWritesOnFault(true);
        Random random = new Random(31);
        WriteAheadLog log = WriteAheadLog.open(dir, TINY.withChannelFactory(disk));
        List<Appended> durable = appendRandom(log, random, 300, 500);
        log.flush(log.endLsn());
        long durableLsn = log.durableLsn();
        disk.forceDelayMillis(20).failForces(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> waiters = new ArrayList<>();
            CountDownLatch appended = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                waiters.add(pool.submit(() -> {
                    long lsn = log.append((byte) 1, new byte[100], 0, 100);
                    appended.countDown();
                    appended.await(); // nobody flushes before everyone appended
                    log.flush(lsn);
                    return null;
                }));
            }
            for (Future<?> f : waiters) {
                Exception failure = assertThrows(Exception.class, () -> f.get(30, TimeUnit.SECONDS));
                assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(durableLsn, log.durableLsn());
        disk.heal();
        // a later successful fsync would prove nothing: the log stays failed
        assertThrows(UncheckedIOException.class, () -> log.append((byte) 1, new byte[1], 0, 1));
        assertThrows(IOException.class, () -> log.flush(Long.MAX_VALUE));
        assertThrows(IOException.class, log::close);
        try (WriteAheadLog reopened = WriteAheadLog.open(dir, TINY)) {
            assertEquals(durableLsn, reopened.endLsn());
            assertRecords(durable, readAll(reopened, reopened.firstLsn()));
        }
    }

    @Test
    void fullDiskFailsTheLogAndReopenKeepsAValidPrefix() throws IOException {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory();
        Random random = new Random(37);
        WriteAheadLog log = WriteAheadLog.open(dir, TINY.withChannelFactory(disk));
        List<Appended> all = appendRandom(log, random, 200, 500);
        log.flush(log.endLsn());
        long durableLsn = log.durableLsn();
        disk.diskFullAfter(20_000);
        all.addAll(appendRandom(log, random, 200, 500));
        assertThrows(IOException.class, () -> log.flush(log.endLsn()));
        assertEquals(durableLsn, log.durableLsn());
        assertThrows(UncheckedIOException.class, () -> log.append((byte) 1, new byte[1], 0, 1));
        disk.heal();
        assertThrows(IOException.class, log::close);
        try (WriteAheadLog reopened = WriteAheadLog.open(dir, TINY)) {
            List<Appended> recovered = readAll(reopened, reopened.firstLsn());
            assertTrue(reopened.endLsn() >= durableLsn);
            assertTrue(recovered.size() >= 200 && recovered.size() < all.size(), "recovered " + recovered.size());
            assertRecords(all.subList(0, recovered.size()), recovered);
            List<Appended> more = appendRandom(reopened, random, 10, 100);
            reopened.flush(reopened.endLsn());
            recovered.addAll(more);
            assertRecords(recovered, readAll(reopened, reopened.firstLsn()));
        }
    }

    @Test
    void largeUnflushedAppendsAreWrittenOutButNotAcknowledged() throws IOException {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory();
        List<StorageWaitEvent> events = new ArrayList<>();
        IoWaitListener listener = new IoWaitListener() {
            @Override
            public void beginWait(StorageWaitEvent event) {
                events.add(event);
            }

            @Override
            public void endWait(StorageWaitEvent event, long nanos) {
            }
        };
        try (WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults().withChannelFactory(disk)
                .withWriteThreshold(64 << 10).withWaitListener(listener))) {
            long forcesAtOpen = disk.forces(); // the preallocated first segment
            byte[] page = new byte[8192];
            for (int i = 0; i < 100; i++) {
                log.append((byte) 2, page, 0, page.length);
            }
            assertTrue(log.stats().bytesWritten() > 0, "buffer written out");
            assertEquals(forcesAtOpen, disk.forces());
            assertEquals(WalOptions.DEFAULT_INITIAL_LSN, log.durableLsn());
            assertTrue(events.contains(StorageWaitEvent.LOG_FILE_WRITE));
            assertFalse(events.contains(StorageWaitEvent.LOG_FILE_SYNC));
            log.flush(log.endLsn());
            assertTrue(events.contains(StorageWaitEvent.LOG_FILE_SYNC));
            assertEquals(log.endLsn(), log.durableLsn());
            assertEquals(100, readAll(log, log.firstLsn()).size());
        }
    }

    @Test
    void nextSegmentIsPreallocatedAndUsedWithoutExtendingTheFile() throws Exception {
        Random random = new Random(41);
        WalOptions options = TINY.withSpareSegments(0);
        List<Appended> expected;
        try (WriteAheadLog log = WriteAheadLog.open(dir, options)) {
            expected = appendRandom(log, random, 200, 300); // about half a segment
            log.flush(log.endLsn());
            log.awaitPreallocation();
            List<Path> spares;
            try (Stream<Path> files = Files.list(dir)) {
                spares = files.filter(p -> p.getFileName().toString().endsWith(".spare")).collect(Collectors.toList());
            }
            assertEquals(1, spares.size());
            assertEquals(WalOptions.MIN_SEGMENT_SIZE, Files.size(spares.get(0)));
            expected.addAll(appendRandom(log, random, 200, 300)); // rolls over into the spare
            log.flush(log.endLsn());
            assertFalse(Files.exists(spares.get(0)), "spare renamed to the new segment");
            assertEquals(2, segmentFiles().size());
            assertEquals(WalOptions.MIN_SEGMENT_SIZE, Files.size(segmentFiles().get(1)), "not extended");
            assertRecords(expected, readAll(log, log.firstLsn()));
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, options)) {
            assertRecords(expected, readAll(log, log.firstLsn()));
            expected.addAll(appendRandom(log, random, 10, 300));
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, options.withPreallocation(false))) {
            assertRecords(expected, readAll(log, log.firstLsn()));
        }
    }

    @Test
    void readersSeeOnlyDurableRecordsWhileAppendsContinue() throws Exception {
        Random random = new Random(43);
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            List<Appended> durable = appendRandom(log, random, 300, 400);
            log.flush(log.endLsn());
            appendRandom(log, random, 50, 400); // buffered only
            assertRecords(durable, readAll(log, log.firstLsn()));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> writer = pool.submit(() -> {
                    Random r = new Random(44);
                    for (int i = 0; i < 2000; i++) {
                        byte[] payload = new byte[r.nextInt(300)];
                        log.append((byte) 4, payload, 0, payload.length);
                        if (i % 10 == 0) {
                            log.flush(log.endLsn());
                        }
                    }
                    return null;
                });
                while (!writer.isDone()) {
                    long durableBefore = log.durableLsn();
                    List<Appended> seen = readAll(log, log.firstLsn());
                    Appended last = seen.get(seen.size() - 1);
                    assertTrue(last.lsn() + WalRecord.HEADER_SIZE + last.payload().length >= durableBefore);
                    assertRecords(durable, seen.subList(0, durable.size()));
                }
                writer.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void optionsDefaultToTheDocumentedValuesAndAreImmutable() {
        WalOptions defaults = WalOptions.defaults();
        assertEquals(64L << 20, defaults.segmentSize());
        assertEquals(IoWaitListener.NONE, defaults.waitListener());
        assertEquals(io.cairn.storage.internal.io.FileChannelFactory.DEFAULT, defaults.channelFactory());
        assertTrue(defaults.preallocation());
        WalOptions small = defaults.withSegmentSize(1 << 20);
        assertEquals(1 << 20, small.segmentSize());
        assertEquals(64L << 20, defaults.segmentSize());
        assertThrows(IllegalArgumentException.class, () -> defaults.withSegmentSize((64 << 10) - 1));
        assertThrows(IllegalArgumentException.class, () -> defaults.withInitialLsn(0));
    }

    @Test
    void appendersWaitForASlowFlushOnceTheBufferIsFull() throws Exception {
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory();
        int threshold = 4096;
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY.withChannelFactory(disk).withWriteThreshold(threshold))) {
            long forces = disk.forces();
            log.append((byte) 1, new byte[10], 0, 10);
            disk.forceDelayMillis(300);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> committer = pool.submit(() -> {
                    log.flush(log.endLsn());
                    return null;
                });
                while (disk.forces() == forces) {
                    Thread.onSpinWait(); // the committer is now inside its slow fsync
                }
                byte[] record = new byte[1000];
                for (int i = 0; i < 100; i++) {
                    log.append((byte) 2, record, 0, record.length);
                }
                long buffered = log.endLsn() - WalOptions.DEFAULT_INITIAL_LSN - log.stats().bytesWritten();
                assertTrue(buffered <= 4L * threshold + record.length, "buffered " + buffered);
                committer.get();
            } finally {
                pool.shutdownNow();
            }
            disk.forceDelayMillis(0);
        }
    }

    @Test
    void pageImagesAppendStraightFromHeapAndDirectBuffers() throws IOException {
        Random random = new Random(47);
        List<Appended> expected = new ArrayList<>();
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            for (int i = 0; i < 50; i++) {
                byte[] page = new byte[8192];
                random.nextBytes(page);
                ByteBuffer buffer = i % 2 == 0 ? ByteBuffer.allocateDirect(8292) : ByteBuffer.allocate(8292);
                buffer.position(50).put(page).position(50).limit(50 + 8192);
                long lsn = log.append((byte) 7, buffer);
                assertEquals(50, buffer.position(), "position untouched");
                expected.add(new Appended(lsn, (byte) 7, page));
            }
            log.flush(log.endLsn());
            assertRecords(expected, readAll(log, log.firstLsn()));
            assertThrows(IllegalArgumentException.class, () -> log.append((byte) 0, ByteBuffer.allocate(1)));
        }
    }

    @Test
    void anInterruptedCommitterDoesNotCloseTheLogForEveryone() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, TINY)) {
            long lsn = log.append((byte) 1, new byte[100], 0, 100);
            Thread.currentThread().interrupt(); // e.g. a cancelled statement
            try {
                log.flush(lsn);
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            assertTrue(log.durableLsn() > lsn);
            long next = log.append((byte) 1, new byte[100], 0, 100);
            log.flush(next);
            assertEquals(2, readAll(log, log.firstLsn()).size());
        }
    }

    @Test
    void rejectsReservedTypeAndUseAfterClose() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir, WalOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> log.append((byte) 0, new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> log.append((byte) 1, new byte[1], 0, 2));
        log.close();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append((byte) 1, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> WalOptions.defaults().withSegmentSize(1000));
    }
}
