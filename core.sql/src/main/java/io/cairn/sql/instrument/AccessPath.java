package io.cairn.sql.instrument;

/**
 * How a statement read one table: the raw material of auto-indexing (full scans and the
 * predicates applied to them).
 *
 * @param kind      how the rows were found
 * @param table     the table name
 * @param index     the secondary index used, or null
 * @param predicate the filter applied directly to the rows read, with constants as {@code ?}
 *                  (e.g. {@code (cat = ?)}), or null when none applies to this table alone
 */
public record AccessPath(Kind kind, String table, String index, String predicate) {

    public enum Kind {
        /** Every row of the table read. */
        FULL_SCAN,
        /** Rows found through the primary key (a lookup or a key range). */
        PRIMARY_KEY,
        /** Rows found through a secondary index. */
        INDEX_SCAN
    }
}
