package io.cairn.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The disk's fsync floor: write one block and {@code force(false)} it, in a loop. {@code append}
 * grows the file, so every force also commits the new size (the floor the targets are set
 * against); {@code overwrite} cycles through a preallocated file, where only data is forced
 * (what a log that reuses old segments can approach). One thread: no single-threaded durable
 * commit can beat its disk's floor; group commit can, by sharing one force.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FsyncFloorBench {

    static final long PREALLOCATED_BYTES = 64L << 20;

    @Param({"append", "overwrite"})
    public String mode;

    @Param("4096")
    public int blockSize;

    private Path dir;
    private FileChannel channel;
    private ByteBuffer block;
    private long position;
    private long wrapAt;

    /** A new file each iteration, so an appended file never grows without bound. */
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        dir = Engines.scratchDir("fsync");
        channel = FileChannel.open(dir.resolve("floor.log"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        block = ByteBuffer.allocateDirect(blockSize);
        position = 0;
        switch (mode) {
            case "append" -> wrapAt = Long.MAX_VALUE;
            case "overwrite" -> {
                wrapAt = PREALLOCATED_BYTES - PREALLOCATED_BYTES % blockSize;
                ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long p = 0; p < PREALLOCATED_BYTES; p += zeros.capacity()) {
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        channel.write(zeros, p + zeros.position());
                    }
                }
                channel.force(true);
            }
            default -> throw new IllegalArgumentException("mode must be append or overwrite, was " + mode);
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        channel.close();
        Engines.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public long writeAndForce() throws IOException {
        if (position >= wrapAt) {
            position = 0;
        }
        block.clear();
        while (block.hasRemaining()) {
            position += channel.write(block, position);
        }
        channel.force(false);
        return position;
    }
}
