/**
 * The SQL entry point: {@link io.cairn.sql.internal.engine.SqlEngine} runs a statement string for a
 * transaction-layer session (autocommit or inside BEGIN ... COMMIT) and returns a
 * {@link io.cairn.sql.internal.engine.SqlResult}. Private to core.sql.
 */
package io.cairn.sql.internal.engine;
