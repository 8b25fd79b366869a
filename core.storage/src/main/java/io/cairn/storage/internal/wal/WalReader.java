package io.cairn.storage.internal.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import io.cairn.storage.FileChannelFactory;

/**
 * Iterates the records of a {@link WriteAheadLog} in LSN order, from a record boundary up to the
 * end of the valid log (the first record with an impossible length, a foreign LSN or a bad
 * checksum ends it). Not thread-safe; close it to release the file it holds open.
 */
public final class WalReader implements Closeable {

    private static final int WINDOW = 64 << 10;

    private final List<WalSegment> segments;
    private final FileChannelFactory factory;
    private final long limit;
    private final CRC32C crc = new CRC32C();

    private int segmentIndex;
    private FileChannel channel;
    private long segmentFileSize;
    private long position;

    private byte[] window = new byte[WINDOW];
    private long windowLsn;
    private int windowLength;

    private long lsn = -1;
    private byte type;
    private int payloadOffset;
    private int payloadLength;
    private boolean finished;

    /**
     * @param segments the log's segments in LSN order
     * @param fromLsn  where to start: a record boundary inside {@code segments}
     * @param limit    no record at or past this LSN is returned
     */
    WalReader(List<WalSegment> segments, long fromLsn, long limit, FileChannelFactory factory) {
        this.segments = segments;
        this.factory = factory;
        this.limit = limit;
        this.position = fromLsn;
        int index = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).firstLsn <= fromLsn) {
                index = i;
            }
        }
        this.segmentIndex = index;
        this.finished = segments.isEmpty();
    }

    /** Moves to the next record; false at the end of the valid log (and from then on). */
    public boolean next() throws IOException {
        lsn = -1;
        while (!finished) {
            if (position >= limit) {
                break;
            }
            // A segment named by the current position starts there: the previous one was closed at it.
            if (segmentIndex + 1 < segments.size() && segments.get(segmentIndex + 1).firstLsn == position) {
                switchTo(segmentIndex + 1);
                continue;
            }
            if (readRecord()) {
                return true;
            }
            break;
        }
        finished = true;
        closeChannel();
        return false;
    }

    /** LSN of the current record. */
    public long lsn() {
        checkRecord();
        return lsn;
    }

    /** Type of the current record (never 0). */
    public byte type() {
        checkRecord();
        return type;
    }

    /** A copy of the current record's payload. */
    public byte[] payload() {
        checkRecord();
        return Arrays.copyOfRange(window, payloadOffset, payloadOffset + payloadLength);
    }

    public int payloadLength() {
        checkRecord();
        return payloadLength;
    }

    /** The current record's payload without copying; valid until the next call to {@link #next()}. */
    public ByteBuffer payloadBuffer() {
        checkRecord();
        return ByteBuffer.wrap(window, payloadOffset, payloadLength).slice().asReadOnlyBuffer();
    }

    /**
     * LSN just past the current record; after {@link #next()} returned false, the end of the
     * valid log as far as this reader went.
     */
    public long nextLsn() {
        return position;
    }

    /** Index (in the segment list given) of the segment that holds {@link #nextLsn()}. */
    int segmentIndex() {
        return segmentIndex;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        closeChannel();
    }

    private void checkRecord() {
        if (lsn < 0) {
            throw new IllegalStateException("no current record: call next() first");
        }
    }

    private void switchTo(int index) throws IOException {
        closeChannel();
        segmentIndex = index;
        windowLength = 0;
    }

    private boolean readRecord() throws IOException {
        if (channel == null) {
            WalSegment segment = segments.get(segmentIndex);
            channel = factory.open(segment.path, StandardOpenOption.READ);
            segmentFileSize = channel.size();
            windowLength = 0;
        }
        long first = segments.get(segmentIndex).firstLsn;
        long offset = position - first;
        if (offset < 0 || offset + WalRecord.HEADER_SIZE > segmentFileSize) {
            return false;
        }
        int at = ensure(position, WalRecord.HEADER_SIZE, first);
        int length = (int) WalRecord.INT.get(window, at + WalRecord.LENGTH_OFFSET);
        byte recordType = window[at + WalRecord.TYPE_OFFSET];
        long recordLsn = (long) WalRecord.LONG.get(window, at + WalRecord.LSN_OFFSET);
        if (length < 0 || length > WalRecord.MAX_PAYLOAD || recordType == 0 || recordLsn != position
                || offset + WalRecord.HEADER_SIZE + length > segmentFileSize) {
            return false;
        }
        at = ensure(position, WalRecord.HEADER_SIZE + length, first);
        int stored = (int) WalRecord.INT.get(window, at + WalRecord.CRC_OFFSET);
        if (WalRecord.checksum(crc, window, at, length) != stored) {
            return false;
        }
        lsn = position;
        type = recordType;
        payloadOffset = at + WalRecord.HEADER_SIZE;
        payloadLength = length;
        position += WalRecord.HEADER_SIZE + length;
        return true;
    }

    /** Makes {@code [lsn, lsn + n)} of the current segment available in the window; returns its index there. */
    private int ensure(long from, int n, long segmentFirstLsn) throws IOException {
        if (from >= windowLsn && from + n <= windowLsn + windowLength) {
            return (int) (from - windowLsn);
        }
        if (window.length < n) {
            window = new byte[Math.max(n, Math.min(window.length * 2, WalRecord.MAX_PAYLOAD))];
        }
        long fileOffset = from - segmentFirstLsn;
        int want = (int) Math.min(window.length, segmentFileSize - fileOffset);
        ByteBuffer target = ByteBuffer.wrap(window, 0, want);
        while (target.hasRemaining()) {
            int read = channel.read(target, fileOffset + target.position());
            if (read < 0) {
                break;
            }
        }
        windowLsn = from;
        windowLength = target.position();
        if (windowLength < n) {
            throw new IOException("segment " + segments.get(segmentIndex) + " shrank while being read");
        }
        return 0;
    }

    private void closeChannel() throws IOException {
        FileChannel open = channel;
        channel = null;
        if (open != null) {
            open.close();
        }
    }
}
