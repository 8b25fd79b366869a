package io.cairn.bench.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the disk under the engines' directory can do, measured in the same run: the fsync floor (a
 * 4 KiB append then {@code force(false)}, one thread, the bound on one-at-a-time durable commits) and
 * sequential write bandwidth (1 MiB writes, forced once at the end).
 *
 * @param floorOpsPerSecond appends + forces per second over the whole measurement
 * @param floorMedianMillis median latency of one append + force
 * @param floorP99Millis 99th percentile latency of one append + force
 * @param bandwidthMiBPerSecond MiB written per second, including the final force
 */
public record DiskFacts(double floorOpsPerSecond, double floorMedianMillis, double floorP99Millis,
        double bandwidthMiBPerSecond) {

    static final int BLOCK = 4096;

    /** Appends and forces 4 KiB blocks for {@code seconds}, then writes {@code mib} MiB sequentially, in {@code dir}. */
    static DiskFacts measure(Path dir, double seconds, int mib) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "disk-facts-", ".bin");
        try {
            long[] lat = new long[1 << 14];
            int n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
                long position = 0;
                long now = start;
                while (now < end || n < 10) {
                    long t0 = System.nanoTime();
                    block.clear();
                    while (block.hasRemaining()) {
                        position += ch.write(block, position);
                    }
                    ch.force(false);
                    now = System.nanoTime();
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = now - t0;
                }
                double rate = n / ((now - start) / 1e9);
                long[] sorted = Arrays.copyOf(lat, n);
                Arrays.sort(sorted);
                double median = sorted[n / 2] / 1e6;
                double p99 = sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6;
                ch.truncate(0);
                ch.force(true);
                return new DiskFacts(rate, median, p99, bandwidth(ch, mib));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double bandwidth(FileChannel ch, int mib) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        // Not zeros only, in case the file system or device compresses or skips them.
        for (int i = 0; i < chunk.capacity(); i += 8) {
            chunk.putLong(i, i * 0x9E3779B97F4A7C15L);
        }
        long t0 = System.nanoTime();
        long position = 0;
        for (int i = 0; i < mib; i++) {
            chunk.clear();
            while (chunk.hasRemaining()) {
                position += ch.write(chunk, position);
            }
        }
        ch.force(true);
        return mib / ((System.nanoTime() - t0) / 1e9);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "fsync floor (4 KiB append + force): %,.0f ops/s, median %.2f ms, p99 %.2f ms; sequential write %,.0f MiB/s",
                floorOpsPerSecond, floorMedianMillis, floorP99Millis, bandwidthMiBPerSecond);
    }
}
