package io.cairn.storage.internal.btree;

import static io.cairn.storage.internal.page.PageLayout.PAGE_SIZE;

import io.cairn.storage.internal.page.PageLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The slotted layout of a B+tree node page, read and written in place on the page buffer. See
 * BTREE-FORMAT.md for the byte layout. All methods are static so a search allocates nothing.
 */
final class Node {

    static final byte LEAF = 'L';
    static final byte INTERNAL = 'I';

    static final int KIND = PageLayout.HEADER_SIZE; // u8
    static final int RESERVED = KIND + 1; // u8, zero
    static final int COUNT = KIND + 2; // u16 cell count
    static final int CELL_START = KIND + 4; // u16 lowest cell offset (free-space end)
    static final int FRAGMENTED = KIND + 6; // u16 bytes in holes inside the cell area
    static final int LEFTMOST = KIND + 8; // i64 leftmost child (internal), -1 in leaves
    static final int SLOTS = KIND + 16; // u16 slot array starts here

    static final int USABLE = PAGE_SIZE - SLOTS;
    /** Largest cell, so any overflowing page splits into two halves that fit. */
    static final int MAX_CELL = USABLE / 4;
    /** Below this many used bytes a non-root node is merged or refilled from a sibling. */
    static final int MIN_FILL = USABLE / 4;

    static final byte VALUE_INLINE = 0;
    static final byte VALUE_OVERFLOW = 1;
    /** Leaf cell bytes besides key and value: key length, flag, value length. */
    static final int LEAF_INLINE_EXTRA = 2 + 1 + 4;
    /** Leaf cell bytes besides the key when the value lives in an overflow chain. */
    static final int LEAF_OVERFLOW_EXTRA = 2 + 1 + 4 + 8;
    /** Internal cell bytes besides the key: key length, child page number. */
    static final int INTERNAL_EXTRA = 2 + 8;

    static final int MAX_KEY = MAX_CELL - LEAF_OVERFLOW_EXTRA;

    static final long NO_PAGE = -1L;

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Node() {
    }

    // ---- header -------------------------------------------------------------------------

    static void init(ByteBuffer b, byte kind, long leftmost) {
        b.put(KIND, kind);
        b.put(RESERVED, (byte) 0);
        b.putShort(COUNT, (short) 0);
        b.putShort(CELL_START, (short) PAGE_SIZE);
        b.putShort(FRAGMENTED, (short) 0);
        b.putLong(LEFTMOST, leftmost);
    }

    static byte kind(ByteBuffer b, long pageNo) {
        if (b.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalStateException("page " + pageNo + " buffer is not big-endian");
        }
        byte k = b.get(KIND);
        if (k != LEAF && k != INTERNAL) {
            throw new CorruptNodeException(pageNo, "unknown node kind " + (k & 0xff));
        }
        return k;
    }

    /** The cell count, after checking the slot array ends before the cell area. */
    static int count(ByteBuffer b, long pageNo) {
        int count = u16(b, COUNT);
        int start = u16(b, CELL_START);
        if (SLOTS + 2 * count > start || start > PAGE_SIZE) {
            throw new CorruptNodeException(pageNo,
                    "slot array of " + count + " cells overlaps the cell area at " + start);
        }
        return count;
    }

    static int cellStart(ByteBuffer b) {
        return u16(b, CELL_START);
    }

    static int fragmented(ByteBuffer b) {
        return u16(b, FRAGMENTED);
    }

    static long leftmost(ByteBuffer b) {
        return b.getLong(LEFTMOST);
    }

    static int freeSpace(ByteBuffer b) {
        return u16(b, CELL_START) - SLOTS - 2 * u16(b, COUNT);
    }

    /** Bytes held by cells and their slots. */
    static int used(ByteBuffer b) {
        return PAGE_SIZE - u16(b, CELL_START) - u16(b, FRAGMENTED) + 2 * u16(b, COUNT);
    }

    static int u16(ByteBuffer b, int index) {
        return b.getShort(index) & 0xffff;
    }

    // ---- cells --------------------------------------------------------------------------

    /** Offset of cell {@code i}, checked to lie inside the page with room for its key length. */
    static int slot(ByteBuffer b, int i, long pageNo) {
        int off = u16(b, SLOTS + 2 * i);
        if (off < SLOTS || off > PAGE_SIZE - 2) {
            throw new CorruptNodeException(pageNo, "cell " + i + " has offset " + off + " outside the page");
        }
        return off;
    }

    /** Key length of the cell at {@code off}, checked to end inside the page. */
    static int keyLen(ByteBuffer b, int off, long pageNo) {
        int len = u16(b, off);
        if (off + 2 + len > PAGE_SIZE) {
            throw new CorruptNodeException(pageNo, "key at offset " + off + " of length " + len + " runs past the page");
        }
        return len;
    }

