package io.cairn.txn.internal;

import java.util.Arrays;

import io.cairn.storage.KeyEncoder;

/**
 * Encodes row versions as MVCC.md describes: the newest version of a row in its table tree
 * under a 17-byte header, older committed versions in the undo tree keyed by (table, key,
 * commit SCN descending).
 */
final class Versions {

    static final int DELETED = 1;
    static final int WRITER_IS_SCN = 2;
    static final int HEADER = 17;
    private static final byte[] EMPTY = new byte[0];

    private Versions() {
    }

    static byte[] head(int flags, long writer, long prevScn, byte[] row) {
        byte[] r = row == null ? EMPTY : row;
        byte[] b = new byte[HEADER + r.length];
        b[0] = (byte) flags;
        putLong(b, 1, writer);
        putLong(b, 9, prevScn);
        System.arraycopy(r, 0, b, HEADER, r.length);
        return b;
    }

    static int flags(byte[] head) {
        return head[0] & 0xFF;
    }

    static boolean deleted(byte[] head) {
        return (head[0] & DELETED) != 0;
    }

    static boolean writerIsScn(byte[] head) {
        return (head[0] & WRITER_IS_SCN) != 0;
    }

    static long writer(byte[] head) {
        return getLong(head, 1);
    }

    static long prevScn(byte[] head) {
        return getLong(head, 9);
    }

    /** The row of a head, or null for a deleted row. */
    static byte[] row(byte[] head) {
        return deleted(head) ? null : Arrays.copyOfRange(head, HEADER, head.length);
    }

    static boolean sameHeader(byte[] a, byte[] b) {
        return a != null && b != null && Arrays.equals(a, 0, HEADER, b, 0, HEADER);
    }

    /** The undo value of a head: its deleted flag and row. */
    static byte[] undoValue(byte[] head) {
        byte[] b = new byte[1 + head.length - HEADER];
        b[0] = (byte) (head[0] & DELETED);
        System.arraycopy(head, HEADER, b, 1, head.length - HEADER);
        return b;
    }

    /** The row of an undo value, or null for a deleted row. */
    static byte[] undoRow(byte[] undo) {
        return (undo[0] & DELETED) != 0 ? null : Arrays.copyOfRange(undo, 1, undo.length);
    }

    /** A head rebuilt from an undo value, stamped with its commit SCN. */
    static byte[] headFromUndo(byte[] undo, long scn) {
        byte[] b = new byte[HEADER + undo.length - 1];
        b[0] = (byte) ((undo[0] & DELETED) | WRITER_IS_SCN);
        putLong(b, 1, scn);
        System.arraycopy(undo, 1, b, HEADER, undo.length - 1);
        return b;
    }

    /** A copy of a committed head whose writer field holds its commit SCN instead of the transaction id. */
    static byte[] stamped(byte[] head, long scn) {
        byte[] b = head.clone();
        b[0] = (byte) (b[0] | WRITER_IS_SCN);
        putLong(b, 1, scn);
        return b;
    }

    /** The part of every undo key of one row: the table name then the row key, both key-encoded. */
    static byte[] undoPrefix(String table, byte[] key) {
        return KeyEncoder.create(table.length() + key.length + 8).writeString(table).writeBytes(key).toBytes();
    }

    static byte[] undoKey(byte[] prefix, long scn) {
        byte[] b = Arrays.copyOf(prefix, prefix.length + 8);
        putLong(b, prefix.length, ~scn);
        return b;
    }

    static long undoKeyScn(byte[] undoKey) {
        return ~getLong(undoKey, undoKey.length - 8);
    }

    static byte[] undoKeyPrefix(byte[] undoKey) {
        return Arrays.copyOf(undoKey, undoKey.length - 8);
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        putLong(b, 0, v);
        return b;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
