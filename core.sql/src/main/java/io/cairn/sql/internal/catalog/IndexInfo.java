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
        String tree, List<Boolean> descending) {

    public IndexInfo {
        columns = List.copyOf(columns);
        descending = descending == null || descending.isEmpty() ? java.util.Collections.nCopies(columns.size(), false)
                : List.copyOf(descending);
        if (descending.size() != columns.size()) {
            throw new IllegalArgumentException("one direction per index column");
        }
    }

    /** An index whose columns are all ascending. */
    public IndexInfo(String name, String table, List<Integer> columns, boolean unique, boolean visible, String tree) {
        this(name, table, columns, unique, visible, tree, null);
    }

    /** Whether index column {@code k} is stored in descending order. */
    public boolean descending(int k) {
        return descending.get(k);
    }

    public boolean anyDescending() {
        return descending.contains(true);
    }

    public IndexInfo withVisible(boolean v) {
        return new IndexInfo(name, table, columns, unique, v, tree, descending);
    }

    public IndexInfo withTree(String newTree) {
        return new IndexInfo(name, table, columns, unique, visible, newTree, descending);
    }
}
