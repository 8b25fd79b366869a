package io.cairn.storage.internal.store;

import io.cairn.storage.Cursor;
import io.cairn.storage.Tree;
import io.cairn.storage.internal.btree.BTree;

/** A named tree of a {@link PageStore}: reads go straight to the B+tree, changes run under the mutation latch. */
final class StoreTree implements Tree {

    private final PageStore store;
    private final String name;
    final long root;
    final BTree btree;
    final TreePages pages;
    /** The page count as the catalog entry holds it (-1: not yet written); changed only by log points. */
    long persistedPages;
    volatile boolean dropped;

    StoreTree(PageStore store, String name, long root, TreePages pages, long persistedPages) {
        this.store = store;
        this.name = name;
        this.root = root;
        this.pages = pages;
        this.btree = new BTree(pages, root);
        this.persistedPages = persistedPages;
    }

    @Override
    public String name() {
        return name;
    }

    private void check() {
        if (dropped) {
            throw new IllegalStateException("tree " + name + " was dropped");
        }
    }

    @Override
    public byte[] get(byte[] key) {
        check();
        store.checkOpen();
        return btree.get(key);
    }

    // put, putIfAbsent and remove inline PageStore.mutate to spare a lambda per change (the hot path).

    @Override
    public byte[] put(byte[] key, byte[] value) {
        check();
        store.checkValueFits(value);
        store.beginMutation();
        try {
            return btree.put(key, value);
        } catch (RuntimeException e) {
            throw store.mutationFailed(e);
        } catch (Error e) {
            store.mutationFailed(e);
            throw e;
        } finally {
            store.endMutation();
        }
    }

    /*
     * No read-latched lookup first, though it would be atomic (a present key found under the read
     * lock is a putIfAbsent that changed nothing, linearized at that read): the call exists so a
     * new key costs one descent, and the lookup would make that two, on every INSERT and every new
     * index entry, to spare the existing-key case (an UPDATE's head, which the caller then
     * rewrites under the write lock anyway) one descent under the write lock instead of the read
     * lock. A present key with an overflow value is found before its chain is written (BTree).
     */
    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        check();
        store.checkValueFits(value);
        store.beginMutation();
        try {
            return btree.putIfAbsent(key, value);
        } catch (RuntimeException e) {
            throw store.mutationFailed(e);
        } catch (Error e) {
            store.mutationFailed(e);
            throw e;
        } finally {
            store.endMutation();
        }
    }

    @Override
    public byte[] remove(byte[] key) {
        check();
        store.beginMutation();
        try {
            return btree.remove(key);
        } catch (RuntimeException e) {
            throw store.mutationFailed(e);
        } catch (Error e) {
            store.mutationFailed(e);
            throw e;
        } finally {
            store.endMutation();
        }
    }

    @Override
    public Cursor cursor(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse) {
        check();
        store.checkOpen();
        return btree.cursor(from, fromInclusive, to, toInclusive, reverse);
    }

    @Override
    public long load(Cursor entries, int fillPercent) {
        check();
        store.checkOpen();
        BTree.Loader loader = btree.loader(fillPercent);
        // Each batch is one change of the store: small enough that the pages it dirties fit
        // beside the others until the next log point, which then logs a consistent tree.
        long batchLimit = Math.max(64L << 10, (long) store.poolCapacity() / 16 * io.cairn.storage.internal.page.PageLayout.PAGE_SIZE);
        java.util.List<byte[][]> batch = new java.util.ArrayList<>();
        long batchBytes = 0;
        while (entries.next()) {
            byte[] k = entries.key();
            byte[] v = entries.value();
            store.checkValueFits(v);
            batch.add(new byte[][] {k, v});
            batchBytes += k.length + v.length + 16;
            if (batchBytes >= batchLimit) {
                appendBatch(loader, batch);
                batch.clear();
                batchBytes = 0;
            }
        }
        appendBatch(loader, batch);
        store.mutate(() -> {
            loader.finish();
            return null;
        });
        return loader.count();
    }

    private void appendBatch(BTree.Loader loader, java.util.List<byte[][]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        store.mutate(() -> {
            loader.append(batch);
            return null;
        });
    }

    @Override
    public long pages() {
        check();
        return pages.count.get();
    }

    @Override
    public long count() {
        check();
        store.checkOpen();
        return btree.count();
    }

    @Override
    public String toString() {
        return "Tree[" + name + ", root " + root + "]";
    }
}
