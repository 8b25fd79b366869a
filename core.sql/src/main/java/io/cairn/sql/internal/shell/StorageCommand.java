package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.storage.BufferPoolStats;
import io.cairn.storage.FragmentationStats;
import io.cairn.storage.StorageStats;

/** {@code cairn:storage}: buffer pool, write-ahead log and data file figures of one database. */
@Service
@Command(scope = "cairn", name = "storage",
        description = "Shows the buffer pool, write-ahead log and data file figures of a database.")
public class StorageCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        StorageStats s = db.storage().stats();
        BufferPoolStats bp = s.bufferPool();
        FragmentationStats f = db.storage().fragmentation();
        ShellTable table = new ShellTable();
        table.column("Area");
        table.column("Figure");
        table.column("Value").alignRight();
        row(table, "buffer pool", "frames used / capacity", bp.usedFrames() + " / " + bp.capacityFrames());
        row(table, "buffer pool", "hit ratio", String.format("%.4f", bp.hitRatio()));
        row(table, "buffer pool", "hits", bp.hits());
        row(table, "buffer pool", "misses", bp.misses());
        row(table, "buffer pool", "page reads", bp.reads());
        row(table, "buffer pool", "page writes", bp.writes());
        row(table, "buffer pool", "evictions", bp.evictions());
        row(table, "buffer pool", "dirty pages", bp.dirtyPages());
        row(table, "buffer pool", "pinned frames", bp.pinnedFrames());
        row(table, "wal", "first LSN", s.walFirstLsn());
        row(table, "wal", "end LSN", s.walEndLsn());
        row(table, "wal", "durable LSN", s.walDurableLsn());
        row(table, "wal", "bytes on disk", s.walBytes());
        row(table, "wal", "bytes written", s.walBytesWritten());
        row(table, "wal", "fsyncs", s.walFsyncs());
        row(table, "wal", "fsync time ms", s.walFsyncNanos() / 1_000_000);
        row(table, "wal", "commits per fsync", String.format("%.2f", s.commitsPerFsync()));
        row(table, "wal", "log points", s.logPoints());
        row(table, "wal", "pages logged", s.pagesLogged());
        row(table, "checkpoint", "redo LSN", s.checkpointRedoLsn());
        row(table, "checkpoint", "checkpoints", s.checkpoints());
        row(table, "data file", "bytes", s.dataFileBytes());
        row(table, "data file", "pages", s.pageCount());
        row(table, "data file", "free pages", f.freePages());
        row(table, "data file", "reclaimable bytes", f.reclaimableBytes());
        System.out.println("Database " + db.name() + " (" + db.directory() + ")");
        table.print(System.out);
        return null;
    }

    private static void row(ShellTable table, String area, String figure, Object value) {
        table.addRow().addContent(area, figure, value);
    }
}
