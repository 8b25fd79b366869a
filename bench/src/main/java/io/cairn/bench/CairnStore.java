package io.cairn.bench;

import java.nio.file.Path;

import io.cairn.storage.Cursor;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

/** Cairn's page store with one tree; commit is {@link Storage#commit(byte[])} (group commit, fsync). */
public final class CairnStore implements KeyValueStore {

    static final String TREE = "bench";

    private final Storage storage;
    private final Tree tree;

    public CairnStore(Path dir, long cacheBytes) {
        this.storage = Storage.open(dir, StorageOptions.defaults().withBufferPoolBytes(cacheBytes));
        this.tree = storage.treeNames().contains(TREE) ? storage.openTree(TREE) : storage.createTree(TREE);
    }

    public Storage storage() {
        return storage;
    }

    @Override
    public byte[] get(byte[] key) {
        return tree.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        tree.put(key, value);
    }

    @Override
    public int scan(byte[] from, int limit, EntrySink sink) {
        int n = 0;
        try (Cursor c = tree.cursor(from, true, null, true, false)) {
            while (n < limit && c.next()) {
                sink.accept(c.key(), c.value());
                n++;
            }
        }
        return n;
    }

    @Override
    public void commit() {
        storage.commit(null);
    }

    @Override
    public void close() {
        storage.close();
    }
}