    static int cellSize(ByteBuffer b, int off, byte kind, long pageNo) {
        int klen = keyLen(b, off, pageNo);
        int size;
        if (kind == INTERNAL) {
            size = INTERNAL_EXTRA + klen;
        } else {
            if (off + 2 + klen + 5 > PAGE_SIZE) {
                throw new CorruptNodeException(pageNo, "leaf cell at offset " + off + " runs past the page");
            }
            byte flag = b.get(off + 2 + klen);
            if (flag == VALUE_INLINE) {
                int vlen = b.getInt(off + 3 + klen);
                if (vlen < 0 || vlen > PAGE_SIZE) {
                    throw new CorruptNodeException(pageNo, "inline value length " + vlen + " at offset " + off);
                }
                size = LEAF_INLINE_EXTRA + klen + vlen;
            } else if (flag == VALUE_OVERFLOW) {
                size = LEAF_OVERFLOW_EXTRA + klen;
            } else {
                throw new CorruptNodeException(pageNo, "unknown value flag " + flag + " at offset " + off);
            }
        }
        if (off + size > PAGE_SIZE) {
            throw new CorruptNodeException(pageNo, "cell at offset " + off + " of size " + size + " runs past the page");
        }
        return size;
    }

    /** Child page number stored in the internal cell at {@code off}. */
    static long cellChild(ByteBuffer b, int off, long pageNo) {
        int klen = keyLen(b, off, pageNo);
        if (off + INTERNAL_EXTRA + klen > PAGE_SIZE) {
            throw new CorruptNodeException(pageNo, "internal cell at offset " + off + " runs past the page");
        }
        return b.getLong(off + 2 + klen);
    }

    /** Child {@code c} of an internal node: 0 is the leftmost child, c is cell c-1's child. */
    static long child(ByteBuffer b, int c, long pageNo) {
        long child = c == 0 ? leftmost(b) : cellChild(b, slot(b, c - 1, pageNo), pageNo);
        if (child < 0 || child == pageNo) {
            throw new CorruptNodeException(pageNo, "child " + c + " points to page " + child);
        }
        return child;
    }

    static void setChild(ByteBuffer b, int c, long child, long pageNo) {
        if (c == 0) {
            b.putLong(LEFTMOST, child);
        } else {
            int off = slot(b, c - 1, pageNo);
            b.putLong(off + 2 + keyLen(b, off, pageNo), child);
        }
    }

    static byte[] key(ByteBuffer b, int off, long pageNo) {
        int klen = keyLen(b, off, pageNo);
        byte[] k = new byte[klen];
        b.get(off + 2, k, 0, klen);
        return k;
    }

    static byte[] cellBytes(ByteBuffer b, int off, byte kind, long pageNo) {
        byte[] cell = new byte[cellSize(b, off, kind, pageNo)];
        b.get(off, cell, 0, cell.length);
        return cell;
    }

