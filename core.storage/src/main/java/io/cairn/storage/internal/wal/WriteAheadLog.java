package io.cairn.storage.internal.wal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import io.cairn.storage.IoWaitListener;
import io.cairn.storage.StorageWaitEvent;
import io.cairn.storage.WalArchiver;
import io.cairn.storage.internal.io.FileChannelFactory;

/**
 * The write-ahead log: a sequence of CRC32C-checked records addressed by LSN (their byte position
 * in the log), stored in segment files of one directory. Appends go to a memory buffer; a commit
 * makes its record durable with {@link #flush(long)}, where concurrent committers share one
 * write and one fsync (group commit). The on-disk format is described in WAL-FORMAT.md.
 *
 * <p>After a failed write or fsync the log is <em>failed</em>: nothing more is appended or
 * acknowledged, because after an fsync error the kernel may have dropped the dirty pages and a
 * later successful fsync would prove nothing. Reopen the directory to recover.
 */
public final class WriteAheadLog implements Closeable {

    private static final int INITIAL_BUFFER = 64 << 10;
    private static final String PREALLOCATING_SUFFIX = WalRecord.SPARE_SUFFIX + ".tmp";

    private final Path dir;
    private final FileChannelFactory factory;
    private final IoWaitListener waitListener;
    private final long segmentSize;
    private final int writeThreshold;
    private final int spareSegments;
    private final int keptBufferSize;
    private final boolean preallocate;

    // Append side, guarded by appendLock.
    private final ReentrantLock appendLock = new ReentrantLock();
    private final CRC32C appendCrc = new CRC32C();
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private byte[] spareBuffer = new byte[INITIAL_BUFFER];
    private int bufferLength;
    private long bufferStartLsn;
    /** LSNs at which a new segment starts inside the buffered bytes. */
    private long[] rollovers = new long[4];
    private int rolloverCount;
    private long appendSegmentStart;
    private long records;
    private long bytesAppended;
    private boolean closed;
    private volatile long endLsn;

    // Flush side: one leader at a time writes and forces; the others wait on `synced`.
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition synced = syncLock.newCondition();
    private boolean leaderActive;
    private long flushWaits;
    private volatile long durableLsn;
    private volatile IOException failure;
    /** Set by close() once the files are closed; guarded by syncLock. */
    private boolean shutDown;

    // Leader-only state: handed from leader to leader through syncLock.
    private WalSegment current;
    private final List<WalSegment> dirty = new ArrayList<>();
    private long writtenLsn;
    private volatile long bytesWritten;
    private volatile long fsyncs;
    private volatile long fsyncNanos;

    private final ConcurrentSkipListMap<Long, WalSegment> segments = new ConcurrentSkipListMap<>();
    private final ConcurrentLinkedDeque<Path> spares = new ConcurrentLinkedDeque<>();
    private final Object recycleLock = new Object();
    private final AtomicBoolean preallocating = new AtomicBoolean();
    private volatile Thread preallocator;
    private WalRecovery recovery;

    private WriteAheadLog(Path dir, WalOptions options) {
        this.dir = dir;
        this.factory = options.channelFactory();
        this.waitListener = options.waitListener();
        this.segmentSize = options.segmentSize();
        this.writeThreshold = options.writeThreshold();
        this.spareSegments = options.spareSegments();
        this.keptBufferSize = Math.max(INITIAL_BUFFER, 2 * options.writeThreshold());
        this.preallocate = options.preallocation();
    }

