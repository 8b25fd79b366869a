package io.cairn.storage.internal.btree;

import io.cairn.storage.Cursor;
import io.cairn.storage.IoCounter;
import io.cairn.storage.internal.page.Page;
import java.nio.ByteBuffer;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Lock;

/**
 * A range cursor over a {@link BTree}. It keeps the path from the root to its leaf and copies
 * the next entries of that leaf into a batch (small at first, growing for long scans), so most
 * steps touch no page.
 * Between steps it holds no lock or pin; if the tree's modification counter moved, it drops
 * the batch and seeks again from the root to the first key after the last one it returned.
 * A cursor is used by one thread at a time; it only notices changes made through the same
 * {@link BTree} instance.
 * <p>
 * Sequential read-ahead: from its second step to a next leaf on, a cursor is a scan, and each
 * time it moves to a leaf it hands the pool the page numbers of the next leaves of the parent
 * node (only those the range bound can reach), in scan order. The pool reads them ahead only if
 * the first one is not in memory. The window starts at {@link #FIRST_READ_AHEAD} leaves and doubles
 * with each read-ahead that brought pages in, so a short range scan reads little it does not use.
 * A point lookup or a scan within one or two leaves never reads ahead.
 */
final class TreeCursor implements Cursor {

    /** A batch stops early after this many value bytes, so huge overflow values are not all held at once. */
    private static final int BATCH_VALUE_BYTES = 256 * 1024;
    /** Short scans copy little; long scans grow the batch up to a leaf's worth. */
    private static final int FIRST_BATCH = 8;
    private static final int MAX_BATCH = 512;
    private static final int FIRST_READ_AHEAD = 8;
    private static final int MAX_READ_AHEAD = 64;

    private final BTree tree;
    private final byte[] from;
    private final boolean fromInclusive;
    private final byte[] to;
    private final boolean toInclusive;
    private final boolean reverse;

    /** The path from the root; sized for usual trees and grown for deeper ones (most cursors serve one lookup). */
    private long[] stackPages = new long[USUAL_DEPTH];
    private int[] stackIdx = new int[USUAL_DEPTH];
    private static final int USUAL_DEPTH = 6;
    /** Level of the leaf in the stack; -1 before the first seek. */
    private int leafLevel = -1;
    private long seenModCount;

    private byte[][] keys = new byte[FIRST_BATCH][];
    private byte[][] values = new byte[FIRST_BATCH][];
    private int pos;
    private int size;
    /** The batch ended at the range bound: no more entries after it. */
    private boolean boundHit;
    /** Next slot of the current leaf to copy, or -1 when the leaf is used up in scan order. */
    private int leafNext = -1;
    private int batchLimit = FIRST_BATCH;
    private boolean done;
    /** Steps to a next leaf so far, and the current read-ahead window in leaves. */
    private int leafSteps;
    private int readAheadLeaves = FIRST_READ_AHEAD;
    /** Leaves to step before offering read-ahead again, after one found nothing worth reading together. */
    private int readAheadPause;
    private long[] ahead;

    private byte[] key;
    private byte[] value;
    private byte[] lastKey;

