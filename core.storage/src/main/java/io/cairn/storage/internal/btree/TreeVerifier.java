package io.cairn.storage.internal.btree;

import static io.cairn.storage.internal.page.PageLayout.PAGE_SIZE;

import io.cairn.storage.internal.page.Page;
import io.cairn.storage.internal.page.PageAccess;
import io.cairn.storage.internal.page.PageType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of {@link BTree#verify}: walks every page reachable from the root, checking each node
 * on its own (header, slots, cells, key order) and against its parent (separator range, equal
 * leaf depth), and every overflow chain. Reports problems instead of throwing.
 */
final class TreeVerifier {

    private final PageAccess pages;
    private final long root;
    private final TreeCheck check;
    private final Set<Long> seen = new HashSet<>();
    private int leafDepth = -1;

    TreeVerifier(PageAccess pages, long root, TreeCheck check) {
        this.pages = pages;
        this.root = root;
        this.check = check;
    }

    void run() {
        node(root, null, null, 0, Node.NO_PAGE);
    }

    /** Checks one node whose keys must lie in {@code [low, high)} (null = unbounded). */
    private void node(long pageNo, byte[] low, byte[] high, int depth, long parent) {
        if (!seen.add(pageNo)) {
            check.issue(pageNo, "page is reached twice (a cycle or a shared child), last from page " + parent);
            return;
        }
        check.visited(pageNo);
        if (depth >= BTree.MAX_DEPTH) {
            check.issue(pageNo, "tree deeper than " + BTree.MAX_DEPTH + " levels");
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        long[] children = null;
        List<long[]> chains = new ArrayList<>();
        byte kind;
        int cellCount;
        try (Page p = pages.pin(pageNo)) {
            ByteBuffer b = p.buffer();
            kind = b.get(Node.KIND);
            if (kind != Node.LEAF && kind != Node.INTERNAL) {
                check.issue(pageNo, "unknown node kind " + (kind & 0xff));
                return;
            }
            checkPageType(p, pageNo, kind);
            int count = Node.u16(b, Node.COUNT);
            cellCount = count;
            int start = Node.u16(b, Node.CELL_START);
            if (Node.SLOTS + 2 * count > start || start > PAGE_SIZE) {
                check.issue(pageNo, "slot array of " + count + " cells overlaps the cell area starting at " + start);
                return;
            }
            int[][] extents = new int[count][];
            int cellBytes = 0;
            boolean cellsReadable = true;
            for (int i = 0; i < count; i++) {
                int off = Node.u16(b, Node.SLOTS + 2 * i);
                if (off < start || off >= PAGE_SIZE) {
                    check.issue(pageNo, "cell " + i + " offset " + off + " lies outside the cell area ["
                            + start + ", " + PAGE_SIZE + ")");
                    cellsReadable = false;
                    continue;
                }
                int size;
                try {
                    size = Node.cellSize(b, off, kind, pageNo);
                } catch (CorruptNodeException e) {
                    check.issue(pageNo, "cell " + i + ": " + e.getMessage());
                    cellsReadable = false;
                    continue;
                }
                extents[i] = new int[] {off, size, i};
                cellBytes += size;
                keys.add(Node.key(b, off, pageNo));
                if (kind == Node.LEAF) {
                    int at = off + 2 + Node.keyLen(b, off, pageNo);
                    if (b.get(at) == Node.VALUE_OVERFLOW) {
                        chains.add(new long[] {b.getLong(at + 5), b.getInt(at + 1), i});
                    }
                }
            }
            if (cellsReadable) {
                checkOverlap(pageNo, extents);
                int frag = Node.u16(b, Node.FRAGMENTED);
                if (PAGE_SIZE - start - cellBytes != frag) {
                    check.issue(pageNo, "cell area holds " + (PAGE_SIZE - start - cellBytes)
                            + " unused bytes but the header counts " + frag + " fragmented bytes");
                }
                checkOrder(pageNo, keys, low, high, parent);
            }
            if (kind == Node.INTERNAL) {
                if (!cellsReadable) {
                    return;
                }
                if (count == 0) {
                    check.issue(pageNo, pageNo == root ? "root is an internal node with a single child (not collapsed)"
                            : "internal node has a single child");
                }
                children = new long[count + 1];
                for (int c = 0; c <= count; c++) {
                    children[c] = Node.child(b, c, pageNo);
                }
            }
        } catch (RuntimeException e) {
            check.issue(pageNo, "unreadable: " + e.getMessage());
            return;
        }
        if (kind == Node.LEAF) {
            if (cellCount == 0 && pageNo != root) {
                check.issue(pageNo, "empty leaf below the root (should have been merged)");
            }
            if (leafDepth < 0) {
                leafDepth = depth;
            } else if (leafDepth != depth) {
                check.issue(pageNo, "leaf at depth " + depth + " but other leaves are at depth " + leafDepth);
            }
            for (long[] chain : chains) {
                overflow(pageNo, (int) chain[2], chain[0], (int) chain[1]);
            }
            return;
        }
        for (int c = 0; c < children.length; c++) {
            byte[] lo = c == 0 ? low : keys.get(c - 1);
            byte[] hi = c == children.length - 1 ? high : keys.get(c);
            node(children[c], lo, hi, depth + 1, pageNo);
        }
    }

    private void checkPageType(Page p, long pageNo, byte kind) {
        PageType type;
        try {
            type = p.type();
        } catch (RuntimeException e) {
            check.issue(pageNo, "unreadable page type: " + e.getMessage());
            return;
        }
        if (pageNo == root) {
            // The root changes kind in place; the page store's type is whatever it was allocated as.
            if (type != PageType.BTREE_LEAF && type != PageType.BTREE_INTERNAL) {
                check.issue(pageNo, "root page has page type " + type);
            }
            return;
        }
        PageType expected = kind == Node.LEAF ? PageType.BTREE_LEAF : PageType.BTREE_INTERNAL;
        if (type != expected) {
            check.issue(pageNo, "page type " + type + " does not match node kind " + expected);
        }
    }

    private void checkOverlap(long pageNo, int[][] extents) {
        int[][] sorted = Arrays.stream(extents).filter(e -> e != null).sorted((x, y) -> Integer.compare(x[0], y[0]))
                .toArray(int[][]::new);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i - 1][0] + sorted[i - 1][1] > sorted[i][0]) {
                check.issue(pageNo, "cells " + sorted[i - 1][2] + " and " + sorted[i][2] + " overlap at offset "
                        + sorted[i][0]);
            }
        }
    }

    private void checkOrder(long pageNo, List<byte[]> keys, byte[] low, byte[] high, long parent) {
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = keys.get(i);
            if (i > 0 && Arrays.compareUnsigned(keys.get(i - 1), k) >= 0) {
                check.issue(pageNo, "keys " + (i - 1) + " and " + i + " are out of order");
            }
            if (low != null && Arrays.compareUnsigned(k, low) < 0) {
                check.issue(pageNo, "key " + i + " lies below the separator range given by parent page " + parent);
            }
            if (high != null && Arrays.compareUnsigned(k, high) >= 0) {
                check.issue(pageNo, "key " + i + " lies above the separator range given by parent page " + parent);
            }
        }
    }

    private void overflow(long leaf, int cell, long first, int total) {
        int expectedPages = Math.max(1, OverflowChain.pagesFor(total));
        long pageNo = first;
        long bytes = 0;
        int n = 0;
        while (pageNo != Node.NO_PAGE) {
            if (n == expectedPages) {
                check.issue(leaf, "overflow chain of cell " + cell + " is longer than the " + expectedPages
                        + " pages its " + total + "-byte value needs");
                return;
            }
            if (!seen.add(pageNo)) {
                check.issue(pageNo, "overflow page is reached twice (a cycle or a shared page), from leaf " + leaf);
                return;
            }
            check.visited(pageNo);
            n++;
            try (Page p = pages.pin(pageNo)) {
                PageType type = p.type();
                if (type != PageType.OVERFLOW) {
                    check.issue(pageNo, "overflow chain of leaf " + leaf + " reaches a page of type " + type);
                    return;
                }
                ByteBuffer b = p.buffer();
                int len = b.getInt(OverflowChain.LENGTH);
                if (len < 0 || len > OverflowChain.CAPACITY) {
                    check.issue(pageNo, "overflow page claims " + len + " bytes");
                    return;
                }
                bytes += len;
                pageNo = b.getLong(OverflowChain.NEXT);
            } catch (RuntimeException e) {
                check.issue(pageNo, "unreadable overflow page: " + e.getMessage());
                return;
            }
        }
        if (bytes != total) {
            check.issue(leaf, "overflow chain of cell " + cell + " holds " + bytes + " bytes in " + n
                    + " pages, the cell says " + total);
        }
    }
}
