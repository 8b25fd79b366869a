package io.cairn.storage.internal.btree;

import static io.cairn.storage.internal.page.PageLayout.PAGE_SIZE;

import io.cairn.storage.Cursor;
import io.cairn.storage.IoCounter;
import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageAccess;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.page.PageType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

/**
 * A B+tree over unsigned-lexicographic byte-string keys, stored in slotted pages reached through
 * {@link PageAccess}; large values spill into overflow chains. The root page number never
 * changes, so a catalog can name a tree by it for its whole life.
 *
 * <p>Nodes have no sibling pointers: cursors keep the path from the root instead, which keeps
 * splits, merges and page relocation local to a parent and its children.
 *
 * <p>Concurrency is deliberately coarse for now: one {@link ReentrantReadWriteLock} per tree,
 * shared by readers and exclusive for writers. Cursors take the read lock only for the length of
 * one step and notice changes through a modification counter, re-seeking after the last key
 * they returned. Page-level latch coupling can replace the tree lock later without changing the
 * page format. One BTree instance should serve a root page at a time, since the lock lives in
 * the instance. See BTREE-FORMAT.md for the page layout.
 */
public final class BTree {

    /** Deeper than any real tree (2^39 leaves even at fan-out 2); stops descents through cycles. */
    static final int MAX_DEPTH = 40;

    private final PageAccess pages;
    private final long root;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long modCount;
    private volatile boolean dropped;

    // Writer scratch state, guarded by the write lock.
    private final long[] pathPages = new long[MAX_DEPTH];
    private final int[] pathIdx = new int[MAX_DEPTH];
    private final ByteBuffer scratch = ByteBuffer.allocate(PAGE_SIZE);
    /** Pinned pages allocated up front for the split a put is about to make. */
    private final ArrayDeque<Page> reservedLeaves = new ArrayDeque<>();
    private final ArrayDeque<Page> reservedInternals = new ArrayDeque<>();
    /** The overflow chain of the cell {@link #takeOut} removed last, or -1. */
    private long takenChain = Node.NO_PAGE;
    private int takenTotal;
    /** The path runs along the right edge of the tree: appends split unevenly there. */
    private boolean rightEdge;

    public BTree(PageAccess pages, long rootPageNo) {
        this.pages = Objects.requireNonNull(pages, "pages");
        this.root = rootPageNo;
    }

    /** Allocates an empty root leaf and returns its page number, the tree's permanent name. */
    public static long create(PageAccess pages) {
        try (Page p = pages.allocate(PageType.BTREE_LEAF)) {
            Node.init(p.buffer(), Node.LEAF, Node.NO_PAGE);
            p.markDirty();
            return p.pageNo();
        }
    }

    /** Longest key accepted by {@link #put}; keys never spill into overflow pages. */
    public static int maxKeyLength() {
        return Node.MAX_KEY;
    }

    public long rootPageNo() {
        return root;
    }

