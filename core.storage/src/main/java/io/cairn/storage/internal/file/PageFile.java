package io.cairn.storage.internal.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.cairn.storage.CorruptPageException;
import io.cairn.storage.IoWaitListener;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageWaitEvent;
import io.cairn.storage.FileChannelFactory;
import io.cairn.storage.internal.page.PageChecksum;
import io.cairn.storage.internal.page.PageLayout;

/**
 * The data file {@code cairn.data}: a header page followed by 8 KiB pages, each sealed with a
 * CRC32C that is checked on every read. The file grows in 1 MiB extents. See FORMAT.md.
 */
public final class PageFile implements AutoCloseable {

    public static final String FILE_NAME = "cairn.data";
    /**
     * 3: the log may hold PAGE_DELTA records (pages and header as in 2); 2: page counts in the
     * catalog. Older versions are read and upgraded at open, newer ones refused.
     */
    public static final int FORMAT_VERSION = 3;
    static final byte[] MAGIC = "CAIRNDB\0".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_COPY_SIZE = 64;
    static final int HEADER_CRC_OFFSET = 60;
    static final long EXTENT_BYTES = 1L << 20;

    private final Path path;
    private final FileChannelFactory factory;
    private final IoWaitListener waits;
    private volatile FileChannel channel;
    private volatile long allocatedBytes;
    private volatile boolean locked;
    private volatile boolean closed;

    private PageFile(Path path, FileChannelFactory factory, FileChannel channel, IoWaitListener waits) throws IOException {
        this.path = path;
        this.factory = factory;
        this.channel = channel;
        this.waits = waits;
        this.allocatedBytes = channel.size();
    }

