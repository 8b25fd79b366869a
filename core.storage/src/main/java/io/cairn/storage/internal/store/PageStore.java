package io.cairn.storage.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.cairn.storage.BackupSession;
import io.cairn.storage.CheckpointMode;
import io.cairn.storage.CompactionResult;
import io.cairn.storage.CorruptPageException;
import io.cairn.storage.Cursor;
import io.cairn.storage.FragmentationStats;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageStats;
import io.cairn.storage.Tree;
import io.cairn.storage.VerifyReport;
import io.cairn.storage.WalArchiver;
import io.cairn.storage.internal.btree.BTree;
import io.cairn.storage.internal.btree.TreeCheck;
import io.cairn.storage.internal.buffer.BufferPool;
import io.cairn.storage.internal.buffer.Frame;
import io.cairn.storage.internal.buffer.PageCopy;
import io.cairn.storage.internal.file.FileHeader;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageChecksum;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import io.cairn.storage.internal.wal.WalOptions;
import io.cairn.storage.internal.wal.WriteAheadLog;

/**
 * The page store: the data file, buffer pool and write-ahead log tied together. Tree changes run
 * under the shared mutation latch; a log point takes it exclusively and logs the full image of
 * every page changed since the last one, closed by a GROUP_END record (physical, redo-only
 * logging). Checkpoints write logged pages and move the redo point; open replays complete groups.
 */
public final class PageStore implements Storage {

    static final String WAL_DIR = "wal";
    private static final int WRITE_BATCH = 256;

    private final Path dir;
    private final StorageOptions options;
    private final PageFile file;
    private final WriteAheadLog wal;
    private final BufferPool pool;
    private FreeSpace space;
    private BTree catalog;
    private final Map<String, StoreTree> trees = new ConcurrentHashMap<>();

    /** Shared by every page change; exclusive for log points and consistent page copies. */
    private final ReentrantReadWriteLock latch = new ReentrantReadWriteLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final byte[] imageScratch = new byte[LogRecords.IMAGE_PAYLOAD];
    private final byte[] deltaScratch = new byte[PageDelta.MAX_PAYLOAD];
    private final java.util.zip.CRC32C deltaCrc = new java.util.zip.CRC32C();
    private final List<PageCopy> copyBuffers = new ArrayList<>();

    /** Some tree's page count changed since the last log point wrote them to the catalog. */
    private volatile boolean pageCountsChanged;
    private volatile StorageException failure;
    private volatile boolean closed;
    private volatile WalArchiver archiver;
    private final Map<StoreBackup, Long> backups = new ConcurrentHashMap<>();

    private volatile long checkpointCount;
    private volatile long redoLsn;
    private final AtomicLong logPoints = new AtomicLong();
    private final AtomicLong pagesLogged = new AtomicLong();
    /** Of {@link #pagesLogged}, those logged as PAGE_DELTA records. */
    final AtomicLong deltasLogged = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final BackgroundWriter writer;

    private PageStore(Path dir, StorageOptions options, PageFile file, WriteAheadLog wal) {
        this.dir = dir;
        this.options = options;
        this.file = file;
        this.wal = wal;
        this.pool = new BufferPool(file, options.bufferPoolBytes(), options.readAheadPages(), new BufferPool.LogSync() {
            @Override
            public boolean isDurable(long lsn) {
                return wal.durableLsn() > lsn;
            }

            @Override
            public void flush(long lsn) {
                flushLog(lsn);
            }
        });
        this.writer = new BackgroundWriter(this, dir);
    }

