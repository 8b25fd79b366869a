/**
 * SQL text to AST: {@link io.cairn.sql.internal.parser.Parser} (hand-written recursive descent over
 * the tokens of {@code Lexer}) builds immutable {@link io.cairn.sql.internal.parser.Statement},
 * {@link io.cairn.sql.internal.parser.Query} and {@link io.cairn.sql.internal.parser.Expr} records,
 * each carrying its {@link io.cairn.sql.internal.parser.SourcePos}; {@link
 * io.cairn.sql.internal.parser.SqlPrinter} prints them back. Private to core.sql.
 */
package io.cairn.sql.internal.parser;
