package io.cairn.sql.internal.catalog;

import java.util.List;

/**
 * A secondary index: a tree whose key is the encoded index columns followed by the encoded
 * primary key, so every entry is unique even when the indexed values are not.
 *
 * @param columns physical column positions in the table, in index order
 * @param tree    the name of the transaction-layer table holding the entries
 */
public record IndexInfo(String name, String table, List<Integer> columns, boolean unique, boolean visible,
        String tree) {

    public IndexInfo {
        columns = List.copyOf(columns);
    }

    public IndexInfo withVisible(boolean v) {
        return new IndexInfo(name, table, columns, unique, v, tree);
    }
}
