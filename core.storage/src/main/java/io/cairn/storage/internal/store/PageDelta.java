package io.cairn.storage.internal.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

import io.cairn.storage.StorageException;
import io.cairn.storage.internal.page.PageLayout;

/**
 * The PAGE_DELTA record (FORMAT.md): the byte runs in which a page differs from its previous log
 * record's image (its base), with the base's LSN and a CRC32C of the whole resulting page. Bytes
 * 4..15 (checksum and page LSN) are compared as zero on both sides: recovery sets them itself.
 */
final class PageDelta {

    /** pageNo, baseLsn, resultCrc. */
    static final int HEADER = 8 + 8 + 4;
    /** A delta larger than this is logged as a full image instead. */
    static final int MAX_PAYLOAD = PageLayout.PAGE_SIZE / 2;
    /** Runs closer than this are merged: a run header (4 bytes) costs about as much as a short gap. */
    static final int GAP = 8;
    private static final int FIELDS_FROM = PageLayout.CHECKSUM_OFFSET;
    private static final int FIELDS_TO = PageLayout.HEADER_SIZE;
    private static final byte[] ZEROS = new byte[FIELDS_TO - FIELDS_FROM];

    private PageDelta() {
    }

    /** Zeroes the checksum and LSN fields of the page at {@code page[off...]}, as bases and deltas see them. */
    static void clearFields(byte[] page, int off) {
        Arrays.fill(page, off + FIELDS_FROM, off + FIELDS_TO, (byte) 0);
    }

    /**
     * Writes the delta record's payload for the page {@code cur[curOff, curOff + PAGE_SIZE)} (fields
     * cleared) against {@code base} into {@code out}; returns its length, or -1 if it would exceed
     * {@link #MAX_PAYLOAD} (log a full image then). {@code out} holds at least MAX_PAYLOAD bytes.
     */
    static int encode(long pageNo, long baseLsn, byte[] cur, int curOff, byte[] base, byte[] out, CRC32C crc) {
        final int n = PageLayout.PAGE_SIZE;
        int w = HEADER;
        int pos = 0;
        while (pos < n) {
            int m = Arrays.mismatch(cur, curOff + pos, curOff + n, base, pos, n);
            if (m < 0) {
                break;
            }
            int start = pos + m;
            int end = start + 1;
            for (int i = end; i < n && i - end < GAP; i++) {
                if (cur[curOff + i] != base[i]) {
                    end = i + 1;
                }
            }
            int len = end - start;
            if (w + 4 + len > MAX_PAYLOAD) {
                return -1;
            }
            out[w] = (byte) (start >>> 8);
            out[w + 1] = (byte) start;
            out[w + 2] = (byte) (len >>> 8);
            out[w + 3] = (byte) len;
            System.arraycopy(cur, curOff + start, out, w + 4, len);
            w += 4 + len;
            pos = end;
        }
        crc.reset();
        crc.update(cur, curOff, n);
        ByteBuffer.wrap(out).putLong(0, pageNo).putLong(8, baseLsn).putInt(16, (int) crc.getValue());
        return w;
    }

    static long pageNo(ByteBuffer payload) {
        return payload.getLong(payload.position());
    }

    static long baseLsn(ByteBuffer payload) {
        return payload.getLong(payload.position() + 8);
    }

    /**
     * Checks that the runs of a delta payload are well formed (ascending, inside the page, ending
     * exactly at the payload's end); a malformed one is refused naming its LSN.
     */
    static void check(ByteBuffer payload, long lsn) {
        int p = payload.position();
        int end = payload.limit();
        if (end - p < HEADER) {
            throw malformed(lsn, "has " + (end - p) + " bytes, less than its " + HEADER + "-byte header");
        }
        int at = p + HEADER;
        int next = 0;
        while (at < end) {
            if (end - at < 4) {
                throw malformed(lsn, "ends inside a run header");
            }
            int off = Short.toUnsignedInt(payload.getShort(at));
            int len = Short.toUnsignedInt(payload.getShort(at + 2));
            if (len == 0 || off < next || off + len > PageLayout.PAGE_SIZE || at + 4 + len > end) {
                throw malformed(lsn, "has a run of " + len + " bytes at page offset " + off + " that is empty, "
                        + "out of order, past the page's end or past the record's end");
            }
            next = off + len;
            at += 4 + len;
        }
    }

    /**
     * Applies the runs to {@code page} (a checked payload) and returns whether the result, fields
     * taken as zero, has the CRC the record carries.
     */
    static boolean apply(ByteBuffer payload, ByteBuffer page, CRC32C crc) {
        int p = payload.position();
        int end = payload.limit();
        int at = p + HEADER;
        while (at < end) {
            int off = Short.toUnsignedInt(payload.getShort(at));
            int len = Short.toUnsignedInt(payload.getShort(at + 2));
            page.put(off, payload, at + 4, len);
            at += 4 + len;
        }
        crc.reset();
        ByteBuffer b = page.duplicate();
        b.limit(FIELDS_FROM).position(0);
        crc.update(b);
        crc.update(ZEROS, 0, ZEROS.length);
        b.limit(PageLayout.PAGE_SIZE).position(FIELDS_TO);
        crc.update(b);
        return (int) crc.getValue() == payload.getInt(p + 16);
    }

    private static StorageException malformed(long lsn, String what) {
        return new StorageException("page delta record at LSN " + lsn + " " + what);
    }
}
