/**
 * Execution: pull-based {@link io.cairn.sql.internal.exec.Operator}s over rows of SQL values,
 * {@link io.cairn.sql.internal.exec.TableAccess} for row, key and index entry encodings, and
 * {@link io.cairn.sql.internal.exec.TableWriter} for constraint checks and index maintenance.
 * {@link io.cairn.sql.internal.exec.ExecContext} carries the cancel flag, deadline and memory bound;
 * past the bound, sorts and hash tables spill through {@link io.cairn.sql.internal.exec.ExternalSort},
 * {@link io.cairn.sql.internal.exec.RowBuffer} and {@link io.cairn.sql.internal.exec.TempFile}s in
 * the database's {@link io.cairn.sql.internal.exec.TempArea} (core.sql/CATALOG.md, "Spilling to disk").
 * Private to core.sql.
 */
package io.cairn.sql.internal.exec;