    public static PageStore open(Path dir, StorageOptions options) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create database directory " + dir + ": " + e.getMessage(), e);
        }
        PageFile file = PageFile.open(dir, options.channelFactory(), options.ioWaitListener());
        WriteAheadLog wal = null;
        try {
            file.lockExclusively();
            boolean fresh = file.isEmpty();
            FileHeader header = fresh ? null : file.readHeader();
            WalOptions walOptions = WalOptions.defaults()
                    .withSegmentSize(options.walSegmentBytes())
                    .withChannelFactory(options.channelFactory())
                    .withWaitListener(options.ioWaitListener())
                    .withInitialLsn(Math.max(WalOptions.DEFAULT_INITIAL_LSN, header == null ? 0 : header.redoLsn()));
            try {
                wal = WriteAheadLog.open(dir.resolve(WAL_DIR), walOptions);
            } catch (IOException e) {
                throw new StorageException("cannot open the write-ahead log of " + dir + ": " + e.getMessage(), e);
            }
            if (fresh) {
                header = new FileHeader(PageFile.FORMAT_VERSION, PageLayout.PAGE_SIZE, 0, wal.endLsn(), false);
                file.writeHeader(header);
            } else {
                if (header.redoLsn() > wal.endLsn()) {
                    throw new StorageException("the write-ahead log of " + dir + " ends at LSN " + wal.endLsn()
                            + ", before the checkpoint's redo LSN " + header.redoLsn()
                            + ": the log is missing or belongs to another database");
                }
                new Recovery(file, wal, options.recoveryListener(), Recovery.cachePages(options.bufferPoolBytes()))
                        .run(header.redoLsn());
                if (header.formatVersion() < PageFile.FORMAT_VERSION) {
                    // Before the first PAGE_DELTA is logged: from now on a binary that knows only
                    // full page images refuses this database instead of misreading its log.
                    header = new FileHeader(PageFile.FORMAT_VERSION, PageLayout.PAGE_SIZE,
                            header.checkpointCount() + 1, header.redoLsn(), false);
                    file.writeHeader(header);
                }
            }
            PageStore store = new PageStore(dir, options, file, wal);
            store.checkpointCount = header.checkpointCount();
            store.redoLsn = header.redoLsn();
            store.start(header);
            return store;
        } catch (RuntimeException e) {
            closeQuietly(wal);
            file.close();
            throw e;
        }
    }

    private static void closeQuietly(WriteAheadLog wal) {
        if (wal != null) {
            try {
                wal.close();
            } catch (IOException | RuntimeException ignored) {
                // the open already failed; its cause is what the caller needs to see
            }
        }
    }

    private void start(FileHeader header) {
        pool.setAllocator(new BufferPool.PageAllocator() {
            @Override
            public Page allocate(PageType type) {
                return space.allocate(type);
            }

            @Override
            public void free(long pageNo) {
                space.free(pageNo);
            }
        });
        boolean initialised = header.checkpointCount() > 0 || metaPageReadable();
        if (!initialised) {
            // A new database, or one whose creation never reached its first checkpoint.
            latch.writeLock().lock();
            try {
                space = FreeSpace.create(pool);
                long root = BTree.create(pool);
                space.setCatalogRoot(root);
                catalog = new BTree(pool, root);
            } finally {
                latch.writeLock().unlock();
            }
            commit(null);
        } else {
            space = FreeSpace.load(pool);
            catalog = new BTree(pool, space.catalogRoot());
        }
        resumeDrops();
        checkpoint(CheckpointMode.PASSIVE);
        writer.start();
    }

    private boolean metaPageReadable() {
        ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        return file.readPageUnchecked(MetaPage.PAGE_NO, b) && PageChecksum.matches(b)
                && b.get(PageLayout.TYPE_OFFSET) == PageType.META.code();
    }

    // ---- state checks and the mutation latch ----

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        StorageException f = failure;
        if (f != null) {
            throw new StorageException("store " + dir + " refuses changes after an earlier failure ("
                    + f.getMessage() + "); reopen it to recover every committed change", f);
        }
    }

    private StorageException fail(RuntimeException e, String what) {
        StorageException se = e instanceof StorageException s ? s
                : new StorageException(what + " failed in " + dir + ": " + e.getMessage(), e);
        if (failure == null) {
            failure = se;
        }
        return se;
    }

    /**
     * Enters a page-changing operation: logs first if too many pages are unlogged, then takes the
     * mutation latch shared. Pair with {@link #endMutation()} in a finally block.
     */
    void beginMutation() {
        checkWritable();
        if (pool.unloggedCount() > pool.capacity() / 2 && latch.getReadHoldCount() == 0
                && !latch.isWriteLockedByCurrentThread()) {
            logPoint(null);
        }
        latch.readLock().lock();
        if (failure != null) {
            latch.readLock().unlock();
            checkWritable();
        }
    }

    /**
     * Rejects, before any page changes, a value whose overflow chain could not fit in a quarter
     * of the buffer pool: a change must stay small enough for the next log point to absorb, or
     * the pool would run out of frames half way through it and the store would have to stop.
     */
    void checkValueFits(byte[] value) {
        long usable = PageLayout.PAGE_SIZE - PageLayout.HEADER_SIZE - 64L;
        long max = pool.capacity() / 4 * usable;
        if (value != null && value.length > max) {
            throw new IllegalArgumentException("a value of " + value.length + " bytes is larger than the "
                    + max + " bytes one change may write with a buffer pool of " + pool.capacity()
                    + " pages; raise the buffer pool size (bufferPoolSize) to store it");
        }
    }

    void endMutation() {
        latch.readLock().unlock();
    }

    /** Called with what a change threw: unless the arguments were rejected, the store stops taking changes. */
    RuntimeException mutationFailed(RuntimeException e) {
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
            return e; // rejected arguments: the tree checks them before changing anything
        }
        // A change that stopped half way may have left pages inconsistent: never log them.
        return fail(e, "a tree change");
    }

    void mutationFailed(Error e) {
        if (failure == null) {
            failure = new StorageException("a tree change failed in " + dir + ": " + e, e);
        }
    }

    /** Runs a page-changing operation between {@link #beginMutation()} and {@link #endMutation()}. */
    <T> T mutate(Supplier<T> op) {
        beginMutation();
        try {
            return op.get();
        } catch (RuntimeException e) {
            throw mutationFailed(e);
        } catch (Error e) {
            mutationFailed(e);
            throw e;
        } finally {
            endMutation();
        }
    }

    // ---- log points, commit, flush ----

    /** Largest caller payload of a log group, so a bad argument fails before anything is logged. */
    static final int MAX_GROUP_PAYLOAD = 16 << 20;

    @Override
    public long logPoint(byte[] payload) {
        if (payload != null && payload.length > MAX_GROUP_PAYLOAD) {
            throw new IllegalArgumentException("log group payload of " + payload.length + " bytes exceeds "
                    + MAX_GROUP_PAYLOAD);
        }
        checkWritable();
        latch.writeLock().lock();
        try {
            checkWritable();
            return logPointLocked(payload);
        } finally {
            latch.writeLock().unlock();
        }
    }

    /** Logs every unlogged page and a GROUP_END; the caller holds the latch exclusively. */
    private long logPointLocked(byte[] payload) {
        if (pageCountsChanged) {
            writePageCounts();
        }
        List<Frame> frames = pool.takeUnlogged();
        try {
            long groupStart = -1;
            byte[] scratch = imageScratch;
            int deltas = 0;
            for (Frame f : frames) {
                ByteBuffer.wrap(scratch).putLong(0, f.pageNo());
                f.buffer().get(0, scratch, 8, PageLayout.PAGE_SIZE);
                PageDelta.clearFields(scratch, 8); // not meaningful in the log; recovery sets them
                // A delta against the image last logged, if the frame kept it (FORMAT.md, "Rules").
                byte[] base = pool.deltaBase(f);
                int n = base == null ? -1
                        : PageDelta.encode(f.pageNo(), f.pageLsn(), scratch, 8, base, deltaScratch, deltaCrc);
                long lsn = n >= 0 ? wal.append(LogRecords.PAGE_DELTA, deltaScratch, 0, n)
                        : wal.append(LogRecords.PAGE_IMAGE, scratch, 0, scratch.length);
                if (n >= 0) {
                    deltas++;
                }
                pool.keepBase(f, scratch, 8);
                if (groupStart < 0) {
                    groupStart = lsn;
                }
            }
            long start = groupStart < 0 ? wal.endLsn() : groupStart;
            byte[] end = LogRecords.groupEnd(start, frames.size(), payload);
            long endLsn = wal.append(LogRecords.GROUP_END, end, 0, end.length);
            io.cairn.storage.IoCounter.walWritten(wal.endLsn() - start);
            for (Frame f : frames) {
                pool.markLogged(f, start, endLsn);
            }
            logPoints.incrementAndGet();
            pagesLogged.addAndGet(frames.size());
            deltasLogged.addAndGet(deltas);
            return endLsn;
        } catch (RuntimeException e) {
            throw fail(e, "logging changed pages");
        }
    }

    /** Called by {@link TreePages} (under the mutation latch) when a tree allocated or freed a page. */
    void pageCountChanged() {
        if (!pageCountsChanged) {
            pageCountsChanged = true;
        }
    }

    /**
     * Writes every changed page count into its tree's catalog entry. Runs at the start of a log
     * point, under the exclusive latch, so the counts match the pages of the very group that logs
     * them: recovery restores both together, and the counts are exact after a crash.
     */
    private void writePageCounts() {
        pageCountsChanged = false; // before reading the counts: a tree opened meanwhile sets it again
        try {
            for (Map.Entry<String, StoreTree> e : trees.entrySet()) {
                StoreTree t = e.getValue();
                long n = t.pages.count.get();
                if (!t.dropped && n != t.persistedPages) {
                    catalog.put(nameKey(e.getKey()), catalogValue(t.root, n));
                    t.persistedPages = n;
                }
            }
        } catch (RuntimeException e) {
            throw fail(e, "recording tree sizes");
        }
    }

    /** A catalog value: the root page, then the tree's page count (FORMAT.md). */
    private static byte[] catalogValue(long root, long pages) {
        return ByteBuffer.allocate(16).putLong(root).putLong(pages).array();
    }

    @Override
    public void flush(long lsn) {
        checkOpen();
        flushLog(lsn);
    }

    private void flushLog(long lsn) {
        try {
            wal.flush(lsn);
        } catch (IOException | RuntimeException e) {
            StorageException se = new StorageException("cannot make the write-ahead log of " + dir
                    + " durable up to LSN " + lsn + ": " + e.getMessage(), e);
            if (failure == null) {
                failure = se;
            }
            throw se;
        }
    }

    @Override
    public long commit(byte[] payload) {
        long lsn = logPoint(payload);
        flushLog(lsn);
        if (wal.endLsn() - redoLsn > options.checkpointWalBytes()) {
            writer.requestCheckpoint();
        }
        return lsn;
    }

    // ---- trees ----

    private static byte[] nameKey(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == (char) DROPPING) {
            throw new IllegalArgumentException("a tree needs a non-empty name not starting with NUL");
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Tree openTree(String name) {
        checkOpen();
        StoreTree t = trees.get(name);
        if (t != null) {
            return t;
        }
        byte[] v = catalog.get(nameKey(name));
        if (v == null) {
            throw new StorageException("no tree named '" + name + "' in " + dir);
        }
        return treeFor(name, CatalogEntry.of(v));
    }

    /** A tree's catalog entry: its root page and page count (-1 in a format-1 entry, which has none). */
    private record CatalogEntry(long root, long pages) {
        static CatalogEntry of(byte[] v) {
            ByteBuffer b = ByteBuffer.wrap(v);
            return new CatalogEntry(b.getLong(0), v.length >= 16 ? b.getLong(8) : -1);
        }
    }

    /** The one StoreTree (and so the one BTree and its lock) serving {@code root}. */
    private StoreTree treeFor(String name, CatalogEntry e) {
        return trees.computeIfAbsent(name, n -> {
            long pages = e.pages();
            if (pages < 0) {
                // A tree from a format-1 file: counted once by a walk, recorded at the next log point.
                pages = new BTree(pool, e.root()).walkPages();
                pageCountChanged();
            }
            StoreTree t = new StoreTree(this, n, e.root(), new TreePages(this, pool, pages), e.pages());
            t.dropped = n.charAt(0) == (char) DROPPING; // being dropped: its count is never written back
            return t;
        });
    }

    @Override
    public Tree createTree(String name) {
        byte[] key = nameKey(name);
        synchronized (trees) {
            return mutate(() -> {
                if (catalog.get(key) != null) {
                    throw new IllegalArgumentException("a tree named '" + name + "' already exists in " + dir);
                }
                long root = BTree.create(pool);
                catalog.put(key, catalogValue(root, 1));
                StoreTree t = new StoreTree(this, name, root, new TreePages(this, pool, 1), 1);
                trees.put(name, t);
                return t;
            });
        }
    }

    /** Catalog keys of trees being dropped start with this byte, which user names cannot. */
    private static final byte DROPPING = 0;

    @Override
    public void dropTree(String name) {
        byte[] key = nameKey(name);
        StoreTree t;
        String pending;
        synchronized (trees) {
            t = (StoreTree) openTree(name);
            pending = "\0" + t.root;
            byte[] pendingKey = pending.getBytes(StandardCharsets.UTF_8);
            // One atomic step hides the tree; emptying it may take many log points, so it
            // stays in the catalog under a reserved name until it is gone (resumed on open).
            mutate(() -> {
                catalog.remove(key);
                catalog.put(pendingKey, catalogValue(t.root, t.pages.count.get()));
                t.dropped = true; // in the same change: no log point may write the old name's count back
                return null;
            });
            trees.remove(name);
            trees.put(pending, t);
        }
        finishDrop(pending, t);
    }

    /** Empties a tree in small changes (each bounded, so the pool never fills), then frees its root. */
    private void finishDrop(String pending, StoreTree t) {
        byte[] pendingKey = pending.getBytes(StandardCharsets.UTF_8);
        BTree bt = t.btree;
        for (;;) {
            List<byte[]> batch = new ArrayList<>();
            try (Cursor c = bt.cursor(null, true, null, true, false)) {
                while (batch.size() < 64 && c.next()) {
                    batch.add(c.key());
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            for (byte[] k : batch) {
                mutate(() -> bt.remove(k));
            }
        }
        mutate(() -> {
            bt.drop();
            catalog.remove(pendingKey);
            return null;
        });
        trees.remove(pending);
    }

    /** Finishes drops a crash interrupted. */
    private void resumeDrops() {
        for (Map.Entry<String, CatalogEntry> r : catalogEntries().entrySet()) {
            if (r.getKey().charAt(0) == (char) DROPPING) {
                finishDrop(r.getKey(), treeFor(r.getKey(), r.getValue()));
            }
        }
    }

    @Override
    public List<String> treeNames() {
        checkOpen();
        List<String> names = new ArrayList<>();
        for (String n : catalogEntries().keySet()) {
            if (n.charAt(0) != (char) DROPPING) {
                names.add(n);
            }
        }
        return names;
    }

    private Map<String, CatalogEntry> catalogEntries() {
        Map<String, CatalogEntry> roots = new java.util.TreeMap<>();
        try (Cursor c = catalog.cursor(null, true, null, true, false)) {
            while (c.next()) {
                roots.put(new String(c.key(), StandardCharsets.UTF_8), CatalogEntry.of(c.value()));
            }
        }
        return roots;
    }

    // ---- checkpoints ----

    @Override
    public void checkpoint(CheckpointMode mode) {
        checkOpen();
        checkpointLocked(mode, false);
    }

    private void checkpointLocked(CheckpointMode mode, boolean cleanShutdown) {
        checkpointLock.lock();
        try {
            long redo;
            // TRUNCATE tries again while concurrent changes keep the redo point behind the log's end.
            int rounds = mode == CheckpointMode.TRUNCATE ? 3 : 1;
            for (int round = 1;; round++) {
                if (mode != CheckpointMode.PASSIVE && failure == null && (pool.unloggedCount() > 0 || pageCountsChanged)) {
                    logPoint(null);
                }
                writeLoggedPages(false);
                long end;
                latch.writeLock().lock();
                try {
                    // Every page marked clean so far was written before this point, so the sync below covers it.
                    end = wal.endLsn();
                    redo = pool.minRecLsn(end);
                } finally {
                    latch.writeLock().unlock();
                }
                if (redo == end || round >= rounds) {
                    break;
                }
            }
            try {
                file.sync();
            } catch (StorageException e) {
                // After a failed fsync the kernel may have dropped pages we already count as written.
                throw fail(e, "syncing the data file");
            }
            flushLog(redo);
            long count = checkpointCount + 1;
            file.writeHeader(new FileHeader(PageFile.FORMAT_VERSION, PageLayout.PAGE_SIZE, count, redo, cleanShutdown));
            checkpointCount = count;
            redoLsn = redo;
            checkpoints.incrementAndGet();
            long recycleBelow = redo;
            for (long backupStart : backups.values()) {
                recycleBelow = Math.min(recycleBelow, backupStart);
            }
            try {
                wal.recycleBefore(recycleBelow, archiver);
            } catch (IOException e) {
                throw new StorageException("checkpoint of " + dir + " could not recycle log segments: " + e.getMessage(), e);
            }
        } finally {
            checkpointLock.unlock();
        }
    }

    /** One background round: a batch of logged dirty pages, cold ones first. */
    void writeColdPages() {
        checkpointLock.lock();
        try {
            writeLoggedPages(true);
        } finally {
            checkpointLock.unlock();
        }
    }

    /** Writes dirty, logged pages in batches copied under the exclusive latch (all of them, or one background batch). */
    private void writeLoggedPages(boolean background) {
        // Copies stay pinned until written, so a batch never holds more than a quarter of the pool.
        int batchSize = Math.max(1, Math.min(WRITE_BATCH, pool.capacity() / 4));
        List<PageCopy> copies = copyBuffers; // reused: every caller holds checkpointLock
        while (copies.size() < batchSize) {
            copies.add(new PageCopy());
        }
        for (;;) {
            List<Frame> candidates = pool.dirtyLoggedFrames(background, background ? batchSize : Integer.MAX_VALUE);
            if (candidates.isEmpty()) {
                return;
            }
            boolean wroteAny = false;
            for (int from = 0; from < candidates.size(); from += batchSize) {
                List<PageCopy> batch = new ArrayList<>();
                latch.writeLock().lock();
                try {
                    for (int i = from; i < Math.min(candidates.size(), from + batchSize); i++) {
                        PageCopy c = copies.get(batch.size());
                        if (pool.copyForWrite(candidates.get(i), c)) {
                            batch.add(c);
                        }
                    }
                } finally {
                    latch.writeLock().unlock();
                }
                pool.writeCopies(batch);
                wroteAny |= !batch.isEmpty();
            }
            if (background || !wroteAny) {
                return;
            }
        }
    }

    void checkpointInBackground() {
        if (!closed && failure == null) {
            checkpointLocked(CheckpointMode.PASSIVE, false);
        }
    }

    int dirtyPages() {
        return pool.dirtyCount();
    }

    /** The buffer pool (tests read its read-ahead counters). */
    BufferPool pool() {
        return pool;
    }

    int poolCapacity() {
        return pool.capacity();
    }

    long walBytesSinceRedo() {
        return wal.endLsn() - redoLsn;
    }

    long checkpointWalBytes() {
        return options.checkpointWalBytes();
    }

    boolean failed() {
        return failure != null || closed;
    }

    @Override
    public String failure() {
        StorageException f = failure;
        return f == null ? null : f.getMessage();
    }

    // ---- verify ----

    @Override
    public VerifyReport verify() {
        checkOpen();
        List<VerifyReport.Issue> issues = new ArrayList<>();
        // The checkpoint lock keeps background writes (made outside the latch) from tearing our reads.
        checkpointLock.lock();
        latch.writeLock().lock();
        try {
            long pageCount = space.pageCount();
            ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
            try {
                file.readHeader();
            } catch (StorageException e) {
                issues.add(new VerifyReport.Issue(0, e.getMessage()));
            }
            for (long p = 1; p < pageCount; p++) {
                Frame f = pool.resident(p);
                if (f != null && f.isDirty()) {
                    continue; // the pool's copy is newer than the file's and has not been written yet
                }
                if (!file.readPageUnchecked(p, b)) {
                    issues.add(new VerifyReport.Issue(p, "page lies beyond the end of the data file"));
                } else if (!PageChecksum.matches(b)) {
                    issues.add(new VerifyReport.Issue(p, "checksum mismatch in " + file.path()));
                }
            }
            BitSet owned = new BitSet();
            owned.set(0, 2);
            String chain = space.chainProblem();
            if (chain != null) {
                issues.add(new VerifyReport.Issue(space.chainProblemPage(), chain));
            }
            for (long p : space.freePages()) {
                claim(owned, p, "the free list", issues);
            }
            try {
                space.checkChain((page, problem) -> issues.add(new VerifyReport.Issue(page, problem)));
            } catch (RuntimeException e) {
                issues.add(new VerifyReport.Issue(pageOf(e), "free list could not be walked: " + e.getMessage()));
            }
            checkTree("the catalog", catalog, owned, issues);
            Map<String, CatalogEntry> roots;
            try {
                roots = catalogEntries();
            } catch (RuntimeException e) {
                issues.add(new VerifyReport.Issue(pageOf(e), "catalog unreadable: " + e.getMessage()));
                roots = Map.of();
            }
            for (Map.Entry<String, CatalogEntry> r : roots.entrySet()) {
                StoreTree t = treeFor(r.getKey(), r.getValue());
                String what = "tree '" + r.getKey() + "'";
                long visited = checkTree(what, t.btree, owned, issues);
                long counted = t.pages.count.get();
                if (visited >= 0 && visited != counted) {
                    issues.add(new VerifyReport.Issue(t.root, what + " records " + counted + " pages but uses " + visited));
                }
            }
            for (long p = 2; p < pageCount; p++) {
                if (!owned.get((int) p)) {
                    issues.add(new VerifyReport.Issue(p, "orphan page: in no tree and not on the free list"));
                }
            }
            return new VerifyReport(pageCount, issues);
        } finally {
            latch.writeLock().unlock();
            checkpointLock.unlock();
        }
    }

    private static long pageOf(RuntimeException e) {
        if (e instanceof CorruptPageException c) {
            return c.pageNo();
        }
        if (e instanceof io.cairn.storage.internal.btree.CorruptNodeException c) {
            return c.pageNo();
        }
        return -1;
    }

    private static void claim(BitSet owned, long p, String by, List<VerifyReport.Issue> issues) {
        if (p < 0 || p > Integer.MAX_VALUE) {
            issues.add(new VerifyReport.Issue(p, by + " refers to an impossible page number"));
        } else if (owned.get((int) p)) {
            issues.add(new VerifyReport.Issue(p, "page used twice; again by " + by));
        } else {
            owned.set((int) p);
        }
    }

    /** Checks one tree; returns the pages it visited, or -1 if the check could not finish. */
    private long checkTree(String what, BTree tree, BitSet owned, List<VerifyReport.Issue> issues) {
        long[] visited = {0};
        try {
            tree.verify(new TreeCheck() {
                @Override
                public void visited(long pageNo) {
                    visited[0]++;
                    claim(owned, pageNo, what, issues);
                }

                @Override
                public void issue(long pageNo, String problem) {
                    issues.add(new VerifyReport.Issue(pageNo, what + ": " + problem));
                }
            });
        } catch (RuntimeException e) {
            issues.add(new VerifyReport.Issue(pageOf(e), what + " could not be checked: " + e.getMessage()));
            return -1;
        }
        return visited[0];
    }

    // ---- compaction and fragmentation ----

    @Override
    public FragmentationStats fragmentation() {
        checkOpen();
        long free = space.freeCount();
        long count = space.pageCount();
        return new FragmentationStats(count, free, free * PageLayout.PAGE_SIZE, file.sizeBytes());
    }

    @Override
    public CompactionResult compact() {
        checkWritable();
        if (!backups.isEmpty()) {
            throw new IllegalStateException("cannot compact " + dir + " while a backup session is open");
        }
        checkpointLock.lock();
        try {
            long before = file.sizeBytes();
            long moved = 0;
            latch.writeLock().lock();
            try {
                long target = space.pageCount() - space.freeCount();
                List<BTree> all = new ArrayList<>();
                all.add(catalog);
                for (Map.Entry<String, CatalogEntry> r : catalogEntries().entrySet()) {
                    all.add(treeFor(r.getKey(), r.getValue()).btree);
                }
                // Move the highest pages first, a window at a time, logging after each window so
                // the pool never fills with unlogged pages.
                long window = Math.max(1, pool.capacity() / 8);
                for (long hi = space.pageCount(); hi > target; hi -= window) {
                    long top = hi;
                    long bottom = Math.max(target, hi - window);
                    for (BTree t : all) {
                        moved += t.relocate(p -> p >= bottom && p < top);
                        logPointLocked(null);
                    }
                }
                long end = space.highestUsedPage() + 1;
                space.shrinkTo(end);
                logPointLocked(null);
            } catch (RuntimeException e) {
                throw fail(e, "compaction");
            } finally {
                latch.writeLock().unlock();
            }
            checkpointLocked(CheckpointMode.FULL, false);
            latch.writeLock().lock();
            try {
                // Under the latch no change can allocate a page past the end while we cut it off.
                long end = space.pageCount();
                pool.discardFrom(end);
                file.truncate(end);
            } finally {
                latch.writeLock().unlock();
            }
            return new CompactionResult(moved, before, file.sizeBytes());
        } finally {
            checkpointLock.unlock();
        }
    }

    // ---- backup ----

    @Override
    public BackupSession beginBackup() {
        checkOpen();
        latch.writeLock().lock();
        try {
            // Under the latch the log's end is a group boundary, and a checkpoint that computes its
            // redo point after this either sees the registration or a redo point at or below it.
            StoreBackup b = new StoreBackup(this, wal.endLsn());
            backups.put(b, b.startLsn());
            return b;
        } finally {
            latch.writeLock().unlock();
        }
    }

    void endBackup(StoreBackup b) {
        backups.remove(b);
    }

    long pageCount() {
        return space.pageCount();
    }

    ByteBuffer readHeaderPage() {
        ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        file.readPageUnchecked(0, b);
        return b;
    }

    /**
     * Copies the latest logged image of the resident pages among [from, to) into {@code out} (one
     * buffer per page, null when not resident) and returns their LSNs, or
     * {@link BufferPool#BUSY} for a page being loaded or evicted, which the caller retries.
     */
    long[] copyLoggedImages(long from, long to, ByteBuffer[] out) {
        long[] lsns = new long[(int) (to - from)];
        latch.writeLock().lock();
        try {
            boolean unlogged = false;
            for (long p = from; p < to; p++) {
                Frame f = pool.resident(p);
                if (f != null && f.isUnlogged()) {
                    unlogged = true;
                }
            }
            if (unlogged) {
                checkWritable();
                logPointLocked(null);
            }
            for (long p = from; p < to; p++) {
                int i = (int) (p - from);
                out[i] = null;
                int r = pool.copyImage(p, out, i);
                lsns[i] = r == BufferPool.COPIED ? out[i].getLong(PageLayout.LSN_OFFSET) : r;
            }
        } finally {
            latch.writeLock().unlock();
        }
        return lsns;
    }

    /** Reads a page from the data file for a backup; null if a concurrent write tore the read (retry). */
    ByteBuffer readPageForBackup(long pageNo) {
        ByteBuffer b = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        if (!file.readPageUnchecked(pageNo, b) || !PageChecksum.matches(b)) {
            return null;
        }
        return b;
    }

    @Override
    public void setWalArchiver(WalArchiver archiver) {
        this.archiver = archiver;
    }

    // ---- stats and close ----

    @Override
    public StorageStats stats() {
        var ws = wal.stats();
        return new StorageStats(pool.stats(), wal.firstLsn(), wal.endLsn(), wal.durableLsn(), ws.sizeOnDisk(),
                file.sizeBytes(), space.pageCount(), space.freeCount(), redoLsn, checkpoints.get(),
                logPoints.get(), pagesLogged.get(), ws.bytesWritten(), ws.fsyncs(), ws.fsyncNanos(),
                ws.groupCommitBatches());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        writer.stop();
        StorageException error = null;
        try {
            if (failure == null) {
                checkpointLocked(CheckpointMode.FULL, true);
            }
        } catch (StorageException e) {
            error = e;
        } finally {
            closed = true;
            try {
                wal.close();
            } catch (IOException | RuntimeException e) {
                if (error == null && failure == null) {
                    error = new StorageException("cannot close the write-ahead log of " + dir + ": " + e.getMessage(), e);
                }
            }
            file.close();
        }
        if (error != null) {
            throw error;
        }
    }

    @Override
    public String toString() {
        return "PageStore[" + dir + "]";
    }
}
