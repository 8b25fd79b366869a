/**
 * Expression evaluation: {@link io.cairn.sql.internal.expr.ExpressionCompiler} turns an AST
 * expression and a {@link io.cairn.sql.internal.expr.ColumnResolver} into an {@link
 * io.cairn.sql.internal.expr.Evaluator} tree that computes a value per row with SQL NULL semantics.
 * Aggregates and subqueries are left to the executor, which can substitute them through {@link
 * io.cairn.sql.internal.expr.ColumnResolver#replace}. Private to core.sql.
 */
package io.cairn.sql.internal.expr;
