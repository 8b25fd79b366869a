package io.cairn.sql.internal.parser;

import io.cairn.sql.internal.type.SqlType;
import java.util.List;

/**
 * A scalar expression in the AST. Every node carries the position of its first token. Special
 * syntax is normalized to function calls where the meaning is the same: {@code SUBSTRING(s FROM a
 * FOR b)} is {@code substring(s, a, b)}, {@code POSITION(a IN b)} is {@code position(a, b)},
 * {@code TRIM(LEADING c FROM s)} is {@code ltrim(s, c)}, {@code CURRENT_DATE} is
 * {@code current_date()}, {@code COALESCE} and {@code NULLIF} are calls by those names.
 */
public sealed interface Expr {

    SourcePos pos();

    /**
     * A constant: null, Boolean, Integer or Long (integer literals, the smallest that fits),
     * BigDecimal (decimal literals and integers beyond BIGINT), Double (literals with an exponent),
     * String, byte[] (X'0aff'), LocalDate (DATE '...') or LocalDateTime (TIMESTAMP '...').
     */
    record Literal(SourcePos pos, Object value) implements Expr {
    }

    /** A column, optionally qualified by a table name or alias (lower-cased unless quoted). */
    record ColumnRef(SourcePos pos, String table, String column) implements Expr {
    }

    /** The DEFAULT keyword as a value in INSERT ... VALUES or UPDATE ... SET: the column's default. */
    record Default(SourcePos pos) implements Expr {
    }

    /** A {@code ?} parameter; {@code index} is 1-based in the order the marks appear in the statement. */
    record Parameter(SourcePos pos, int index) implements Expr {
    }

    enum UnaryOp { NEG, PLUS, NOT }

    record Unary(SourcePos pos, UnaryOp op, Expr operand) implements Expr {
    }

    enum BinaryOp {
        OR("OR"), AND("AND"), EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        CONCAT("||"), ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        public final String sql;

        BinaryOp(String sql) {
            this.sql = sql;
        }
    }

    record Binary(SourcePos pos, BinaryOp op, Expr left, Expr right) implements Expr {
    }

    record IsNull(SourcePos pos, Expr operand, boolean negated) implements Expr {
    }

    record Between(SourcePos pos, Expr operand, Expr low, Expr high, boolean negated) implements Expr {
    }

    record InList(SourcePos pos, Expr operand, List<Expr> values, boolean negated) implements Expr {
        public InList {
            values = List.copyOf(values);
        }
    }

    record InSubquery(SourcePos pos, Expr operand, Query query, boolean negated) implements Expr {
    }

    /** {@code escape} is null when there is no ESCAPE clause. */
    record Like(SourcePos pos, Expr operand, Expr pattern, Expr escape, boolean negated) implements Expr {
    }

    record Exists(SourcePos pos, Query query) implements Expr {
    }

    record ScalarSubquery(SourcePos pos, Query query) implements Expr {
    }

    record When(SourcePos pos, Expr condition, Expr result) {
    }

    /** {@code operand} is null for a searched CASE; {@code otherwise} is null without ELSE. */
    record Case(SourcePos pos, Expr operand, List<When> whens, Expr otherwise) implements Expr {
        public Case {
            whens = List.copyOf(whens);
        }
    }

    record Cast(SourcePos pos, Expr operand, SqlType type) implements Expr {
    }

    /** {@code EXTRACT(field FROM source)}; field is one of year, month, day, hour, minute, second, dow, doy, epoch... lower-cased. */
    record Extract(SourcePos pos, String field, Expr source) implements Expr {
    }

    /**
     * A function call, name lower-cased (dotted when qualified). Aggregates are calls too:
     * {@code COUNT(*)} has {@code star} set and no arguments, {@code COUNT(DISTINCT x)} has
     * {@code distinct} set.
     */
    record FunctionCall(SourcePos pos, String name, List<Expr> args, boolean distinct, boolean star) implements Expr {
        public FunctionCall {
            args = List.copyOf(args);
        }

        public boolean isAggregate() {
            switch (name) {
                case "count": case "sum": case "avg": case "min": case "max":
                    return true;
                default:
                    return false;
            }
        }
    }
}
