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
    volatile boolean dropped;

    StoreTree(PageStore store, String name, long root, BTree btree) {
        this.store = store;
        this.name = name;
        this.root = root;
        this.btree = btree;
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

    @Override
    public byte[] put(byte[] key, byte[] value) {
        check();
        return store.mutate(() -> btree.put(key, value));
    }

    @Override
    public byte[] remove(byte[] key) {
        check();
        return store.mutate(() -> btree.remove(key));
    }

    @Override
    public Cursor cursor(byte[] from, boolean fromInclusive, byte[] to, boolean toInclusive, boolean reverse) {
        check();
        store.checkOpen();
        return btree.cursor(from, fromInclusive, to, toInclusive, reverse);
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
