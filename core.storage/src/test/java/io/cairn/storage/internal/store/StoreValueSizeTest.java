package io.cairn.storage.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;

class StoreValueSizeTest {

    @TempDir
    Path dir;

    @Test
    void aValueTooLargeForThePoolIsRefusedUpFrontAndTheStoreKeepsWorking() {
        StorageOptions small = StorageOptions.defaults().withBufferPoolBytes(1 << 20); // 128 pages
        try (Storage store = Storage.open(dir, small)) {
            Tree t = store.createTree("t");
            byte[] huge = new byte[600_000];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.put(key(1), huge));
            assertTrue(e.getMessage().contains("raise the buffer pool size"), e.getMessage());
            assertNull(t.get(key(1)));

            byte[] fits = new byte[200_000];
            Arrays.fill(fits, (byte) 7);
            t.put(key(2), fits);
            store.commit(new byte[0]);
            assertArrayEquals(fits, t.get(key(2)));
            assertTrue(store.verify().clean());
        }
        try (Storage store = Storage.open(dir, small)) {
            assertTrue(store.openTree("t").get(key(2)).length == 200_000);
        }
    }

    private static byte[] key(int i) {
        return new byte[] {(byte) i};
    }
}
