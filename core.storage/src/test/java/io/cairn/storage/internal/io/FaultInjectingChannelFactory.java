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
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * write not yet forced to that file, as a kernel that drops dirty pages after an I/O error
 * does (the fsyncgate behaviour);</li>
 * <li>{@link #forceDelayMillis(long)}: every force sleeps first, like a real disk;</li>
 * <li>{@link #simulatePowerLoss(Random)}: with {@link #journalUnforcedWrites(boolean)} on, every
 * write not yet forced is undone except a random subset of its 512-byte sectors (a torn write),
 * and every channel opened so far is closed and fails from then on, as after a crash. File
 * creations, renames and deletions are not journaled: they survive the power loss.</li>
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
    private volatile boolean journal;
    /** Writes not yet forced, oldest first, over all matching files; guarded by itself. */
    private final List<UnforcedWrite> unforced = new ArrayList<>();
    /** Channels opened before the last simulated power loss are dead. */
    private volatile int generation;
    private final Set<FileChannel> open = ConcurrentHashMap.newKeySet();
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

    /** A failing write or force first undoes the unforced writes to that file. Turns the journal on. */
    public FaultInjectingChannelFactory loseUnforcedWritesOnFault(boolean lose) {
        this.loseUnforcedWrites = lose;
        if (lose) {
            journal = true;
        }
        return this;
    }

    /** Remembers each write until its file is forced, so faults and power loss can undo it. */
    public FaultInjectingChannelFactory journalUnforcedWrites(boolean on) {
        this.journal = on;
        return this;
    }

    /**
     * Simulates a crash of the machine: undoes every unforced write, newest first, then lets a
     * random subset of their 512-byte sectors reach the disk after all. Every channel opened so
     * far is closed and throws from now on; abandon its owner and reopen the files to recover.
     */
    public void simulatePowerLoss(Random random) throws IOException {
        generation++;
        for (FileChannel channel : open) {
            channel.close();
        }
        List<UnforcedWrite> lost;
        synchronized (unforced) {
            lost = new ArrayList<>(unforced);
            unforced.clear();
        }
        for (int i = lost.size() - 1; i >= 0; i--) {
            lost.get(i).undo();
        }
        for (UnforcedWrite write : lost) {
            write.persistSomeSectors(random);
        }
    }

    /** Bytes written but not yet forced, over every matching file. */
    public long unforcedBytes() {
        synchronized (unforced) {
            return unforced.stream().mapToLong(w -> w.written.length).sum();
        }
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
        if (!filter.test(path)) {
            return channel;
        }
        FaultyChannel faulty = new FaultyChannel(path, channel);
        open.add(faulty);
        return faulty;
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

        private final Path path;
        private final FileChannel channel;
        private final int openedIn = generation;

        FaultyChannel(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        private void checkAlive() throws IOException {
            if (openedIn != generation) {
                throw new IOException("power lost (simulated): " + path);
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkAlive();
            int length = src.remaining();
            long granted = admitWrite(length);
            if (granted < 0) {
                fault();
                throw new IOException("injected write failure");
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + (int) granted);
            remember(position, part);
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
            checkAlive();
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
            List<UnforcedWrite> before;
            synchronized (unforced) {
                before = unforced.stream().filter(w -> w.path.equals(path)).toList();
            }
            channel.force(metaData);
            synchronized (unforced) {
                unforced.removeAll(before);
            }
        }

        private void remember(long position, ByteBuffer data) throws IOException {
            if (!journal) {
                return;
            }
            long size = channel.size();
            int overlap = (int) Math.max(0, Math.min(data.remaining(), size - position));
            ByteBuffer old = ByteBuffer.allocate(overlap);
            while (old.hasRemaining() && channel.read(old, position + old.position()) >= 0) {
                // read what the write replaces
            }
            byte[] written = new byte[data.remaining()];
            data.duplicate().get(written);
            synchronized (unforced) {
                unforced.add(new UnforcedWrite(path, position, old.array(), size, written));
            }
        }

        private void fault() throws IOException {
            faults.incrementAndGet();
            if (!loseUnforcedWrites) {
                return;
            }
            List<UnforcedWrite> lost = new ArrayList<>();
            synchronized (unforced) {
                for (Iterator<UnforcedWrite> it = unforced.iterator(); it.hasNext();) {
                    UnforcedWrite write = it.next();
                    if (write.path.equals(path)) {
                        lost.add(write);
                        it.remove();
                    }
                }
            }
            for (int i = lost.size() - 1; i >= 0; i--) {
                lost.get(i).undo();
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
            checkAlive();
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
            checkAlive();
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
            open.remove(this);
            channel.close();
        }
    }

    /** A write not yet forced: where it went, the bytes and file size it replaced, what it wrote. */
    private record UnforcedWrite(Path path, long position, byte[] old, long oldSize, byte[] written) {

        private static final int SECTOR = 512;

        void undo() throws IOException {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ByteBuffer restore = ByteBuffer.wrap(old);
                while (restore.hasRemaining()) {
                    channel.write(restore, position + restore.position());
                }
                if (channel.size() > oldSize) {
                    channel.truncate(oldSize);
                }
            } catch (NoSuchFileException e) {
                // deleted since: nothing to undo
            }
        }

        void persistSomeSectors(Random random) throws IOException {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                for (int at = 0; at < written.length; at += SECTOR) {
                    if (random.nextBoolean()) {
                        ByteBuffer sector = ByteBuffer.wrap(written, at, Math.min(SECTOR, written.length - at));
                        while (sector.hasRemaining()) {
                            channel.write(sector, position + sector.position());
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                // deleted since
            }
        }
    }
}
