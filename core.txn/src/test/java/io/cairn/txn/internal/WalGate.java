package io.cairn.txn.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

import io.cairn.storage.FileChannelFactory;

/**
 * A {@link FileChannelFactory} whose write-ahead-log channels (files under a {@code wal}
 * directory) stall or fail on demand, like a disk that hangs or reports an I/O error: while the
 * gate is {@link #hold() held}, every write and force of a log segment waits; after
 * {@link #fail(String)} each one throws. Nothing of a held write reaches the file, so a copy of
 * the directory taken meanwhile is what a power loss at that moment would leave.
 */
public final class WalGate implements FileChannelFactory, AutoCloseable {

    private final Object monitor = new Object();
    private boolean held;
    private String failure;
    private int waiting;

    /** From now on, log writes and forces wait until {@link #release()} or {@link #fail}. */
    public void hold() {
        synchronized (monitor) {
            held = true;
        }
    }

    public void release() {
        synchronized (monitor) {
            held = false;
            monitor.notifyAll();
        }
    }

    /** Releases the gate: a test closes it before the database, so a failed assertion cannot leave the close hanging. */
    @Override
    public void close() {
        release();
    }

    /** Every waiting and later log write or force throws an IOException with this message. */
    public void fail(String message) {
        synchronized (monitor) {
            failure = message;
            monitor.notifyAll();
        }
    }

    /** Waits until {@code n} log writes or forces are held at the gate. */
    public void awaitHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        synchronized (monitor) {
            while (waiting < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no log write reached the gate");
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void pass() throws IOException {
        synchronized (monitor) {
            waiting++;
            monitor.notifyAll();
            try {
                while (held && failure == null) {
                    monitor.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted at the log gate");
            } finally {
                waiting--;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
        }
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(path, options);
        Path parent = path.getParent();
        return parent != null && parent.getFileName().toString().equals("wal") ? new Gated(channel) : channel;
    }

    /** Delegates everything; writes and forces pass the gate first. */
    private final class Gated extends FileChannel {
        private final FileChannel d;

        Gated(FileChannel d) {
            this.d = d;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            pass();
            return d.write(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            pass();
            return d.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            pass();
            return d.write(srcs, offset, length);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            pass();
            d.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            pass();
            d.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            pass();
            return d.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