    /** Compares the key stored at {@code off} with {@code key}, unsigned lexicographically. */
    static int compare(ByteBuffer b, int off, int len, byte[] key) {
        int n = Math.min(len, key.length);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = b.getLong(off + i);
            long y = (long) LONG_BE.get(key, i);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            int c = (b.get(off + i) & 0xff) - (key[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return len - key.length;
    }

    /** Binary search: the cell index holding {@code key}, or -(insertion point) - 1. */
    static int search(ByteBuffer b, int count, byte[] key, long pageNo) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int off = slot(b, mid, pageNo);
            int c = compare(b, off + 2, keyLen(b, off, pageNo), key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The child of an internal node whose key range holds {@code key}. */
    static int childIndex(ByteBuffer b, int count, byte[] key, long pageNo) {
        int r = search(b, count, key, pageNo);
        return r >= 0 ? r + 1 : -(r + 1);
    }

    // ---- cell encodings ----------------------------------------------------------------

    static byte[] leafCellInline(byte[] key, byte[] value) {
        ByteBuffer c = ByteBuffer.allocate(LEAF_INLINE_EXTRA + key.length + value.length);
        c.putShort((short) key.length).put(key).put(VALUE_INLINE).putInt(value.length).put(value);
        return c.array();
    }

    static byte[] leafCellOverflow(byte[] key, int total, long firstPage) {
        ByteBuffer c = ByteBuffer.allocate(LEAF_OVERFLOW_EXTRA + key.length);
        c.putShort((short) key.length).put(key).put(VALUE_OVERFLOW).putInt(total).putLong(firstPage);
        return c.array();
    }

    static byte[] internalCell(byte[] key, long child) {
        ByteBuffer c = ByteBuffer.allocate(INTERNAL_EXTRA + key.length);
        c.putShort((short) key.length).put(key).putLong(child);
        return c.array();
    }

    static byte[] cellKey(byte[] cell) {
        int klen = ((cell[0] & 0xff) << 8) | (cell[1] & 0xff);
        return Arrays.copyOfRange(cell, 2, 2 + klen);
    }

    static long cellChild(byte[] cell) {
        return ByteBuffer.wrap(cell).getLong(cell.length - 8);
    }

    /** The shortest prefix of {@code right} that is still greater than {@code left}. */
    static byte[] separator(byte[] left, byte[] right) {
        int m = Arrays.mismatch(left, right);
        int len = m < 0 ? right.length : Math.min(m + 1, right.length);
        return Arrays.copyOf(right, len);
    }

    // ---- page edits --------------------------------------------------------------------

    /**
     * Inserts {@code cell} as cell {@code idx}, defragmenting if that makes room. Returns false,
     * leaving the page untouched, when the cell does not fit.
     */
    static boolean insert(ByteBuffer b, int idx, byte[] cell, byte kind, long pageNo, ByteBuffer scratch) {
        int need = cell.length + 2;
        int free = freeSpace(b);
        if (free < need) {
            if (free + fragmented(b) < need) {
                return false;
            }
            defragment(b, kind, pageNo, scratch);
        }
        int count = u16(b, COUNT);
        int start = u16(b, CELL_START) - cell.length;
        b.put(start, cell);
        for (int i = count; i > idx; i--) {
            b.putShort(SLOTS + 2 * i, b.getShort(SLOTS + 2 * (i - 1)));
        }
        b.putShort(SLOTS + 2 * idx, (short) start);
        b.putShort(CELL_START, (short) start);
        b.putShort(COUNT, (short) (count + 1));
        return true;
    }

    static void remove(ByteBuffer b, int idx, byte kind, long pageNo) {
        int count = count(b, pageNo);
        int off = slot(b, idx, pageNo);
        int size = cellSize(b, off, kind, pageNo);
        for (int i = idx; i < count - 1; i++) {
            b.putShort(SLOTS + 2 * i, b.getShort(SLOTS + 2 * (i + 1)));
        }
        count--;
        b.putShort(COUNT, (short) count);
        if (count == 0) {
            b.putShort(CELL_START, (short) PAGE_SIZE);
            b.putShort(FRAGMENTED, (short) 0);
        } else if (off == u16(b, CELL_START)) {
            b.putShort(CELL_START, (short) (off + size));
        } else {
            b.putShort(FRAGMENTED, (short) (fragmented(b) + size));
        }
    }

    /** Packs the cells against the page end, removing holes; cell order is unchanged. */
    static void defragment(ByteBuffer b, byte kind, long pageNo, ByteBuffer scratch) {
        int count = count(b, pageNo);
        int start = u16(b, CELL_START);
        scratch.put(start, b, start, PAGE_SIZE - start);
        int pos = PAGE_SIZE;
        for (int i = 0; i < count; i++) {
            int off = slot(b, i, pageNo);
            if (off < start) {
                throw new CorruptNodeException(pageNo, "cell " + i + " offset " + off + " lies before the cell area");
            }
            int size = cellSize(scratch, off, kind, pageNo);
            pos -= size;
            if (pos < SLOTS + 2 * count) {
                throw new CorruptNodeException(pageNo, "cells overlap: they do not fit when packed");
            }
            b.put(pos, scratch, off, size);
            b.putShort(SLOTS + 2 * i, (short) pos);
        }
        b.putShort(CELL_START, (short) pos);
        b.putShort(FRAGMENTED, (short) 0);
    }

    /** Rewrites the page to hold exactly {@code cells[from, to)}; the caller checked they fit. */
    static void fill(ByteBuffer b, byte kind, long leftmost, List<byte[]> cells, int from, int to) {
        if (bytesWithSlots(cells, from, to) > USABLE) {
            throw new IllegalStateException("cells do not fit in one page");
        }
        init(b, kind, leftmost);
        int pos = PAGE_SIZE;
        for (int i = from; i < to; i++) {
            byte[] cell = cells.get(i);
            pos -= cell.length;
            b.put(pos, cell);
            b.putShort(SLOTS + 2 * (i - from), (short) pos);
        }
        b.putShort(CELL_START, (short) pos);
        b.putShort(COUNT, (short) (to - from));
    }

    static int bytesWithSlots(List<byte[]> cells, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += cells.get(i).length + 2;
        }
        return n;
    }
}
