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
 * The disk's fsync floor: append one block to a file and {@code force(false)} it, in a loop. No
 * single-threaded durable commit can beat it; group commit can, by sharing one force.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FsyncFloorBench {

    @Param("4096")
    public int blockSize;

    private Path dir;
    private FileChannel channel;
    private ByteBuffer block;
    private long position;

    /** A new, empty file each iteration, so the file never grows without bound. */
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        dir = Engines.scratchDir("fsync");
        channel = FileChannel.open(dir.resolve("floor.log"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        block = ByteBuffer.allocateDirect(blockSize);
        position = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        channel.close();
        Engines.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public long appendAndForce() throws IOException {
        block.clear();
        while (block.hasRemaining()) {
            position += channel.write(block, position);
        }
        channel.force(false);
        return position;
    }
}