    TreeCursor(BTree tree, byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse) {
        this.tree = tree;
        this.from = from == null ? null : from.clone();
        this.fromInclusive = fromInclusive;
        this.to = to == null ? null : to.clone();
        this.toInclusive = toInclusive;
        this.reverse = reverse;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (pos < size && leafLevel >= 0 && tree.modCount() == seenModCount) {
            take();
            return true;
        }
        Lock lock = tree.lock().readLock();
        lock.lock();
        try {
            tree.checkOpen();
            IoCounter io = IoCounter.current(); // one lookup for the pages this step pins
            if (leafLevel < 0 || tree.modCount() != seenModCount) {
                seenModCount = tree.modCount();
                if (lastKey == null) {
                    seek(reverse ? to : from, reverse ? toInclusive : fromInclusive, io);
                } else {
                    seek(lastKey, false, io);
                }
            }
            while (pos >= size) {
                if (boundHit) {
                    return finish();
                }
                if (leafNext >= 0) {
                    continueLeaf(io);
                } else if (!nextLeaf(io)) {
                    return finish();
                }
            }
            take();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] key() {
        if (key == null) {
            throw new NoSuchElementException("cursor is not on an entry");
        }
        return key;
    }

    @Override
    public byte[] value() {
        if (key == null) {
            throw new NoSuchElementException("cursor is not on an entry");
        }
        return value;
    }

    @Override
    public void close() {
        finish();
    }

    private boolean finish() {
        done = true;
        key = null;
        value = null;
        keys = null;
        values = null;
        pos = 0;
        size = 0;
        return false;
    }

    private void take() {
        key = keys[pos];
        value = values[pos];
        keys[pos] = null;
        values[pos] = null;
        pos++;
        lastKey = key;
    }

    /** Descends to the leaf where the scan starts after (or at, if inclusive) {@code bound}. */
    private void seek(byte[] bound, boolean inclusive, IoCounter io) {
        long pageNo = tree.root();
        for (int level = 0; level < BTree.MAX_DEPTH; level++) {
            pathAt(level, pageNo);
            try (Page p = tree.pages().pin(pageNo, io)) {
                ByteBuffer b = p.buffer();
                byte kind = Node.kind(b, pageNo);
                int count = Node.count(b, pageNo);
                if (kind == Node.LEAF) {
                    leafLevel = level;
                    int start;
                    if (bound == null) {
                        start = reverse ? count - 1 : 0;
                    } else {
                        int r = Node.search(b, count, bound, pageNo);
                        if (r >= 0) {
                            start = inclusive ? r : (reverse ? r - 1 : r + 1);
                        } else {
                            start = reverse ? -(r + 1) - 1 : -(r + 1);
                        }
                    }
                    load(b, count, start, pageNo);
                    return;
                }
                int c = bound == null ? (reverse ? count : 0) : Node.childIndex(b, count, bound, pageNo);
                stackIdx[level] = c;
                pageNo = Node.child(b, c, pageNo);
            }
        }
        throw new CorruptNodeException(pageNo, "tree deeper than " + BTree.MAX_DEPTH + " levels (cycle?)");
    }

    private void pathAt(int level, long pageNo) {
        if (level == stackPages.length) {
            stackPages = java.util.Arrays.copyOf(stackPages, level * 2);
            stackIdx = java.util.Arrays.copyOf(stackIdx, level * 2);
        }
        stackPages[level] = pageNo;
    }

    /** Copies the next batch from the leaf the path ends in. */
    private void continueLeaf(IoCounter io) {
        long pageNo = stackPages[leafLevel];
        try (Page p = tree.pages().pin(pageNo, io)) {
            ByteBuffer b = p.buffer();
            Node.kind(b, pageNo);
            load(b, Node.count(b, pageNo), leafNext, pageNo);
        }
    }

    /** Moves the path to the next leaf in scan order; false at the end of the tree. */
    private boolean nextLeaf(IoCounter io) {
        for (int level = leafLevel - 1; level >= 0; level--) {
            long pageNo = stackPages[level];
            long child;
            try (Page p = tree.pages().pin(pageNo, io)) {
                ByteBuffer b = p.buffer();
                int count = Node.count(b, pageNo);
                int c = stackIdx[level] + (reverse ? -1 : 1);
                if (c < 0 || c > count) {
                    continue;
                }
                stackIdx[level] = c;
                child = Node.child(b, c, pageNo);
                if (level == leafLevel - 1) {
                    readAhead(b, count, c, pageNo);
                }
            }
            descendEdge(level + 1, child, io);
            leafSteps++;
            return true;
        }
        return false;
    }

    /** Descends from {@code pageNo} along the leftmost (or rightmost) edge and loads that leaf. */
    private void descendEdge(int startLevel, long pageNo, IoCounter io) {
        for (int level = startLevel; level < BTree.MAX_DEPTH; level++) {
            pathAt(level, pageNo);
            try (Page p = tree.pages().pin(pageNo, io)) {
                ByteBuffer b = p.buffer();
                byte kind = Node.kind(b, pageNo);
                int count = Node.count(b, pageNo);
                if (kind == Node.LEAF) {
                    leafLevel = level;
                    load(b, count, reverse ? count - 1 : 0, pageNo);
                    return;
                }
                int c = reverse ? count : 0;
                stackIdx[level] = c;
                long child = Node.child(b, c, pageNo);
                if (level == leafLevel - 1) {
                    readAhead(b, count, c, pageNo);
                }
                pageNo = child;
            }
        }
        throw new CorruptNodeException(pageNo, "tree deeper than " + BTree.MAX_DEPTH + " levels (cycle?)");
    }

    /**
     * Offers the pool the leaves from child {@code c} of the pinned parent on, in scan order, up to
     * the window and the range bound. Never fails: a damaged cell ends the window, and the scan's
     * own pins report it.
     */
    private void readAhead(ByteBuffer parent, int count, int c, long parentNo) {
        if (leafSteps < 1) {
            return;
        }
        if (readAheadPause > 0) {
            readAheadPause--;
            return;
        }
        if (ahead == null) {
            ahead = new long[MAX_READ_AHEAD];
        }
        int n = 0;
        int step = reverse ? -1 : 1;
        try {
            for (int i = c; i >= 0 && i <= count && n < readAheadLeaves; i += step) {
                if (n > 0 && beyondBound(parent, count, i, parentNo)) {
                    break;
                }
                ahead[n++] = Node.child(parent, i, parentNo);
            }
        } catch (CorruptNodeException e) {
            // leave the rest to the scan's own reads
        }
        if (n < 2) {
            return;
        }
        int brought = tree.pages().readAhead(ahead, n);
        if (brought > 0) {
            readAheadLeaves = Math.min(MAX_READ_AHEAD, readAheadLeaves * 2);
        } else if (brought == 0) {
            // A miss, but no two of the next leaves lie together in the file (a tree filled in
            // random order): reading ahead saves nothing, so skip the window's leaves before trying again.
            readAheadPause = n;
        }
    }

    /** True if child {@code i} of the parent holds only keys past the scan's range bound. */
    private boolean beyondBound(ByteBuffer parent, int count, int i, long parentNo) {
        if (!reverse) {
            if (to == null) {
                return false;
            }
            // Child i holds keys >= separator i - 1.
            int off = Node.slot(parent, i - 1, parentNo);
            return Node.compare(parent, off + 2, Node.keyLen(parent, off, parentNo), to) > 0;
        }
        if (from == null || i >= count) {
            return false;
        }
        // Child i holds keys < separator i.
        int off = Node.slot(parent, i, parentNo);
        return Node.compare(parent, off + 2, Node.keyLen(parent, off, parentNo), from) <= 0;
    }

    /** Copies the leaf's entries from {@code start} in scan order until the range bound. */
    private void load(ByteBuffer b, int count, int start, long pageNo) {
        pos = 0;
        size = 0;
        boundHit = false;
        leafNext = -1;
        int valueBytes = 0;
        int step = reverse ? -1 : 1;
        for (int i = start; i >= 0 && i < count; i += step) {
            if (valueBytes >= BATCH_VALUE_BYTES || size >= batchLimit) {
                leafNext = i;
                batchLimit = Math.min(MAX_BATCH, batchLimit * 2);
                return;
            }
            int off = Node.slot(b, i, pageNo);
            int klen = Node.keyLen(b, off, pageNo);
            if (pastEnd(b, off + 2, klen)) {
                boundHit = true;
                return;
            }
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            byte[] k = new byte[klen];
            b.get(off + 2, k, 0, klen);
            byte[] v = tree.readValue(b, off, pageNo);
            keys[size] = k;
            values[size] = v;
            size++;
            valueBytes += v.length;
        }
    }

    private boolean pastEnd(ByteBuffer b, int keyOff, int klen) {
        if (reverse) {
            if (from == null) {
                return false;
            }
            int c = Node.compare(b, keyOff, klen, from);
            return c < 0 || (c == 0 && !fromInclusive);
        }
        if (to == null) {
            return false;
        }
        int c = Node.compare(b, keyOff, klen, to);
        return c > 0 || (c == 0 && !toInclusive);
    }
}
