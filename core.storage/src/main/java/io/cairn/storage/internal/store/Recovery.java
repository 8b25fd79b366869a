package io.cairn.storage.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.cairn.storage.RecoveryListener;
import io.cairn.storage.StorageException;
import io.cairn.storage.internal.file.PageFile;
import io.cairn.storage.internal.page.PageChecksum;
import io.cairn.storage.internal.page.PageLayout;
import io.cairn.storage.internal.wal.WalReader;
import io.cairn.storage.internal.wal.WriteAheadLog;

/**
 * Redo recovery: replays the log from the checkpoint's redo LSN, one complete group at a time,
 * straight into the data file. A page image is written when the file's copy is older or fails its
 * checksum (a torn write). Images not followed by their GROUP_END are discarded.
 */
final class Recovery {

    private final PageFile file;
    private final WriteAheadLog wal;
    private final RecoveryListener listener;
    long groupsApplied;
    long pagesWritten;

    Recovery(PageFile file, WriteAheadLog wal, RecoveryListener listener) {
        this.file = file;
        this.wal = wal;
        this.listener = listener;
    }

    private record Image(long lsn, long pageNo, byte[] bytes) {
    }

    void run(long redoLsn) {
        List<Image> pending = new ArrayList<>();
        ByteBuffer onDisk = ByteBuffer.allocate(PageLayout.PAGE_SIZE);
        try (WalReader r = wal.read(redoLsn)) {
            while (r.next()) {
                byte type = r.type();
                if (type == LogRecords.PAGE_IMAGE) {
                    ByteBuffer p = r.payloadBuffer();
                    if (p.remaining() != LogRecords.IMAGE_PAYLOAD) {
                        throw new StorageException("page image record at LSN " + r.lsn() + " has "
                                + p.remaining() + " bytes, expected " + LogRecords.IMAGE_PAYLOAD);
                    }
                    long pageNo = p.getLong(p.position());
                    byte[] bytes = new byte[PageLayout.PAGE_SIZE];
                    p.get(p.position() + 8, bytes);
                    pending.add(new Image(r.lsn(), pageNo, bytes));
                } else if (type == LogRecords.GROUP_END) {
                    ByteBuffer p = r.payloadBuffer();
                    int base = p.position();
                    long groupStart = p.getLong(base);
                    int pages = p.getInt(base + 8);
                    byte[] payload = new byte[p.remaining() - LogRecords.GROUP_END_HEADER];
                    p.get(base + LogRecords.GROUP_END_HEADER, payload);
                    long endLsn = r.lsn();
                    int applied = 0;
                    for (Image img : pending) {
                        // Images before the group's start belong to a group cut short by a crash.
                        if (img.lsn >= groupStart) {
                            apply(img, endLsn, onDisk);
                            applied++;
                        }
                    }
                    if (applied != pages) {
                        throw new StorageException("log group ending at LSN " + endLsn + " in " + file.path()
                                + "'s log has " + applied + " page images, its end record says " + pages);
                    }
                    pending.clear();
                    groupsApplied++;
                    listener.groupRecovered(endLsn, payload);
                }
            }
        } catch (IOException e) {
            throw new StorageException("redo recovery of " + file.path() + " failed reading the write-ahead log: "
                    + e.getMessage(), e);
        }
        file.sync();
    }

    private void apply(Image img, long groupEndLsn, ByteBuffer onDisk) {
        ByteBuffer image = ByteBuffer.wrap(img.bytes);
        image.putLong(PageLayout.LSN_OFFSET, groupEndLsn);
        boolean present = file.readPageUnchecked(img.pageNo, onDisk);
        if (present && PageChecksum.matches(onDisk) && onDisk.getLong(PageLayout.LSN_OFFSET) >= groupEndLsn) {
            return;
        }
        file.writePage(img.pageNo, image);
        pagesWritten++;
    }
}
