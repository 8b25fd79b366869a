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

    // put and remove inline PageStore.mutate to spare a lambda per change.

    @Override
    public byte[] put(byte[] key, byte[] value) {
        check();
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