    public static PageFile open(Path dir, FileChannelFactory factory, IoWaitListener waits) {
        Path path = dir.resolve(FILE_NAME);
        try {
            FileChannel ch = factory.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new PageFile(path, factory, ch, waits);
        } catch (IOException e) {
            throw new StorageException("cannot open data file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes an exclusive lock on the file for the life of this channel, so a second store (in this
     * process or another) cannot open the same database; the OS drops it if the process dies.
     */
    public void lockExclusively() {
        try {
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StorageException("database file " + path + " is in use by another process");
            }
            locked = true;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new StorageException("database file " + path + " is already open in this process", e);
        } catch (IOException e) {
            throw new StorageException("cannot lock database file " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** True when the file has no header yet (a new database). */
    public boolean isEmpty() {
        return allocatedBytes == 0;
    }

    public long sizeBytes() {
        return allocatedBytes;
    }

    // ---- header ----

    /** Reads the newer valid header copy; fails with a message naming the file if there is none. */
    public FileHeader readHeader() {
        ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        try {
            int n = readFully(b, 0);
            if (n < PageLayout.PAGE_SIZE) {
                throw new StorageException("not a Cairn data file: " + path + " is " + allocatedBytes
                        + " bytes, shorter than its header page");
            }
        } catch (IOException e) {
            throw new StorageException("cannot read the header of " + path + ": " + e.getMessage(), e);
        }
        FileHeader best = null;
        boolean magicSeen = false;
        String problem = null;
        for (int copy = 0; copy < 2; copy++) {
            int base = copy * (PageLayout.PAGE_SIZE / 2);
            byte[] magic = new byte[MAGIC.length];
            b.get(base, magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                continue;
            }
            magicSeen = true;
            if (headerCrc(b, base) != b.getInt(base + HEADER_CRC_OFFSET)) {
                problem = "header copy " + copy + " fails its checksum";
                continue;
            }
            int version = b.getInt(base + 8);
            if (version > FORMAT_VERSION) {
                throw new StorageException("cannot open " + path + ": its format version " + version
                        + " is newer than this Cairn supports (" + FORMAT_VERSION + ")");
            }
            int pageSize = b.getInt(base + 12);
            if (pageSize != PageLayout.PAGE_SIZE) {
                throw new StorageException("cannot open " + path + ": page size " + pageSize
                        + " differs from the supported " + PageLayout.PAGE_SIZE);
            }
            FileHeader h = new FileHeader(version, pageSize, b.getLong(base + 16), b.getLong(base + 24),
                    b.get(base + 32) == 1);
            if (best == null || h.checkpointCount() > best.checkpointCount()) {
                best = h;
            }
        }
        if (best == null) {
            throw new StorageException(magicSeen
                    ? "data file " + path + " has a damaged header: " + problem + " and no valid copy"
                    : "not a Cairn data file: " + path + " does not start with the CAIRNDB magic");
        }
        return best;
    }

    /** Writes the header into the copy slot its checkpoint count selects, then syncs. */
    public void writeHeader(FileHeader h) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_COPY_SIZE);
        b.put(0, MAGIC);
        b.putInt(8, h.formatVersion());
        b.putInt(12, h.pageSize());
        b.putLong(16, h.checkpointCount());
        b.putLong(24, h.redoLsn());
        b.put(32, (byte) (h.cleanShutdown() ? 1 : 0));
        b.putInt(HEADER_CRC_OFFSET, headerCrc(b, 0));
        long pos = (h.checkpointCount() & 1) * (PageLayout.PAGE_SIZE / 2);
        try {
            ensureAllocated(PageLayout.PAGE_SIZE);
            writeFully(b, pos);
            io(ch -> {
                ch.force(false);
                return null;
            });
        } catch (IOException e) {
            throw new StorageException("cannot write the header of " + path + ": " + e.getMessage(), e);
        }
    }

    private static int headerCrc(ByteBuffer b, int base) {
        CRC32C crc = new CRC32C();
        ByteBuffer d = b.duplicate();
        d.limit(base + HEADER_CRC_OFFSET).position(base);
        crc.update(d);
        return (int) crc.getValue();
    }

    // ---- pages ----

    /** Reads page {@code pageNo} into {@code dst} (position 0..PAGE_SIZE) and checks its checksum. */
    public void readPage(long pageNo, ByteBuffer dst) {
        long start = System.nanoTime();
        waits.beginWait(StorageWaitEvent.DATA_FILE_READ);
        int n;
        try {
            n = readFully(dst, pageNo * PageLayout.PAGE_SIZE);
        } catch (IOException e) {
            throw new StorageException("cannot read page " + pageNo + " of " + path + ": " + e.getMessage(), e);
        } finally {
            waits.endWait(StorageWaitEvent.DATA_FILE_READ, System.nanoTime() - start);
        }
        if (n < PageLayout.PAGE_SIZE) {
            throw new CorruptPageException(path, pageNo, "page lies beyond the end of the file (" + allocatedBytes + " bytes)");
        }
        if (!PageChecksum.matches(dst)) {
            throw new CorruptPageException(path, pageNo, "checksum mismatch");
        }
    }

    /**
     * Reads up to {@code count} consecutive pages from {@code firstPageNo} into {@code dst} (position
     * 0, page i at i * PAGE_SIZE) in one positional read where the OS allows, stopping at the end of
     * the file. Checks nothing: the caller verifies each page it uses. Returns the whole pages read.
     */
    public int readPages(long firstPageNo, int count, ByteBuffer dst) {
        long fileEnd = allocatedBytes;
        long pos = firstPageNo * PageLayout.PAGE_SIZE;
        int bytes = (int) Math.min((long) count * PageLayout.PAGE_SIZE, Math.max(0, fileEnd - pos));
        if (bytes < PageLayout.PAGE_SIZE) {
            return 0;
        }
        long start = System.nanoTime();
        waits.beginWait(StorageWaitEvent.DATA_FILE_READ);
        try {
            int n = io(ch -> {
                ByteBuffer d = dst.duplicate().clear();
                d.limit(bytes);
                int total = 0;
                while (d.hasRemaining()) {
                    int r = ch.read(d, pos + total);
                    if (r < 0) {
                        break;
                    }
                    total += r;
                }
                return total;
            });
            return n / PageLayout.PAGE_SIZE;
        } catch (IOException e) {
            throw new StorageException("cannot read pages " + firstPageNo + "-" + (firstPageNo + count - 1)
                    + " of " + path + ": " + e.getMessage(), e);
        } finally {
            waits.endWait(StorageWaitEvent.DATA_FILE_READ, System.nanoTime() - start);
        }
    }

    /** Reads a page without checking it; false if the file ends before the page does. */
    public boolean readPageUnchecked(long pageNo, ByteBuffer dst) {
        try {
            return readFully(dst, pageNo * PageLayout.PAGE_SIZE) == PageLayout.PAGE_SIZE;
        } catch (IOException e) {
            throw new StorageException("cannot read page " + pageNo + " of " + path + ": " + e.getMessage(), e);
        }
    }

    /** Seals {@code src} with its checksum and writes it as page {@code pageNo}, growing the file by extents. */
    public void writePage(long pageNo, ByteBuffer src) {
        PageChecksum.seal(src);
        long pos = pageNo * PageLayout.PAGE_SIZE;
        long start = System.nanoTime();
        waits.beginWait(StorageWaitEvent.DATA_FILE_WRITE);
        try {
            ensureAllocated(pos + PageLayout.PAGE_SIZE);
            writeFully(src.duplicate().clear(), pos);
        } catch (IOException e) {
            throw new StorageException("cannot write page " + pageNo + " of " + path + ": " + e.getMessage(), e);
        } finally {
            waits.endWait(StorageWaitEvent.DATA_FILE_WRITE, System.nanoTime() - start);
        }
    }

    public void sync() {
        try {
            io(ch -> {
                ch.force(false);
                return null;
            });
        } catch (IOException e) {
            throw new StorageException("cannot sync data file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Shrinks the file to {@code pageCount} pages rounded up to an extent, then syncs. */
    public void truncate(long pageCount) {
        long bytes = roundUp(pageCount * PageLayout.PAGE_SIZE);
        try {
            synchronized (this) {
                if (bytes < allocatedBytes) {
                    io(ch -> ch.truncate(bytes));
                    allocatedBytes = bytes;
                }
            }
            io(ch -> {
                ch.force(true);
                return null;
            });
        } catch (IOException e) {
            throw new StorageException("cannot truncate data file " + path + ": " + e.getMessage(), e);
        }
    }

    private static long roundUp(long bytes) {
        return (bytes + EXTENT_BYTES - 1) / EXTENT_BYTES * EXTENT_BYTES;
    }

    private void ensureAllocated(long endBytes) throws IOException {
        if (endBytes <= allocatedBytes) {
            return;
        }
        synchronized (this) {
            if (endBytes <= allocatedBytes) {
                return;
            }
            long target = roundUp(endBytes);
            // Writing the extent's last byte makes the file that long; the gap reads as zeros.
            writeFully(ByteBuffer.allocate(1), target - 1);
            allocatedBytes = target;
        }
    }

    private int readFully(ByteBuffer dst, long pos) throws IOException {
        return io(ch -> {
            ByteBuffer d = dst.duplicate().clear();
            d.limit(PageLayout.PAGE_SIZE);
            int total = 0;
            while (d.hasRemaining()) {
                int n = ch.read(d, pos + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        });
    }

    private void writeFully(ByteBuffer src, long pos) throws IOException {
        int start = src.position();
        io(ch -> {
            src.position(start);
            long p = pos;
            while (src.hasRemaining()) {
                p += ch.write(src, p);
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface ChannelCall<T> {
        T run(FileChannel ch) throws IOException;
    }

    /**
     * Runs channel I/O so that a thread's interrupt cannot take the shared channel away from every
     * other user: a pending interrupt is set aside and restored afterwards, and a channel closed by
     * an interrupt that arrives mid-call is reopened (and relocked) and the call repeated.
     */
    private <T> T io(ChannelCall<T> call) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0;; attempt++) {
                FileChannel ch = channel;
                try {
                    return call.run(ch);
                } catch (java.nio.channels.ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    if (closed || attempt >= 3) {
                        throw e;
                    }
                    reopen(ch);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (channel != broken || closed) {
            return;
        }
        FileChannel ch = factory.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (locked && ch.tryLock() == null) {
            ch.close();
            throw new IOException("lost the lock on " + path + " while reopening it after an interrupt");
        }
        channel = ch;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot close data file " + path + ": " + e.getMessage(), e);
        }
    }
}
