package io.cairn.sql.internal.catalog;

import io.cairn.sql.internal.type.SqlType;

/**
 * One physical column of a table: its place in the stored row never changes. A dropped column
 * keeps its slot (old rows still hold a value there) but is hidden from SQL.
 *
 * @param defaultSql the DEFAULT expression as SQL text, or null
 */
public record ColumnInfo(String name, SqlType type, boolean notNull, String defaultSql, boolean dropped) {

    public ColumnInfo withDropped() {
        return new ColumnInfo(name, type, notNull, defaultSql, true);
    }
}
