package io.cairn.storage.internal.wal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The byte layout of a log record header and of segment file names (WAL-FORMAT.md). A record is
 * a 17-byte big-endian header {@code length:int type:byte crc32c:int lsn:long} followed by
 * {@code length} payload bytes.
 */
final class WalRecord {

    static final int LENGTH_OFFSET = 0;
    static final int TYPE_OFFSET = 4;
    static final int CRC_OFFSET = 5;
    static final int LSN_OFFSET = 9;
    static final int HEADER_SIZE = 17;
    /** Largest payload: the record must fit a Java array with headroom. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 1024;

    static final String SEGMENT_SUFFIX = ".wal";
    static final String SPARE_SUFFIX = ".spare";
    private static final int NAME_DIGITS = 20;

    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final byte[] ZERO_CRC = new byte[4];

    private WalRecord() {
    }

    /** CRC32C over the header with its crc field taken as zero, then the payload. */
    static int checksum(CRC32C crc, byte[] record, int offset, int payloadLength) {
        crc.reset();
        crc.update(record, offset, CRC_OFFSET);
        crc.update(ZERO_CRC, 0, 4);
        crc.update(record, offset + LSN_OFFSET, HEADER_SIZE - LSN_OFFSET + payloadLength);
        return (int) crc.getValue();
    }

    static String segmentName(long firstLsn) {
        return pad(firstLsn) + SEGMENT_SUFFIX;
    }

    static String spareName(long firstLsn) {
        return pad(firstLsn) + SPARE_SUFFIX;
    }

    private static String pad(long lsn) {
        String digits = Long.toString(lsn);
        return "0".repeat(NAME_DIGITS - digits.length()) + digits;
    }

    /** The first LSN a segment file name stands for, or -1 when the name is not a segment's. */
    static long parseSegmentName(String fileName) {
        return parse(fileName, SEGMENT_SUFFIX);
    }

    /** Recycled segments are named {@code <20 digits>.spare}, preallocated ones {@code preallocated-<n>.spare}. */
    static boolean isSpareName(String fileName) {
        return fileName.endsWith(SPARE_SUFFIX);
    }

    private static long parse(String fileName, String suffix) {
        if (fileName.length() != NAME_DIGITS + suffix.length() || !fileName.endsWith(suffix)) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                return -1;
            }
        }
        return value;
    }
}
