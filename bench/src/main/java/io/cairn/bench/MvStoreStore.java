package io.cairn.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;

import io.cairn.storage.KeyEncoder;

/**
 * H2's MVStore with one {@code MVMap<byte[], byte[]>} ordered like Cairn's trees (unsigned bytes);
 * durable commit is {@code commit()} then {@code sync()}. Everything else is MVStore's default.
 */
public final class MvStoreStore implements KeyValueStore {

    static final String MAP = "bench";

    private final MVStore store;
    private final MVMap<byte[], byte[]> map;

    public MvStoreStore(Path dir, long cacheBytes) {
        this.store = new MVStore.Builder()
                .fileName(dir.resolve("bench.mv.db").toString())
                .cacheSize((int) Math.max(1, cacheBytes >> 20))
                .open();
        this.map = store.openMap(MAP, new MVMap.Builder<byte[], byte[]>()
                .keyType(UnsignedBytes.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public int scan(byte[] from, int limit, EntrySink sink) {
        int n = 0;
        Cursor<byte[], byte[]> c = map.cursor(from);
        while (n < limit && c.hasNext()) {
            byte[] k = c.next();
            sink.accept(k, c.getValue());
            n++;
        }
        return n;
    }

    @Override
    public void commit() {
        store.commit();
        store.sync();
    }

    @Override
    public void close() {
        store.close();
    }

    /** Byte-array keys in unsigned lexicographic order; H2's own byte-array type cannot compare. */
    static final class UnsignedBytes extends BasicDataType<byte[]> {

        static final UnsignedBytes INSTANCE = new UnsignedBytes();

        @Override
        public int compare(byte[] a, byte[] b) {
            return KeyEncoder.compare(a, b);
        }

        @Override
        public int getMemory(byte[] obj) {
            return ByteArrayDataType.INSTANCE.getMemory(obj);
        }

        @Override
        public void write(WriteBuffer buff, byte[] obj) {
            ByteArrayDataType.INSTANCE.write(buff, obj);
        }

        @Override
        public byte[] read(ByteBuffer buff) {
            return ByteArrayDataType.INSTANCE.read(buff);
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }
    }
}
