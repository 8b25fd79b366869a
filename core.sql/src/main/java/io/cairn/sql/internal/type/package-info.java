/**
 * SQL types and values: {@link io.cairn.sql.internal.type.SqlType}, the value rules in {@link
 * io.cairn.sql.internal.type.Values} (promotion, comparison, CAST, assignment), and the two byte
 * encodings, {@link io.cairn.sql.internal.type.RowCodec} for rows (core.sql/ROW-FORMAT.md) and
 * {@link io.cairn.sql.internal.type.KeyCodec} for order-preserving keys. Private to core.sql.
 */
package io.cairn.sql.internal.type;
