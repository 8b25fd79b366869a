package io.cairn.sql;

import io.cairn.storage.Storage;

/**
 * What one committed table holds in the data file, and who it is charged to (since 0.4.0).
 *
 * @param table      the table's name
 * @param owner      the user who created it (or was given it with {@code ALTER TABLE ... OWNER TO});
 *                   {@code cairn} for a table created before owners were recorded
 * @param tablePages pages of its rows (long rows' overflow pages included)
 * @param indexPages pages of its secondary indexes together
 * @param indexes    how many secondary indexes it has
 */
public record TableStorage(String table, String owner, long tablePages, long indexPages, int indexes) {

    /** Pages of the table and its indexes. */
    public long pages() {
        return tablePages + indexPages;
    }

    /** {@link #pages()} in bytes. */
    public long bytes() {
        return pages() * Storage.PAGE_SIZE;
    }
}
