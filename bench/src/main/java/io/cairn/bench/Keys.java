package io.cairn.bench;

import java.util.Arrays;

/**
 * The records every benchmark writes, identical for both engines: 8-byte big-endian keys (so
 * unsigned byte order is numeric order) and values of a fixed size that start with their key.
 */
public final class Keys {

    private Keys() {
    }

    public static byte[] key(long k) {
        byte[] b = new byte[8];
        putLong(b, 0, k);
        return b;
    }

    public static long decode(byte[] key) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v;
    }

    /** A fresh value of {@code size} bytes (at least 8): the key, then a fixed filler. */
    public static byte[] value(long k, int size) {
        byte[] b = new byte[Math.max(8, size)];
        Arrays.fill(b, 8, b.length, (byte) 0x5A);
        putLong(b, 0, k);
        return b;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
