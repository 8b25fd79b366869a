package io.cairn.sql.internal.parser;

import java.util.List;

/**
 * A query: a body (a SELECT or a UNION of bodies) with the ORDER BY, LIMIT and OFFSET that apply
 * to its result. {@code limit} and {@code offset} are null when absent.
 */
public record Query(SourcePos pos, Body body, List<OrderItem> orderBy, Expr limit, Expr offset) {

    public Query {
        orderBy = List.copyOf(orderBy);
    }

    /** What produces the rows of a query. */
    public sealed interface Body {
        SourcePos pos();
    }

    /** One SELECT. {@code where} and {@code having} are null when absent; {@code from} may be empty. */
    public record Select(SourcePos pos, boolean distinct, List<SelectItem> items, List<TableRef> from, Expr where,
            List<Expr> groupBy, Expr having) implements Body {
        public Select {
            items = List.copyOf(items);
            from = List.copyOf(from);
            groupBy = List.copyOf(groupBy);
        }
    }

    /** {@code left UNION [ALL] right}. */
    public record Union(SourcePos pos, Body left, Body right, boolean all) implements Body {
    }

    /** A parenthesized query used as a UNION operand; it may have its own ORDER BY and LIMIT. */
    public record Nested(SourcePos pos, Query query) implements Body {
    }

    public sealed interface SelectItem {
        SourcePos pos();
    }

    /** {@code *} or {@code t.*}; {@code table} is null for a bare star. */
    public record Star(SourcePos pos, String table) implements SelectItem {
    }

    /** {@code alias} is null when none is given. */
    public record ExprItem(SourcePos pos, Expr expr, String alias) implements SelectItem {
    }

    public enum NullOrder { DEFAULT, FIRST, LAST }

    /** An ORDER BY key; an integer literal expression is a 1-based select-list ordinal. */
    public record OrderItem(SourcePos pos, Expr expr, boolean descending, NullOrder nulls) {
    }

    /** Something in FROM. */
    public sealed interface TableRef {
        SourcePos pos();
    }

    public enum AsOfKind { SCN, TIMESTAMP }

    /** {@code AS OF SCN expr} or {@code AS OF TIMESTAMP expr} after a table name. */
    public record AsOf(SourcePos pos, AsOfKind kind, Expr point) {
    }

    /** A table or view by name (dotted if qualified, lower-cased unless quoted); alias and asOf may be null. */
    public record NamedTable(SourcePos pos, String name, String alias, AsOf asOf) implements TableRef {
    }

    public record SubqueryTable(SourcePos pos, Query query, String alias) implements TableRef {
    }

    /** A table function such as {@code awr.report(1, 2)}. */
    public record FunctionTable(SourcePos pos, String name, List<Expr> args, String alias) implements TableRef {
        public FunctionTable {
            args = List.copyOf(args);
        }
    }

    public enum JoinKind { INNER, LEFT, CROSS }

    /** {@code left [INNER|LEFT|CROSS] JOIN right [ON condition]}; condition is null for CROSS. */
    public record Join(SourcePos pos, JoinKind kind, TableRef left, TableRef right, Expr condition) implements TableRef {
    }
}