    // ---- reads --------------------------------------------------------------------------

    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        lock.readLock().lock();
        try {
            checkOpen();
            IoCounter io = IoCounter.current(); // one lookup for the whole descent
            long pageNo = root;
            for (int level = 0; ; level++) {
                if (level >= MAX_DEPTH) {
                    throw new CorruptNodeException(pageNo, "tree deeper than " + MAX_DEPTH + " levels (cycle?)");
                }
                try (Page p = pages.pin(pageNo, io)) {
                    ByteBuffer b = p.buffer();
                    byte kind = Node.kind(b, pageNo);
                    int count = Node.count(b, pageNo);
                    if (kind == Node.LEAF) {
                        int r = Node.search(b, count, key, pageNo);
                        return r < 0 ? null : readValue(b, Node.slot(b, r, pageNo), pageNo);
                    }
                    pageNo = Node.child(b, Node.childIndex(b, count, key, pageNo), pageNo);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A cursor over {@code [from, to]} with the given inclusivity; a null bound is unbounded.
     * The cursor holds no lock or pin between steps.
     */
    public Cursor cursor(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse) {
        return new TreeCursor(this, from, fromInclusive, to, toInclusive, reverse);
    }

    /** Children a walk offers the pool for read-ahead at a time. */
    private static final int WALK_READ_AHEAD = 64;

    /** Number of entries, counted by walking every leaf. */
    public long count() {
        return walk(0, (b, count, pageNo) -> count);
    }

    /**
     * Pages the tree uses, counted by walking it: every node page plus the overflow pages of its
     * values (from each value's length, without reading the chains). Reads every node page once.
     */
    public long walkPages() {
        return walk(1, (b, count, pageNo) -> {
            List<long[]> chains = new ArrayList<>();
            collectChains(b, count, pageNo, chains);
            long n = 1;
            for (long[] chain : chains) {
                n += Math.max(1, OverflowChain.pagesFor((int) chain[2]));
            }
            return n;
        });
    }

    /** What a walk adds up for a leaf page (its buffer, cell count and number). */
    private interface LeafMeasure {
        long of(ByteBuffer leaf, int count, long pageNo);
    }

    /** The sum over the whole tree of {@code leaf} for leaves and {@code perInternal} for internal nodes. */
    private long walk(long perInternal, LeafMeasure leaf) {
        lock.readLock().lock();
        try {
            checkOpen();
            return walkUnder(root, 0, perInternal, leaf, new int[] {-1});
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@code leafLevel[0]}: the leaves' level once the walk has reached one, else -1. */
    private long walkUnder(long pageNo, int level, long perInternal, LeafMeasure leaf, int[] leafLevel) {
        if (level >= MAX_DEPTH) {
            throw new CorruptNodeException(pageNo, "tree deeper than " + MAX_DEPTH + " levels (cycle?)");
        }
        long[] children;
        try (Page p = pages.pin(pageNo)) {
            ByteBuffer b = p.buffer();
            byte kind = Node.kind(b, pageNo);
            int count = Node.count(b, pageNo);
            if (kind == Node.LEAF) {
                leafLevel[0] = level;
                return leaf.of(b, count, pageNo);
            }
            children = children(b, count, pageNo);
        }
        long n = perInternal;
        for (int i = 0; i < children.length; i++) {
            if (i % WALK_READ_AHEAD == 1 && leafLevel[0] == level + 1 && children.length - i >= 2) {
                // A walk visits every leaf in order: once it knows these children are leaves,
                // it lets the pool read the next ones ahead if they miss.
                long[] next = Arrays.copyOfRange(children, i, Math.min(children.length, i + WALK_READ_AHEAD));
                pages.readAhead(next, next.length);
            }
            n += walkUnder(children[i], level + 1, perInternal, leaf, leafLevel);
        }
        return n;
    }

    /** Levels from the root to the leaves; 1 for a tree that is a single leaf. */
    public int height() {
        lock.readLock().lock();
        try {
            checkOpen();
            long pageNo = root;
            for (int level = 1; level <= MAX_DEPTH; level++) {
                try (Page p = pages.pin(pageNo)) {
                    ByteBuffer b = p.buffer();
                    if (Node.kind(b, pageNo) == Node.LEAF) {
                        return level;
                    }
                    pageNo = Node.leftmost(b);
                }
            }
            throw new CorruptNodeException(pageNo, "tree deeper than " + MAX_DEPTH + " levels (cycle?)");
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Checks the whole tree, reporting every page it owns and every problem; never throws on corruption. */
    public void verify(TreeCheck check) {
        Objects.requireNonNull(check, "check");
        lock.readLock().lock();
        try {
            checkOpen();
            new TreeVerifier(pages, root, check).run();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- writes -------------------------------------------------------------------------

    /** Inserts or replaces; returns the previous value or null. */
    public byte[] put(byte[] key, byte[] value) {
        return put(key, value, false);
    }

    /**
     * Inserts {@code value} only if {@code key} is absent, in one descent: returns null after
     * inserting, or the present value (the tree unchanged). A caller that must read a key before
     * writing it when it is new (a version chain's head) saves the separate lookup.
     */
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        return put(key, value, true);
    }

    private byte[] put(byte[] key, byte[] value, boolean onlyIfAbsent) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.length > Node.MAX_KEY) {
            throw new IllegalArgumentException("key of " + key.length
                    + " bytes exceeds the B+tree key limit of " + Node.MAX_KEY + " bytes");
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            int depth = descend(key);
            long leafNo = pathPages[depth];
            boolean inline = Node.LEAF_INLINE_EXTRA + key.length + value.length <= Node.MAX_CELL;
            if (onlyIfAbsent && !inline) {
                // before the value's overflow chain is written: a present key changes nothing
                try (Page p = pages.pin(leafNo)) {
                    ByteBuffer b = p.buffer();
                    int r = Node.search(b, Node.count(b, leafNo), key, leafNo);
                    if (r >= 0) {
                        return readValue(b, Node.slot(b, r, leafNo), leafNo);
                    }
                }
            }
            if (!onlyIfAbsent) {
                modCount++;
            }
            byte[] cell;
            long newChain = Node.NO_PAGE;
            if (inline) {
                cell = Node.leafCellInline(key, value);
            } else {
                newChain = OverflowChain.write(pages, value);
                cell = Node.leafCellOverflow(key, value.length, newChain);
            }
            byte[] old = null;
            takenChain = Node.NO_PAGE;
            boolean linked = false;
            try {
                boolean split = false;
                try (Page p = pages.pin(leafNo)) {
                    ByteBuffer b = p.buffer();
                    int count = Node.count(b, leafNo);
                    int r = Node.search(b, count, key, leafNo);
                    if (onlyIfAbsent) {
                        if (r >= 0) { // only an inline value gets here with its key present: nothing was written
                            return readValue(b, Node.slot(b, r, leafNo), leafNo);
                        }
                        modCount++;
                    }
                    int room = Node.freeSpace(b) + Node.fragmented(b);
                    int oldSize = -1;
                    if (r >= 0) {
                        oldSize = Node.cellSize(b, Node.slot(b, r, leafNo), Node.LEAF, leafNo);
                        room += oldSize + 2;
                    }
                    if (oldSize == cell.length) {
                        // same-size update (fixed-width rows): overwrite the cell where it is
                        int off = Node.slot(b, r, leafNo);
                        old = readTaken(b, off, leafNo);
                        b.put(off, cell);
                        linked = true;
                        p.markDirty();
                    } else if (room >= cell.length + 2) {
                        int idx = r >= 0 ? r : -(r + 1);
                        if (r >= 0) {
                            old = takeOut(b, r, leafNo);
                        }
                        if (!Node.insert(b, idx, cell, Node.LEAF, leafNo, scratch)) {
                            throw new CorruptNodeException(leafNo, "free space in the header does not match the page");
                        }
                        linked = true;
                        p.markDirty();
                    } else {
                        split = true;
                    }
                }
                if (split) {
                    // Allocate every page the split can need before changing anything, so a full disk
                    // fails the put and leaves the tree as it was.
                    reserveForSplit(depth);
                    linked = true;
                    int idx;
                    try (Page p = pages.pin(leafNo)) {
                        ByteBuffer b = p.buffer();
                        int r = Node.search(b, Node.count(b, leafNo), key, leafNo);
                        idx = r >= 0 ? r : -(r + 1);
                        if (r >= 0) {
                            old = takeOut(b, r, leafNo);
                            p.markDirty();
                        }
                    }
                    splitLeaf(depth, idx, cell);
                }
            } catch (RuntimeException e) {
                if (newChain != Node.NO_PAGE && !linked) {
                    tryFree(newChain, value.length, e);
                }
                throw e;
            } finally {
                releaseReserve();
            }
            freeTakenChain();
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the entry; returns its value or null when there was none. */
    public byte[] remove(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length > Node.MAX_KEY) {
            return null;
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            modCount++;
            int depth = descend(key);
            long leafNo = pathPages[depth];
            byte[] old;
            takenChain = Node.NO_PAGE;
            try (Page p = pages.pin(leafNo)) {
                ByteBuffer b = p.buffer();
                int count = Node.count(b, leafNo);
                int r = Node.search(b, count, key, leafNo);
                if (r < 0) {
                    return null;
                }
                old = takeOut(b, r, leafNo);
                p.markDirty();
            }
            freeTakenChain();
            rebalance(depth);
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes leaf cell {@code r} and returns its value; an overflow chain it owned is left in
     * {@link #takenChain} for the caller to free once the change is complete.
     */
    private byte[] takeOut(ByteBuffer b, int r, long leafNo) {
        byte[] old = readTaken(b, Node.slot(b, r, leafNo), leafNo);
        Node.remove(b, r, Node.LEAF, leafNo);
        return old;
    }

    /** Reads the value of the leaf cell at {@code off} and remembers its overflow chain in {@link #takenChain}. */
    private byte[] readTaken(ByteBuffer b, int off, long leafNo) {
        byte[] old = readValue(b, off, leafNo);
        int klen = Node.keyLen(b, off, leafNo);
        takenChain = Node.NO_PAGE;
        if (b.get(off + 2 + klen) == Node.VALUE_OVERFLOW) {
            takenTotal = b.getInt(off + 3 + klen);
            takenChain = b.getLong(off + 7 + klen);
        }
        return old;
    }

    private void freeTakenChain() {
        long chain = takenChain;
        takenChain = Node.NO_PAGE;
        if (chain != Node.NO_PAGE) {
            OverflowChain.free(pages, chain, takenTotal);
        }
    }

    /** Pins fresh pages for a leaf split and for every ancestor that might split with it. */
    private void reserveForSplit(int depth) {
        reserve(PageType.BTREE_LEAF, depth == 0 ? 2 : 1);
        for (int level = depth - 1; level >= 0; level--) {
            boolean roomy;
            long pageNo = pathPages[level];
            try (Page p = pages.pin(pageNo)) {
                ByteBuffer b = p.buffer();
                roomy = Node.freeSpace(b) + Node.fragmented(b) >= Node.INTERNAL_EXTRA + Node.MAX_KEY + 2;
            }
            if (roomy) {
                return;
            }
            reserve(PageType.BTREE_INTERNAL, level == 0 ? 2 : 1);
        }
    }

    private void reserve(PageType type, int n) {
        for (int i = 0; i < n; i++) {
            Page p = pages.allocate(type);
            (type == PageType.BTREE_LEAF ? reservedLeaves : reservedInternals).add(p);
        }
    }

    /** Unpins and frees the reserved pages a split did not use. */
    private void releaseReserve() {
        RuntimeException failure = null;
        for (ArrayDeque<Page> reserved : List.of(reservedLeaves, reservedInternals)) {
            Page p;
            while ((p = reserved.poll()) != null) {
                try {
                    p.close();
                    pages.free(p.pageNo());
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- bottom-up loading ---------------------------------------------------------------

    /**
     * Starts filling this tree, which must be empty, bottom-up from entries in ascending key
     * order (see {@link Loader}). Fails with IllegalStateException, changing nothing, when the
     * tree holds an entry.
     */
    public Loader loader(int fillPercent) {
        if (fillPercent < 10 || fillPercent > 100) {
            throw new IllegalArgumentException("fill factor " + fillPercent + " is not between 10 and 100 percent");
        }
        lock.readLock().lock();
        try {
            checkOpen();
            try (Page p = pages.pin(root)) {
                ByteBuffer b = p.buffer();
                if (Node.kind(b, root) != Node.LEAF || Node.count(b, root) != 0) {
                    throw new IllegalStateException("B+tree with root page " + root + " is not empty: only an empty tree can be loaded");
                }
            }
            return new Loader(fillPercent, modCount);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Fills an empty tree from entries in strictly ascending key order, the way a bulk load should:
     * each leaf is written left to right up to the fill factor and never touched again, and a
     * separator goes up the right edge of the tree when a new page starts, so no entry is ever
     * searched for, moved or split. The tree is a valid B+tree holding the entries appended so far
     * after every {@link #append} call (callers make each call one change of the store, so a log
     * point between calls logs a consistent tree); {@link #finish} evens out the underfull right
     * edge. Nothing else may change the tree meanwhile.
     */
    public final class Loader {

        /** The rightmost node of each level; 0 is the leaf level, {@link #top} the root's. */
        private final long[] edge = new long[MAX_DEPTH];
        private int top;
        private final int leafTarget;
        private final int internalTarget;
        private byte[] lastKey;
        private long expectedModCount;
        private long appended;

        private Loader(int fillPercent, long modCount) {
            this.leafTarget = Node.USABLE * fillPercent / 100;
            this.internalTarget = Node.USABLE * fillPercent / 100;
            this.expectedModCount = modCount;
            edge[0] = root;
        }

        /** Entries appended so far. */
        public long count() {
            return appended;
        }

        /**
         * Appends {@code entries} ({key, value} pairs) after everything appended before. A key not
         * greater than the one before it fails with IllegalArgumentException before that entry is
         * added; the tree then holds the entries before it.
         */
        public void append(List<byte[][]> entries) {
            lock.writeLock().lock();
            try {
                checkOpen();
                if (modCount != expectedModCount) {
                    throw new IllegalStateException("B+tree with root page " + root + " changed during a bulk load");
                }
                modCount++;
                try {
                    for (byte[][] e : entries) {
                        appendOne(e[0], e[1]);
                    }
                } finally {
                    expectedModCount = modCount;
                }
            } finally {
                lock.writeLock().unlock();
            }
        }

        private void appendOne(byte[] key, byte[] value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.length > Node.MAX_KEY) {
                throw new IllegalArgumentException("key of " + key.length
                        + " bytes exceeds the B+tree key limit of " + Node.MAX_KEY + " bytes");
            }
            if (lastKey != null && java.util.Arrays.compareUnsigned(key, lastKey) <= 0) {
                throw new IllegalArgumentException(java.util.Arrays.equals(key, lastKey)
                        ? "duplicate key in a bulk load" : "bulk load keys are not in ascending order");
            }
            byte[] cell;
            if (Node.LEAF_INLINE_EXTRA + key.length + value.length <= Node.MAX_CELL) {
                cell = Node.leafCellInline(key, value);
            } else {
                cell = Node.leafCellOverflow(key, value.length, OverflowChain.write(pages, value));
            }
            long leafNo = edge[0];
            try (Page p = pages.pin(leafNo)) {
                ByteBuffer b = p.buffer();
                int count = Node.count(b, leafNo);
                if ((count == 0 || Node.used(b) + cell.length + 2 <= leafTarget)
                        && Node.insert(b, count, cell, Node.LEAF, leafNo, scratch)) {
                    p.markDirty();
                    lastKey = key;
                    appended++;
                    return;
                }
            }
            long leaf;
            try (Page p = pages.allocate(PageType.BTREE_LEAF)) {
                Node.fill(p.buffer(), Node.LEAF, Node.NO_PAGE, List.of(cell), 0, 1);
                p.markDirty();
                leaf = p.pageNo();
            }
            promote(1, Node.separator(lastKey, key), leaf);
            edge[0] = leaf;
            lastKey = key;
            appended++;
        }

        /**
         * Adds {@code (separator, child)} as the last cell of the rightmost node at {@code level}.
         * A full node keeps all but its last cell, whose child becomes the leftmost child of a new
         * right sibling (so no internal node is ever left with a single child); above the root, the
         * root's content moves to a new page and the root becomes its parent (the root page number
         * never changes).
         */
        private void promote(int level, byte[] separator, long child) {
            if (level >= MAX_DEPTH) {
                throw new IllegalStateException("bulk load deeper than " + MAX_DEPTH + " levels");
            }
            byte[] cell = Node.internalCell(separator, child);
            if (level > top) {
                try (Page rp = pages.pin(root)) {
                    ByteBuffer rb = rp.buffer();
                    byte kind = Node.kind(rb, root);
                    try (Page moved = pages.allocate(kind == Node.LEAF ? PageType.BTREE_LEAF : PageType.BTREE_INTERNAL)) {
                        moved.buffer().put(PageLayout.HEADER_SIZE, rb, PageLayout.HEADER_SIZE,
                                PAGE_SIZE - PageLayout.HEADER_SIZE);
                        moved.markDirty();
                        Node.fill(rb, Node.INTERNAL, moved.pageNo(), List.of(cell), 0, 1);
                        rp.markDirty();
                    }
                }
                top = level;
                edge[level] = root;
                return;
            }
            long nodeNo = edge[level];
            byte[] last;
            try (Page p = pages.pin(nodeNo)) {
                ByteBuffer b = p.buffer();
                int count = Node.count(b, nodeNo);
                if ((count < 2 || Node.used(b) + cell.length + 2 <= internalTarget)
                        && Node.insert(b, count, cell, Node.INTERNAL, nodeNo, scratch)) {
                    p.markDirty();
                    return;
                }
                last = Node.cellBytes(b, Node.slot(b, count - 1, nodeNo), Node.INTERNAL, nodeNo);
                Node.remove(b, count - 1, Node.INTERNAL, nodeNo);
                p.markDirty();
            }
            long sibling;
            try (Page p = pages.allocate(PageType.BTREE_INTERNAL)) {
                Node.fill(p.buffer(), Node.INTERNAL, Node.cellChild(last), List.of(cell), 0, 1);
                p.markDirty();
                sibling = p.pageNo();
            }
            promote(level + 1, Node.cellKey(last), sibling);
            edge[level] = sibling;
        }

        /**
         * Ends the load: the rightmost node of each level may be nearly empty, so each is merged
         * with or refilled from its left sibling, as a delete would, from the leaves up.
         */
        public void finish() {
            lock.writeLock().lock();
            try {
                checkOpen();
                if (modCount != expectedModCount) {
                    throw new IllegalStateException("B+tree with root page " + root + " changed during a bulk load");
                }
                modCount++;
                if (lastKey == null) {
                    return;
                }
                int depth = descend(lastKey);
                for (int level = depth; level > 0; level--) {
                    descend(lastKey);
                    long pageNo = pathPages[level];
                    boolean under;
                    try (Page p = pages.pin(pageNo)) {
                        under = Node.used(p.buffer()) < Node.MIN_FILL;
                    }
                    if (under) {
                        fixUnderflow(level);
                    }
                }
                collapseRoot();
                expectedModCount = modCount;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** Frees every page of the tree, the root and overflow pages included; the tree is unusable after. */
    public void drop() {
        lock.writeLock().lock();
        try {
            checkOpen();
            modCount++;
            dropped = true;
            dropUnder(root, 0);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void dropUnder(long pageNo, int level) {
        if (level >= MAX_DEPTH) {
            throw new CorruptNodeException(pageNo, "tree deeper than " + MAX_DEPTH + " levels (cycle?)");
        }
        long[] children = new long[0];
        List<long[]> chains = new ArrayList<>();
        try (Page p = pages.pin(pageNo)) {
            ByteBuffer b = p.buffer();
            byte kind = Node.kind(b, pageNo);
            int count = Node.count(b, pageNo);
            if (kind == Node.INTERNAL) {
                children = children(b, count, pageNo);
            } else {
                collectChains(b, count, pageNo, chains);
            }
        }
        for (long child : children) {
            dropUnder(child, level + 1);
        }
        for (long[] chain : chains) {
            OverflowChain.free(pages, chain[1], (int) chain[2]);
        }
        pages.free(pageNo);
    }

    /**
     * Moves every page of the tree except the root whose number matches {@code shouldMove} to a
     * freshly allocated page, fixing the pointer to it; returns how many pages moved.
     */
    public long relocate(LongPredicate shouldMove) {
        Objects.requireNonNull(shouldMove, "shouldMove");
        lock.writeLock().lock();
        try {
            checkOpen();
            modCount++;
            return relocateUnder(root, 0, shouldMove);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long relocateUnder(long pageNo, int level, LongPredicate shouldMove) {
        if (level >= MAX_DEPTH) {
            throw new CorruptNodeException(pageNo, "tree deeper than " + MAX_DEPTH + " levels (cycle?)");
        }
        long moved = 0;
        byte kind;
        long[] children = new long[0];
        List<long[]> chains = new ArrayList<>();
        try (Page p = pages.pin(pageNo)) {
            ByteBuffer b = p.buffer();
            kind = Node.kind(b, pageNo);
            int count = Node.count(b, pageNo);
            if (kind == Node.INTERNAL) {
                children = children(b, count, pageNo);
            } else {
                collectChains(b, count, pageNo, chains);
            }
        }
        for (int c = 0; c < children.length; c++) {
            long child = children[c];
            if (shouldMove.test(child)) {
                long copy = copyPage(child, null);
                try (Page p = pages.pin(pageNo)) {
                    Node.setChild(p.buffer(), c, copy, pageNo);
                    p.markDirty();
                }
                pages.free(child);
                child = copy;
                moved++;
            }
            moved += relocateUnder(child, level + 1, shouldMove);
        }
        for (long[] chain : chains) {
            int cell = (int) chain[0];
            long cur = chain[1];
            int maxPages = Math.max(1, OverflowChain.pagesFor((int) chain[2]));
            if (shouldMove.test(cur)) {
                long copy = copyPage(cur, PageType.OVERFLOW);
                try (Page p = pages.pin(pageNo)) {
                    ByteBuffer b = p.buffer();
                    int off = Node.slot(b, cell, pageNo);
                    b.putLong(off + 7 + Node.keyLen(b, off, pageNo), copy);
                    p.markDirty();
                }
                pages.free(cur);
                cur = copy;
                moved++;
            }
            for (int n = 1; n < maxPages; n++) {
                long next;
                try (Page p = pages.pin(cur)) {
                    next = p.buffer().getLong(OverflowChain.NEXT);
                }
                if (next == Node.NO_PAGE) {
                    break;
                }
                if (shouldMove.test(next)) {
                    long copy = copyPage(next, PageType.OVERFLOW);
                    try (Page p = pages.pin(cur)) {
                        p.buffer().putLong(OverflowChain.NEXT, copy);
                        p.markDirty();
                    }
                    pages.free(next);
                    next = copy;
                    moved++;
                }
                cur = next;
            }
        }
        return moved;
    }

    /** Copies a page's owned bytes to a new page; the caller repoints and frees the old one. Null type means "a node". */
    private long copyPage(long pageNo, PageType type) {
        long copy;
        try (Page src = pages.pin(pageNo)) {
            ByteBuffer s = src.buffer();
            PageType t = type != null ? type
                    : Node.kind(s, pageNo) == Node.LEAF ? PageType.BTREE_LEAF : PageType.BTREE_INTERNAL;
            try (Page dst = pages.allocate(t)) {
                dst.buffer().put(PageLayout.HEADER_SIZE, s, PageLayout.HEADER_SIZE, PAGE_SIZE - PageLayout.HEADER_SIZE);
                dst.markDirty();
                copy = dst.pageNo();
            }
        }
        return copy;
    }

    // ---- structure changes --------------------------------------------------------------

    /** Walks from the root to the leaf for {@code key}, recording the path; returns the leaf's level. */
    private int descend(byte[] key) {
        long pageNo = root;
        rightEdge = true;
        for (int level = 0; level < MAX_DEPTH; level++) {
            pathPages[level] = pageNo;
            try (Page p = pages.pin(pageNo)) {
                ByteBuffer b = p.buffer();
                byte kind = Node.kind(b, pageNo);
                if (kind == Node.LEAF) {
                    return level;
                }
                int count = Node.count(b, pageNo);
                int c = Node.childIndex(b, count, key, pageNo);
                pathIdx[level] = c;
                rightEdge &= c == count;
                pageNo = Node.child(b, c, pageNo);
            }
        }
        throw new CorruptNodeException(pageNo, "tree deeper than " + MAX_DEPTH + " levels (cycle?)");
    }

    private List<byte[]> cellsOf(ByteBuffer b, byte kind, long pageNo) {
        int count = Node.count(b, pageNo);
        List<byte[]> cells = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            cells.add(Node.cellBytes(b, Node.slot(b, i, pageNo), kind, pageNo));
        }
        return cells;
    }

    private void splitLeaf(int depth, int idx, byte[] cell) {
        long pageNo = pathPages[depth];
        List<byte[]> cells;
        try (Page p = pages.pin(pageNo)) {
            cells = cellsOf(p.buffer(), Node.LEAF, pageNo);
        }
        cells.add(idx, cell);
        int n = cells.size();
        // Keys arriving in ascending order (sequences, timestamps) leave full pages behind.
        int s = rightEdge && idx == n - 1 ? n - 1 : leafSplit(cells);
        if (s < 0) {
            throw new IllegalStateException("cannot split leaf page " + pageNo);
        }
        byte[] sep = Node.separator(Node.cellKey(cells.get(s - 1)), Node.cellKey(cells.get(s)));
        if (depth == 0) {
            long left = newNode(PageType.BTREE_LEAF, Node.LEAF, Node.NO_PAGE, cells, 0, s);
            long right = newNode(PageType.BTREE_LEAF, Node.LEAF, Node.NO_PAGE, cells, s, n);
            try (Page p = pages.pin(pageNo)) {
                List<byte[]> rootCells = List.of(Node.internalCell(sep, right));
                Node.fill(p.buffer(), Node.INTERNAL, left, rootCells, 0, 1);
                p.markDirty();
            }
            return;
        }
        long right = newNode(PageType.BTREE_LEAF, Node.LEAF, Node.NO_PAGE, cells, s, n);
        try (Page p = pages.pin(pageNo)) {
            Node.fill(p.buffer(), Node.LEAF, Node.NO_PAGE, cells, 0, s);
            p.markDirty();
        }
        insertInternal(depth - 1, pathIdx[depth - 1], Node.internalCell(sep, right));
    }

    /** Inserts a separator cell as cell {@code idx} of the internal node on the path at {@code level}. */
    private void insertInternal(int level, int idx, byte[] cell) {
        long pageNo = pathPages[level];
        List<byte[]> cells;
        long leftmost;
        try (Page p = pages.pin(pageNo)) {
            ByteBuffer b = p.buffer();
            if (Node.insert(b, idx, cell, Node.INTERNAL, pageNo, scratch)) {
                p.markDirty();
                return;
            }
            cells = cellsOf(b, Node.INTERNAL, pageNo);
            leftmost = Node.leftmost(b);
        }
        cells.add(idx, cell);
        int n = cells.size();
        int m = rightEdge && idx == n - 1 ? n - 2 : internalSplit(cells);
        if (m < 0) {
            throw new IllegalStateException("cannot split internal page " + pageNo);
        }
        byte[] up = Node.cellKey(cells.get(m));
        long rightLeftmost = Node.cellChild(cells.get(m));
        long right = newNode(PageType.BTREE_INTERNAL, Node.INTERNAL, rightLeftmost, cells, m + 1, n);
        if (level == 0) {
            long left = newNode(PageType.BTREE_INTERNAL, Node.INTERNAL, leftmost, cells, 0, m);
            try (Page p = pages.pin(pageNo)) {
                Node.fill(p.buffer(), Node.INTERNAL, left, List.of(Node.internalCell(up, right)), 0, 1);
                p.markDirty();
            }
            return;
        }
        try (Page p = pages.pin(pageNo)) {
            Node.fill(p.buffer(), Node.INTERNAL, leftmost, cells, 0, m);
            p.markDirty();
        }
        insertInternal(level - 1, pathIdx[level - 1], Node.internalCell(up, right));
    }

    private long newNode(PageType type, byte kind, long leftmost, List<byte[]> cells, int from, int to) {
        Page reserved = (type == PageType.BTREE_LEAF ? reservedLeaves : reservedInternals).poll();
        try (Page p = reserved != null ? reserved : pages.allocate(type)) {
            Node.fill(p.buffer(), kind, leftmost, cells, from, to);
            p.markDirty();
            return p.pageNo();
        }
    }

    /** The first cell of the right half, balancing bytes; -1 when no split point fits both halves. */
    private static int leafSplit(List<byte[]> cells) {
        int n = cells.size();
        int total = Node.bytesWithSlots(cells, 0, n);
        int best = -1;
        int bestDiff = Integer.MAX_VALUE;
        int left = 0;
        for (int s = 1; s < n; s++) {
            left += cells.get(s - 1).length + 2;
            int right = total - left;
            if (left <= Node.USABLE && right <= Node.USABLE && Math.abs(left - right) < bestDiff) {
                bestDiff = Math.abs(left - right);
                best = s;
            }
        }
        return best;
    }

    /** The cell moving up to the parent, balancing bytes; -1 when no choice fits both halves. */
    private static int internalSplit(List<byte[]> cells) {
        int n = cells.size();
        int total = Node.bytesWithSlots(cells, 0, n);
        int best = -1;
        int bestDiff = Integer.MAX_VALUE;
        int left = 0;
        for (int m = 1; m < n - 1; m++) {
            left += cells.get(m - 1).length + 2;
            int right = total - left - cells.get(m).length - 2;
            if (left <= Node.USABLE && right <= Node.USABLE && Math.abs(left - right) < bestDiff) {
                bestDiff = Math.abs(left - right);
                best = m;
            }
        }
        return best;
    }

    /** Fixes underflow from the leaf on the path upwards, then collapses a root with one child. */
    private void rebalance(int depth) {
        for (int level = depth; level > 0; level--) {
            long pageNo = pathPages[level];
            boolean under;
            try (Page p = pages.pin(pageNo)) {
                under = Node.used(p.buffer()) < Node.MIN_FILL;
            }
            if (!under || !fixUnderflow(level)) {
                break;
            }
        }
        collapseRoot();
    }

    /**
     * Merges the node at {@code level} with a sibling, or moves cells over from the sibling when
     * both do not fit in one page. Returns true if the parent lost a cell (a merge).
     */
    private boolean fixUnderflow(int level) {
        long parentNo = pathPages[level - 1];
        int c = pathIdx[level - 1];
        int a;
        long leftNo;
        long rightNo;
        byte[] sepKey;
        int parentRoom;
        try (Page pp = pages.pin(parentNo)) {
            ByteBuffer b = pp.buffer();
            int n = Node.count(b, parentNo);
            if (n == 0) {
                return false;
            }
            a = c > 0 ? c - 1 : 0;
            leftNo = Node.child(b, a, parentNo);
            rightNo = Node.child(b, a + 1, parentNo);
            int sepOff = Node.slot(b, a, parentNo);
            sepKey = Node.key(b, sepOff, parentNo);
            parentRoom = Node.freeSpace(b) + Node.fragmented(b) + Node.cellSize(b, sepOff, Node.INTERNAL, parentNo) + 2;
        }
        boolean merged;
        byte[] newSep = null;
        try (Page lp = pages.pin(leftNo); Page rp = pages.pin(rightNo)) {
            ByteBuffer lb = lp.buffer();
            ByteBuffer rb = rp.buffer();
            byte kind = Node.kind(lb, leftNo);
            if (Node.kind(rb, rightNo) != kind) {
                throw new CorruptNodeException(rightNo, "sibling of page " + leftNo + " is a different node kind");
            }
            List<byte[]> cells = cellsOf(lb, kind, leftNo);
            long leftLeftmost = Node.leftmost(lb);
            if (kind == Node.INTERNAL) {
                cells.add(Node.internalCell(sepKey, Node.leftmost(rb)));
            }
            cells.addAll(cellsOf(rb, kind, rightNo));
            int n = cells.size();
            if (Node.bytesWithSlots(cells, 0, n) <= Node.USABLE) {
                Node.fill(lb, kind, leftLeftmost, cells, 0, n);
                lp.markDirty();
                merged = true;
            } else if (kind == Node.LEAF) {
                int s = leafSplit(cells);
                if (s < 0) {
                    return false;
                }
                newSep = Node.separator(Node.cellKey(cells.get(s - 1)), Node.cellKey(cells.get(s)));
                if (Node.INTERNAL_EXTRA + newSep.length + 2 > parentRoom) {
                    return false; // a longer separator would split the parent: stay underfull instead
                }
                Node.fill(lb, kind, Node.NO_PAGE, cells, 0, s);
                Node.fill(rb, kind, Node.NO_PAGE, cells, s, n);
                lp.markDirty();
                rp.markDirty();
                merged = false;
            } else {
                int m = internalSplit(cells);
                if (m < 0) {
                    return false;
                }
                newSep = Node.cellKey(cells.get(m));
                if (Node.INTERNAL_EXTRA + newSep.length + 2 > parentRoom) {
                    return false;
                }
                long rightLeftmost = Node.cellChild(cells.get(m));
                Node.fill(lb, kind, leftLeftmost, cells, 0, m);
                Node.fill(rb, kind, rightLeftmost, cells, m + 1, n);
                lp.markDirty();
                rp.markDirty();
                merged = false;
            }
        }
        try (Page pp = pages.pin(parentNo)) {
            Node.remove(pp.buffer(), a, Node.INTERNAL, parentNo);
            pp.markDirty();
        }
        if (merged) {
            pages.free(rightNo);
            return true;
        }
        // fits: checked against parentRoom above, so removing never allocates
        insertInternal(level - 1, a, Node.internalCell(newSep, rightNo));
        return false;
    }

    /** While the root is an internal node with a single child, copies that child into the root. */
    private void collapseRoot() {
        for (int i = 0; i < MAX_DEPTH; i++) {
            long child;
            try (Page rp = pages.pin(root)) {
                ByteBuffer b = rp.buffer();
                if (Node.kind(b, root) != Node.INTERNAL || Node.count(b, root) != 0) {
                    return;
                }
                child = Node.leftmost(b);
                try (Page cp = pages.pin(child)) {
                    Node.kind(cp.buffer(), child);
                    b.put(PageLayout.HEADER_SIZE, cp.buffer(), PageLayout.HEADER_SIZE,
                            PAGE_SIZE - PageLayout.HEADER_SIZE);
                }
                rp.markDirty();
            }
            pages.free(child);
        }
    }

    // ---- helpers shared with the cursor and verifier -------------------------------------

    /** The value of the leaf cell at {@code off}, read from its overflow chain if needed. */
    byte[] readValue(ByteBuffer b, int off, long pageNo) {
        int klen = Node.keyLen(b, off, pageNo);
        int at = off + 2 + klen;
        if (at + 5 > PAGE_SIZE) {
            throw new CorruptNodeException(pageNo, "leaf cell at offset " + off + " runs past the page");
        }
        byte flag = b.get(at);
        int vlen = b.getInt(at + 1);
        if (flag == Node.VALUE_INLINE) {
            if (vlen < 0 || at + 5 + vlen > PAGE_SIZE) {
                throw new CorruptNodeException(pageNo, "inline value of " + vlen + " bytes at offset " + off
                        + " runs past the page");
            }
            byte[] v = new byte[vlen];
            b.get(at + 5, v, 0, vlen);
            return v;
        }
        if (flag != Node.VALUE_OVERFLOW || at + 13 > PAGE_SIZE) {
            throw new CorruptNodeException(pageNo, "bad value flag " + flag + " at offset " + off);
        }
        return OverflowChain.read(pages, b.getLong(at + 5), vlen, pageNo);
    }

    private static long[] children(ByteBuffer b, int count, long pageNo) {
        long[] children = new long[count + 1];
        for (int c = 0; c <= count; c++) {
            children[c] = Node.child(b, c, pageNo);
        }
        return children;
    }

    /** Adds {cell index, first page, total length} for every overflow value in a leaf. */
    private static void collectChains(ByteBuffer b, int count, long pageNo, List<long[]> chains) {
        for (int i = 0; i < count; i++) {
            int off = Node.slot(b, i, pageNo);
            Node.cellSize(b, off, Node.LEAF, pageNo);
            int at = off + 2 + Node.keyLen(b, off, pageNo);
            if (b.get(at) == Node.VALUE_OVERFLOW) {
                chains.add(new long[] {i, b.getLong(at + 5), b.getInt(at + 1)});
            }
        }
    }

    private void tryFree(long chain, int total, RuntimeException cause) {
        try {
            OverflowChain.free(pages, chain, total);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    void checkOpen() {
        if (dropped) {
            throw new IllegalStateException("B+tree with root page " + root + " was dropped");
        }
    }

    PageAccess pages() {
        return pages;
    }

    long root() {
        return root;
    }

    long modCount() {
        return modCount;
    }

    ReentrantReadWriteLock lock() {
        return lock;
    }
}