    /**
     * Opens the log in {@code dir} (created if missing): finds the end of the valid log, cuts off
     * a torn or corrupt tail and removes segments after it, so the next append follows the last
     * valid record.
     */
    public static WriteAheadLog open(Path dir, WalOptions options) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        Files.createDirectories(dir);
        WriteAheadLog log = new WriteAheadLog(dir, options);
        try {
            log.recover(options.initialLsn());
        } catch (IOException | RuntimeException e) {
            if (log.current != null) {
                closeQuietly(log.current);
            }
            throw e;
        }
        log.preallocateIfNeeded();
        return log;
    }

    private void recover(long initialLsn) throws IOException {
        List<WalSegment> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long first = WalRecord.parseSegmentName(name);
                if (first >= 0) {
                    found.add(new WalSegment(first, file, null));
                } else if (name.endsWith(PREALLOCATING_SUFFIX)) {
                    Files.deleteIfExists(file); // a preallocation cut short
                } else if (WalRecord.isSpareName(name)) {
                    spares.add(file);
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.firstLsn, b.firstLsn));
        long end;
        if (found.isEmpty()) {
            end = initialLsn;
            Path path = dir.resolve(WalRecord.segmentName(end));
            current = new WalSegment(end, path, factory.open(path, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE));
            prepareTail(0);
            syncDirectory();
            recovery = new WalRecovery(end, false, 0);
        } else {
            int last;
            try (WalReader scan = new WalReader(found, found.get(0).firstLsn, Long.MAX_VALUE, factory)) {
                while (scan.next()) {
                    // validate every record up to the end of the log
                }
                end = scan.nextLsn();
                last = scan.segmentIndex();
            }
            int removed = 0;
            for (int i = found.size() - 1; i > last; i--) {
                Files.deleteIfExists(found.get(i).path);
                removed++;
            }
            current = found.get(last);
            current.channel = factory.open(current.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            boolean cleared = prepareTail(end - current.firstLsn);
            if (removed > 0) {
                syncDirectory();
            }
            recovery = new WalRecovery(end, cleared, removed);
            for (int i = 0; i < last; i++) {
                segments.put(found.get(i).firstLsn, found.get(i));
            }
        }
        segments.put(current.firstLsn, current);
        appendSegmentStart = current.firstLsn;
        bufferStartLsn = end;
        endLsn = end;
        writtenLsn = end;
        durableLsn = end;
    }

    /**
     * Makes sure nothing but zeros follows the valid bytes of the current segment: stale bytes
     * there could line up with a later record boundary and validate. With preallocation the
     * tail is zeroed and the file filled to the segment size; without, the file is truncated.
     * Returns whether anything but zeros was there.
     */
    private boolean prepareTail(long validBytes) throws IOException {
        FileChannel channel = current.channel;
        long size = channel.size();
        if (!preallocate) {
            if (size > validBytes) {
                channel.truncate(validBytes);
                channel.force(true);
                return true;
            }
            return false;
        }
        boolean cleared = false;
        byte[] chunk = new byte[(int) Math.min(1 << 20, Math.max(segmentSize, size))];
        byte[] zeros = new byte[chunk.length];
        boolean changed = false;
        for (long at = validBytes; at < size; at += chunk.length) {
            ByteBuffer read = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - at));
            while (read.hasRemaining() && channel.read(read, at + read.position()) >= 0) {
                // fill the chunk
            }
            if (Arrays.mismatch(chunk, 0, read.position(), zeros, 0, read.position()) >= 0) {
                writeFully(channel, ByteBuffer.wrap(zeros, 0, read.position()), at);
                changed = true;
                cleared = true;
            }
        }
        for (long at = size; at < segmentSize; at += zeros.length) {
            writeFully(channel, ByteBuffer.wrap(zeros, 0, (int) Math.min(zeros.length, segmentSize - at)), at);
            changed = true;
        }
        if (changed) {
            channel.force(true);
        }
        return cleared;
    }

    private static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }

    /**
     * Appends a record to the log buffer and returns its LSN. The record is not durable until
     * {@link #flush(long)} covers it. Thread-safe; it blocks only when the buffer holds more than
     * four write thresholds while a flush is running.
     *
     * @param type a caller-defined record type; 0 is reserved as invalid
     * @throws UncheckedIOException  if the log has failed (a write or fsync error)
     * @throws IllegalStateException if the log is closed
     */
    public long append(byte type, byte[] payload, int off, int len) {
        Objects.checkFromIndexSize(off, len, payload.length);
        return append(type, payload, off, null, len);
    }

    /**
     * Appends a record whose payload is the remaining bytes of {@code payload} (a page image in a
     * direct buffer, say); the buffer's position is not changed. Otherwise as
     * {@link #append(byte, byte[], int, int)}.
     */
    public long append(byte type, ByteBuffer payload) {
        return append(type, null, 0, payload, payload.remaining());
    }

    private long append(byte type, byte[] array, int off, ByteBuffer source, int len) {
        if (type == 0) {
            throw new IllegalArgumentException("record type 0 is reserved");
        }
        if (len > WalRecord.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record payload too large: " + len);
        }
        int total = WalRecord.HEADER_SIZE + len;
        long lsn;
        int buffered;
        appendLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("write-ahead log " + dir + " is closed");
            }
            IOException failed = failure;
            if (failed != null) {
                throw new UncheckedIOException(failedException(failed));
            }
            lsn = endLsn;
            ensureCapacity(total);
            // A record never spans segments: roll to a new one unless this one is still empty.
            if (lsn > appendSegmentStart && lsn - appendSegmentStart + total > segmentSize) {
                appendSegmentStart = lsn;
                if (rolloverCount == rollovers.length) {
                    rollovers = Arrays.copyOf(rollovers, rolloverCount * 2);
                }
                rollovers[rolloverCount++] = lsn;
            }
            byte[] b = buffer;
            int p = bufferLength;
            WalRecord.INT.set(b, p + WalRecord.LENGTH_OFFSET, len);
            b[p + WalRecord.TYPE_OFFSET] = type;
            WalRecord.LONG.set(b, p + WalRecord.LSN_OFFSET, lsn);
            if (array != null) {
                System.arraycopy(array, off, b, p + WalRecord.HEADER_SIZE, len);
            } else {
                source.get(source.position(), b, p + WalRecord.HEADER_SIZE, len);
            }
            WalRecord.INT.set(b, p + WalRecord.CRC_OFFSET, WalRecord.checksum(appendCrc, b, p, len));
            bufferLength = p + total;
            endLsn = lsn + total;
            records++;
            bytesAppended += total;
            buffered = bufferLength;
        } finally {
            appendLock.unlock();
        }
        if (buffered >= writeThreshold) {
            // Past four thresholds the appender waits its turn: the buffer must not grow without bound.
            writeOut(buffered >= 4L * writeThreshold);
        }
        return lsn;
    }

    private void ensureCapacity(int more) {
        int needed = bufferLength + more;
        if (needed < 0 || needed > WalRecord.MAX_PAYLOAD + WalRecord.HEADER_SIZE) {
            throw new IllegalStateException("write-ahead log buffer overflow");
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min((long) buffer.length * 2, WalRecord.MAX_PAYLOAD));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
    }

    /** The directory holding the segment files. */
    public Path directory() {
        return dir;
    }

    /** What {@link #open} found and repaired at the end of the log. */
    public WalRecovery recovery() {
        return recovery;
    }

    /** LSN just past the last appended record. */
    public long endLsn() {
        return endLsn;
    }

    /** Every record below this LSN has been written and forced to stable storage. */
    public long durableLsn() {
        return durableLsn;
    }

    /** The oldest LSN still in the log. */
    public long firstLsn() {
        return segments.firstKey();
    }

    /**
     * Returns once every record at or below {@code upToLsn} (or everything appended so far, if
     * {@code upToLsn} is at or past {@link #endLsn()}) is durable. Concurrent callers share the
     * work: one leader writes and forces all buffered records while the others wait for it.
     *
     * @throws IOException if the write or fsync failed, now or earlier (the log is then failed)
     */
    public void flush(long upToLsn) throws IOException {
        long end = endLsn;
        long target = upToLsn >= end ? end : upToLsn + 1;
        if (durableLsn >= target) {
            return;
        }
        waitListener.beginWait(StorageWaitEvent.LOG_FILE_SYNC);
        long start = System.nanoTime();
        try {
            syncLock.lock();
            try {
                flushWaits++;
                while (true) {
                    if (durableLsn >= target) {
                        return;
                    }
                    IOException failed = failure;
                    if (failed != null) {
                        throw failedException(failed);
                    }
                    if (shutDown) {
                        throw new IOException("write-ahead log " + dir + " is closed");
                    }
                    if (leaderActive) {
                        synced.awaitUninterruptibly();
                        continue;
                    }
                    leaderActive = true;
                    syncLock.unlock();
                    try {
                        lead(true);
                    } catch (IOException e) {
                        // recorded in `failure`; reported on the next turn of the loop
                    } finally {
                        syncLock.lock();
                        leaderActive = false;
                        synced.signalAll();
                    }
                }
            } finally {
                syncLock.unlock();
            }
        } finally {
            waitListener.endWait(StorageWaitEvent.LOG_FILE_SYNC, System.nanoTime() - start);
        }
    }

    /**
     * Writes the buffer out without forcing, to bound it: right away if no flush is running,
     * else only if {@code wait}, after the running one.
     */
    private void writeOut(boolean wait) {
        if (wait) {
            syncLock.lock();
        } else if (!syncLock.tryLock()) {
            return;
        }
        try {
            while (leaderActive && wait && !shutDown) {
                synced.awaitUninterruptibly();
            }
            if (leaderActive || shutDown) {
                return;
            }
            leaderActive = true;
        } finally {
            syncLock.unlock();
        }
        waitListener.beginWait(StorageWaitEvent.LOG_FILE_WRITE);
        long start = System.nanoTime();
        try {
            lead(false);
        } catch (IOException e) {
            throw new UncheckedIOException(failedException(e));
        } finally {
            waitListener.endWait(StorageWaitEvent.LOG_FILE_WRITE, System.nanoTime() - start);
            syncLock.lock();
            try {
                leaderActive = false;
                synced.signalAll();
            } finally {
                syncLock.unlock();
            }
        }
    }

    /**
     * Leader only: writes everything buffered so far and, if asked, forces it. An interrupt
     * would close the shared FileChannel (ClosedByInterruptException) and fail the log for every
     * session, so a pending interrupt is set aside during the I/O and restored afterwards;
     * cancel statements by flag, not by interrupting a thread that may be committing.
     */
    private void lead(boolean force) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            leadUninterrupted(force);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void leadUninterrupted(boolean force) throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        byte[] data;
        int length;
        long start;
        long[] rolls = null;
        appendLock.lock();
        try {
            data = buffer;
            length = bufferLength;
            start = bufferStartLsn;
            if (rolloverCount > 0) {
                rolls = Arrays.copyOf(rollovers, rolloverCount);
                rolloverCount = 0;
            }
            if (length > 0) {
                buffer = spareBuffer != null ? spareBuffer : new byte[INITIAL_BUFFER];
                spareBuffer = null;
                bufferLength = 0;
                bufferStartLsn = start + length;
            }
        } finally {
            appendLock.unlock();
        }
        try {
            if (length > 0) {
                write(data, length, start, rolls);
                preallocateIfNeeded();
            }
            if (force && durableLsn < writtenLsn) {
                forceDirty();
                durableLsn = writtenLsn;
            }
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        } finally {
            if (length > 0) {
                appendLock.lock();
                try {
                    spareBuffer = data.length <= keptBufferSize ? data : null;
                } finally {
                    appendLock.unlock();
                }
            }
        }
    }

    private void write(byte[] data, int length, long start, long[] rolls) throws IOException {
        long lsn = start;
        long end = start + length;
        int next = 0;
        while (lsn < end) {
            if (rolls != null && next < rolls.length && rolls[next] == lsn) {
                rollTo(lsn);
                next++;
                continue;
            }
            long pieceEnd = rolls != null && next < rolls.length ? rolls[next] : end;
            int offset = (int) (lsn - start);
            ByteBuffer piece = ByteBuffer.wrap(data, offset, (int) (pieceEnd - lsn));
            writeFully(current.channel, piece, lsn - current.firstLsn);
            current.dirty = true;
            if (!dirty.contains(current)) {
                dirty.add(current);
            }
            bytesWritten += pieceEnd - lsn;
            lsn = pieceEnd;
            writtenLsn = lsn;
        }
    }

    private void rollTo(long lsn) throws IOException {
        Path path = dir.resolve(WalRecord.segmentName(lsn));
        FileChannel channel = null;
        Path spare = spares.pollFirst();
        if (spare != null) {
            try {
                Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE);
                // Old records in a reused file carry other LSNs, so they never validate here.
                channel = factory.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                channel = null;
            }
        }
        if (channel == null) {
            channel = factory.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        syncDirectory();
        WalSegment previous = current;
        current = new WalSegment(lsn, path, channel);
        segments.put(lsn, current);
        if (!previous.dirty) {
            closeQuietly(previous);
        }
    }

    /** Leader only: once the current segment is half full and no spare is ready, prepares one in the background. */
    private void preallocateIfNeeded() {
        if (!preallocate || !spares.isEmpty() || writtenLsn - current.firstLsn < segmentSize / 2
                || !preallocating.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::preallocateSpare, "cairn-wal-preallocate");
        thread.setDaemon(true);
        preallocator = thread;
        thread.start();
    }

    /** Writes a zero-filled spare segment file, so the next segment is never extended by commits. */
    private void preallocateSpare() {
        String name = "preallocated-" + System.nanoTime();
        Path tmp = dir.resolve(name + PREALLOCATING_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(segmentSize, 1 << 20));
                for (long at = 0; at < segmentSize; at += zeros.capacity()) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), segmentSize - at));
                    while (zeros.hasRemaining()) {
                        channel.write(zeros, at + zeros.position());
                    }
                }
                channel.force(true);
            }
            Path spare = dir.resolve(name + WalRecord.SPARE_SUFFIX);
            Files.move(tmp, spare, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            spares.add(spare);
        } catch (IOException e) {
            // Only an optimisation: the next segment is then created and extended as it fills.
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for open() to remove
            }
        } finally {
            preallocating.set(false);
        }
    }

    /** Waits for a running background preallocation (tests use it to make runs repeatable). */
    void awaitPreallocation() throws InterruptedException {
        Thread thread = preallocator;
        if (thread != null) {
            thread.join();
        }
    }

    private void forceDirty() throws IOException {
        for (WalSegment segment : dirty) {
            long start = System.nanoTime();
            segment.channel.force(false);
            fsyncNanos += System.nanoTime() - start;
            fsyncs++;
            segment.dirty = false;
        }
        for (WalSegment segment : dirty) {
            if (segment != current) {
                closeQuietly(segment);
            }
        }
        dirty.clear();
    }

    private IOException fail(Exception cause) {
        syncLock.lock();
        try {
            if (failure == null) {
                failure = new IOException("write-ahead log " + dir + " failed writing or forcing up to LSN "
                        + endLsn + " (durable up to " + durableLsn + "); it accepts no more appends or commits"
                        + " until reopened", cause);
            }
            return failure;
        } finally {
            syncLock.unlock();
        }
    }

    private static IOException failedException(IOException failure) {
        return new IOException(failure.getMessage(), failure);
    }

    /**
     * A reader over the durable records from {@code fromLsn}, which must be a record boundary or
     * the first LSN of a segment. It sees the log up to {@link #durableLsn()} at this call.
     * Readers must stay above the LSN given to {@link #recycleBefore}.
     */
    public WalReader read(long fromLsn) throws IOException {
        long oldest = firstLsn();
        if (fromLsn < oldest) {
            throw new IOException("LSN " + fromLsn + " is no longer in the write-ahead log " + dir
                    + "; its oldest LSN is " + oldest);
        }
        long limit = durableLsn;
        List<WalSegment> snapshot = new ArrayList<>();
        for (WalSegment segment : segments.values()) {
            if (segment.firstLsn <= limit) {
                snapshot.add(new WalSegment(segment.firstLsn, segment.path, null));
            }
        }
        return new WalReader(snapshot, fromLsn, limit, factory);
    }

    /**
     * Removes every closed segment that lies entirely below {@code lsn} (and below
     * {@link #durableLsn()}), oldest first, after offering it to {@code archiver} (may be null).
     * Removed segments are kept as spare files for reuse (up to {@code WalOptions.spareSegments})
     * or deleted. If the archiver fails, that segment and all later ones are kept and the
     * failure is thrown.
     */
    public void recycleBefore(long lsn, WalArchiver archiver) throws IOException {
        synchronized (recycleLock) {
            long limit = Math.min(lsn, durableLsn);
            boolean changed = false;
            try {
                while (true) {
                    Map.Entry<Long, WalSegment> oldest = segments.firstEntry();
                    Long next = segments.higherKey(oldest.getKey());
                    if (next == null || next > limit) {
                        return;
                    }
                    WalSegment segment = oldest.getValue();
                    if (archiver != null) {
                        try {
                            archiver.archive(segment.path, segment.firstLsn, next);
                        } catch (IOException | RuntimeException e) {
                            throw new IOException("archiving write-ahead log segment " + segment.path
                                    + " failed; it and later segments are kept", e);
                        }
                    }
                    changed = true;
                    if (spares.size() < spareSegments) {
                        Path spare = dir.resolve(WalRecord.spareName(segment.firstLsn));
                        Files.move(segment.path, spare, StandardCopyOption.ATOMIC_MOVE);
                        spares.add(spare);
                    } else {
                        Files.delete(segment.path);
                    }
                    segments.remove(segment.firstLsn);
                }
            } finally {
                if (changed) {
                    syncDirectory();
                }
            }
        }
    }

    /** A snapshot of the counters. */
    public WalStats stats() {
        long recordCount;
        long appended;
        appendLock.lock();
        try {
            recordCount = records;
            appended = bytesAppended;
        } finally {
            appendLock.unlock();
        }
        long waits;
        syncLock.lock();
        try {
            waits = flushWaits;
        } finally {
            syncLock.unlock();
        }
        long size = 0;
        int count = 0;
        for (WalSegment segment : segments.values()) {
            size += sizeOf(segment.path);
            count++;
        }
        for (Path spare : spares) {
            size += sizeOf(spare);
        }
        long syncs = fsyncs;
        return new WalStats(recordCount, appended, bytesWritten, syncs, fsyncNanos, count, size,
                syncs == 0 ? 0 : (double) waits / syncs, waits);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Flushes everything appended and closes the files; no appends are accepted afterwards. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        try {
            flush(Long.MAX_VALUE);
        } finally {
            syncLock.lock();
            try {
                while (leaderActive) {
                    synced.awaitUninterruptibly();
                }
                leaderActive = true;
                shutDown = true;
                synced.signalAll();
            } finally {
                syncLock.unlock();
            }
            for (WalSegment segment : dirty) {
                closeQuietly(segment);
            }
            dirty.clear();
            closeQuietly(current);
            try {
                awaitPreallocation();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void syncDirectory() throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // some platforms cannot open a directory; they persist renames without it
        }
        try (channel) {
            channel.force(true);
        }
    }

    private static void closeQuietly(WalSegment segment) {
        FileChannel channel = segment.channel;
        segment.channel = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to lose: the segment's data was forced or the log has failed
            }
        }
    }

    @Override
    public String toString() {
        return "WriteAheadLog[" + dir + ", firstLsn=" + firstLsn() + ", durableLsn=" + durableLsn + ", endLsn="
                + endLsn + "]";
    }
}
