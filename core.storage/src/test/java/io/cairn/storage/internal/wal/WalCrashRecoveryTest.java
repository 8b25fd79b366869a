package io.cairn.storage.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.internal.io.FaultInjectingChannelFactory;

/**
 * Crashes the machine (simulated: unforced writes lost, torn at sector granularity) at random
 * points and checks that reopening recovers every acknowledged record and only a prefix of the
 * appended ones. {@code -Dcairn.test.long=true} runs many more crashes.
 */
class WalCrashRecoveryTest {

    private static final int CRASHES = Boolean.getBoolean("cairn.test.long") ? 2000 : 60;

    @TempDir
    Path dir;

    private record Appended(long lsn, byte type, byte[] payload) {
    }

    @Test
    void recoversEveryAcknowledgedRecordAfterPowerLoss() throws Exception {
        Random random = new Random(4242);
        FaultInjectingChannelFactory disk = new FaultInjectingChannelFactory().journalUnforcedWrites(true);
        WalOptions options = WalOptions.defaults().withSegmentSize(WalOptions.MIN_SEGMENT_SIZE)
                .withWriteThreshold(16 << 10).withSpareSegments(3).withChannelFactory(disk);
        List<Appended> log = new ArrayList<>(); // every record recovered so far, in LSN order
        long tornTails = 0;
        for (int crash = 0; crash < CRASHES; crash++) {
            WriteAheadLog wal = WriteAheadLog.open(dir, options);
            List<Appended> expected = recovered(wal, log);
            log.clear();
            log.addAll(expected);
            long acknowledged = wal.endLsn();
            List<Appended> appended = new ArrayList<>();
            int operations = 1 + random.nextInt(120);
            for (int op = 0; op < operations; op++) {
                byte[] payload = new byte[random.nextInt(10) == 0 ? 20_000 + random.nextInt(80_000)
                        : random.nextInt(900)];
                random.nextBytes(payload);
                byte type = (byte) (1 + random.nextInt(100));
                appended.add(new Appended(wal.append(type, payload, 0, payload.length), type, payload));
                if (random.nextInt(8) == 0) {
                    wal.flush(appended.get(appended.size() - 1).lsn());
                    acknowledged = wal.durableLsn();
                }
                if (random.nextInt(40) == 0 && log.size() + appended.size() > 10) {
                    wal.recycleBefore(acknowledged - random.nextInt(200_000), null);
                }
            }
            if (disk.unforcedBytes() > 0) {
                tornTails++;
            }
            // no close(): the process is gone and its files are closed under it
            wal.awaitPreallocation();
            disk.simulatePowerLoss(random);
            WriteAheadLog reopened = WriteAheadLog.open(dir, options.withChannelFactory(disk));
            try {
                List<Appended> after = readAll(reopened);
                long oldest = reopened.firstLsn();
                List<Appended> all = new ArrayList<>(log);
                all.addAll(appended);
                all.removeIf(a -> a.lsn() < oldest);
                assertTrue(after.size() <= all.size());
                for (int i = 0; i < after.size(); i++) {
                    assertEquals(all.get(i).lsn(), after.get(i).lsn(), "crash " + crash + " record " + i);
                    assertEquals(all.get(i).type(), after.get(i).type());
                    assertArrayEquals(all.get(i).payload(), after.get(i).payload());
                }
                long end = after.isEmpty() ? oldest : after.get(after.size() - 1).lsn()
                        + WalRecord.HEADER_SIZE + after.get(after.size() - 1).payload().length;
                assertTrue(end >= acknowledged, "crash " + crash + ": acknowledged up to " + acknowledged
                        + " but recovered only to " + end);
                assertEquals(end, reopened.endLsn());
                log.clear();
                log.addAll(after);
            } finally {
                reopened.close();
            }
        }
        assertTrue(tornTails > CRASHES / 5, "crashes with unforced writes to lose: " + tornTails);
    }

    private static List<Appended> recovered(WriteAheadLog wal, List<Appended> known) throws IOException {
        List<Appended> read = readAll(wal);
        long oldest = wal.firstLsn();
        List<Appended> kept = new ArrayList<>(known);
        kept.removeIf(a -> a.lsn() < oldest);
        assertEquals(kept.size(), read.size());
        return read;
    }

    private static List<Appended> readAll(WriteAheadLog wal) throws IOException {
        List<Appended> out = new ArrayList<>();
        try (WalReader reader = wal.read(wal.firstLsn())) {
            while (reader.next()) {
                out.add(new Appended(reader.lsn(), reader.type(), reader.payload()));
            }
        }
        return out;
    }
}
