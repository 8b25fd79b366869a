/**
 * The SQL catalog stored in the database: {@link io.cairn.sql.internal.catalog.Catalog} reads and
 * writes table and index definitions in the {@code sql.catalog} table through a transaction, and
 * {@link io.cairn.sql.internal.catalog.Statistics} keeps ANALYZE results in {@code sql.stats}.
 * Format in core.sql/CATALOG.md. Private to core.sql.
 */
package io.cairn.sql.internal.catalog;
