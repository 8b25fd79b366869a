package io.cairn.storage.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link FileChannelFactory} for fault tests: its channels behave like real ones until told to
 * fail. Faults apply to every channel it opened whose path matches {@link #onlyFor}:
 * <ul>
 * <li>{@link #failWriteNumber(long)}: the Nth write from now throws (nothing written);</li>
 * <li>{@link #failForces(boolean)}: every force throws while set;</li>
 * <li>{@link #diskFullAfter(long)}: writes stop after N more bytes: the write that crosses the
 * limit writes what fits and throws "No space left on device";</li>
 * <li>{@link #loseUnforcedWritesOnFault(boolean)}: a failing force or write first undoes every
 * write not yet forced on that channel, as a kernel that drops dirty pages after an I/O error
 * does (the fsyncgate behaviour);</li>
 * <li>{@link #forceDelayMillis(long)}: every force sleeps first, like a real disk.</li>
 * </ul>
 * Counters ({@link #writes()}, {@link #forces()}, {@link #bytesWritten()}) cover matching channels.
 * Thread-safe.
 */
public final class FaultInjectingChannelFactory implements FileChannelFactory {

    private final FileChannelFactory delegate;
    private volatile Predicate<Path> filter = path -> true;
    private final AtomicLong writesUntilFailure = new AtomicLong(-1);
    private final AtomicLong bytesUntilFull = new AtomicLong(-1);
    private volatile boolean failForces;
    private volatile boolean loseUnforcedWrites;
    private volatile long forceDelayMillis;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();

    public FaultInjectingChannelFactory() {
        this(FileChannelFactory.DEFAULT);
    }

    public FaultInjectingChannelFactory(FileChannelFactory delegate) {
        this.delegate = delegate;
    }

    /** Restricts faults and counters to channels whose path matches. */
    public FaultInjectingChannelFactory onlyFor(Predicate<Path> paths) {
        this.filter = paths;
        return this;
    }

    /** The {@code n}th write (1 = the next one) on a matching channel throws; 0 disarms. */
    public FaultInjectingChannelFactory failWriteNumber(long n) {
        writesUntilFailure.set(n <= 0 ? -1 : n);
        return this;
    }

    public FaultInjectingChannelFactory failForces(boolean fail) {
        this.failForces = fail;
        return this;
    }

    /** Lets {@code bytes} more bytes be written, then reports a full disk; negative disarms. */
    public FaultInjectingChannelFactory diskFullAfter(long bytes) {
        bytesUntilFull.set(bytes);
        return this;
    }

    public FaultInjectingChannelFactory loseUnforcedWritesOnFault(boolean lose) {
        this.loseUnforcedWrites = lose;
        return this;
    }

    public FaultInjectingChannelFactory forceDelayMillis(long millis) {
        this.forceDelayMillis = millis;
        return this;
    }

    /** Disarms every fault (counters and delay stay). */
    public FaultInjectingChannelFactory heal() {
        writesUntilFailure.set(-1);
        bytesUntilFull.set(-1);
        failForces = false;
        return this;
    }

    public long writes() {
        return writes.get();
    }

    public long forces() {
        return forces.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Faults injected so far. */
    public long faults() {
        return faults.get();
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel channel = delegate.open(path, options);
        return filter.test(path) ? new FaultyChannel(channel) : channel;
    }

    /** Decides the fate of one write of {@code length} bytes: how many may be written, or -1 to fail outright. */
    private long admitWrite(long length) {
        writes.incrementAndGet();
        long left = writesUntilFailure.get();
        if (left > 0 && writesUntilFailure.decrementAndGet() == 0) {
            return -1;
        }
        while (true) {
            long room = bytesUntilFull.get();
            if (room < 0) {
                return length;
            }
            long granted = Math.min(room, length);
            if (bytesUntilFull.compareAndSet(room, room - granted)) {
                return granted;
            }
        }
    }

    private final class FaultyChannel extends FileChannel {

        private final FileChannel channel;
        /** Writes since the last force, newest last: where, the bytes they replaced, the size before. */
        private final Deque<Object[]> unforced = new ArrayDeque<>();

        FaultyChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int length = src.remaining();
            long granted = admitWrite(length);
            if (granted < 0) {
                fault();
                throw new IOException("injected write failure");
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + (int) granted);
            remember(position, (int) granted);
            int written = 0;
            while (part.hasRemaining()) {
                written += channel.write(part, position + written);
            }
            src.position(src.position() + written);
            bytesWritten.addAndGet(written);
            if (granted < length) {
                fault();
                throw new IOException("No space left on device (injected)");
            }
            return written;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long position = channel.position();
            int written = write(src, position);
            channel.position(position + written);
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            long delay = forceDelayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while forcing", e);
                }
            }
            if (failForces) {
                fault();
                throw new IOException("injected fsync failure");
            }
            channel.force(metaData);
            synchronized (unforced) {
                unforced.clear();
            }
        }

        private void remember(long position, int length) throws IOException {
            if (!loseUnforcedWrites) {
                return;
            }
            long size = channel.size();
            int overlap = (int) Math.max(0, Math.min(length, size - position));
            ByteBuffer old = ByteBuffer.allocate(overlap);
            while (old.hasRemaining() && channel.read(old, position + old.position()) >= 0) {
                // read what the write replaces
            }
            synchronized (unforced) {
                unforced.addLast(new Object[] {position, old.array(), size});
            }
        }

        private void fault() throws IOException {
            faults.incrementAndGet();
            if (!loseUnforcedWrites) {
                return;
            }
            synchronized (unforced) {
                while (!unforced.isEmpty()) {
                    Object[] undo = unforced.removeLast();
                    long position = (Long) undo[0];
                    byte[] old = (byte[]) undo[1];
                    long size = (Long) undo[2];
                    ByteBuffer restore = ByteBuffer.wrap(old);
                    while (restore.hasRemaining()) {
                        channel.write(restore, position + restore.position());
                    }
                    if (channel.size() > size) {
                        channel.truncate(size);
                    }
                }
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return channel.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return channel.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            // Route through write() so faults and counters apply.
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 << 10));
            long done = 0;
            while (done < count) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                if (src.read(buffer) <= 0) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    done += write(buffer, position + done);
                }
            }
            return done;
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            if (mode != MapMode.READ_ONLY) {
                throw new UnsupportedOperationException("writable mappings would bypass fault injection");
            }
            return channel.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
