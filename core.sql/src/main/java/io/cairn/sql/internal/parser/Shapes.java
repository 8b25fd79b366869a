package io.cairn.sql.internal.parser;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cairn.sql.SqlException;

/**
 * The plan-cache shape of a statement: the literals whose value cannot change the plan's meaning
 * become hidden parameters, so {@code WHERE id = 5} and {@code WHERE id = 6} share one plan.
 * Only literals compared with a column in a WHERE or ON condition ({@code col = 5}, {@code 5 < col},
 * {@code col BETWEEN 1 AND 9}, {@code col IN (1, 2, 3)}), and plain literal values of INSERT ...
 * VALUES and UPDATE ... SET, are taken; every other literal (select list, GROUP BY, ORDER BY and
 * their ordinals, LIMIT/OFFSET, LIKE patterns, function arguments, typed literals such as
 * {@code DATE '...'}, NULL, TRUE/FALSE, signed numbers, literals of DDL) stays in the key as
 * written. The key is the token stream with each hidden literal replaced by the Java class of its
 * value (so {@code '1'} and {@code 1}, or an INT and a BIGINT literal, are different shapes) and
 * an IN list keeps its length. See core.sql/CATALOG.md, "Plan cache".
 */
public final class Shapes {

    /**
     * A statement's shape: {@code key} identifies it among all texts, {@code text} shows it (the
     * SQL with each hidden literal written {@code ?}), {@code literals} are its hidden literals in
     * text order (slot 0 first) and {@code positions} where they start.
     */
    public record Shape(String key, String text, List<Expr.Literal> literals, Set<SourcePos> positions) {

        /** The hidden literal values of this text, slot 0 first. */
        public Object[] values() {
            Object[] v = new Object[literals.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = literals.get(i).value();
            }
            return v;
        }

        /**
         * The hidden literals of another parse of the same text (a JDBC statement parses for
         * itself): the candidates at the same positions, in the same order.
         */
        public List<Expr.Literal> literalsOf(Statement st) {
            List<Expr.Literal> found = new ArrayList<>();
            for (Expr.Literal l : candidates(st)) {
                if (positions.contains(l.pos())) {
                    found.add(l);
                }
            }
            found.sort(BY_POSITION);
            return found.size() == literals.size() ? found : null;
        }
    }

    private static final Comparator<Expr.Literal> BY_POSITION = Comparator
            .comparingInt((Expr.Literal l) -> l.pos().line()).thenComparingInt(l -> l.pos().column());

    /** A statement with more candidate literals (a bulk INSERT ... VALUES) keeps them all: its text is its key. */
    public static final int MAX_HIDDEN = 256;

    private Shapes() {
    }

    /**
     * Whether the text has an X'..' literal (a byte[] value, which is mutable, so neither the
     * parse nor the plan cache keeps such a text): a quick scan for x' or X', then the lexer
     * decides, so {@code WHERE name = 'Max'} is not taken for one.
     */
    public static boolean hasBlobLiteral(String sql) {
        boolean maybe = false;
        for (int i = sql.indexOf('\''); i > 0; i = sql.indexOf('\'', i + 1)) {
            char c = sql.charAt(i - 1);
            if (c == 'x' || c == 'X') {
                maybe = true;
                break;
            }
        }
        if (!maybe) {
            return false;
        }
        try {
            for (Token t : Lexer.tokenize(sql)) {
                if (t.kind() == Token.Kind.HEX) {
                    return true;
                }
            }
            return false;
        } catch (SqlException e) {
            return true; // not lexable: not cached either way
        }
    }

    /** The shape of {@code st} parsed from {@code sql}, or null if it has no literal to hide. */
    public static Shape of(String sql, Statement st) {
        List<Expr.Literal> candidates = candidates(st);
        if (candidates.isEmpty() || candidates.size() > MAX_HIDDEN) {
            return null;
        }
        List<Token> tokens;
        try {
            tokens = Lexer.tokenize(sql);
        } catch (SqlException e) {
            return null; // it parsed, so it lexes; be safe anyway
        }
        java.util.Map<SourcePos, Token> byPos = new java.util.HashMap<>();
        for (Token t : tokens) {
            byPos.put(t.pos(), t);
        }
        // a position claimed twice (a literal the parser made up shares a token) hides neither
        Set<SourcePos> seen = new HashSet<>();
        Set<SourcePos> twice = new HashSet<>();
        for (Expr.Literal l : candidates) {
            if (!seen.add(l.pos())) {
                twice.add(l.pos());
            }
        }
        List<Expr.Literal> hidden = new ArrayList<>();
        for (Expr.Literal l : candidates) {
            Token t = byPos.get(l.pos());
            if (t != null && !twice.contains(l.pos()) && literalToken(t, l.value())) {
                hidden.add(l);
            }
        }
        if (hidden.isEmpty()) {
            return null;
        }
        hidden.sort(BY_POSITION);
        Set<SourcePos> positions = new HashSet<>();
        for (Expr.Literal l : hidden) {
            positions.add(l.pos());
        }
        StringBuilder key = new StringBuilder(sql.length() + 16);
        for (Token t : tokens) {
            if (t.kind() == Token.Kind.EOF) {
                break;
            }
            if (positions.contains(t.pos())) {
                key.append('?').append(tag(byLiteral(hidden, t.pos()).value()));
            } else {
                // kind, length, text: no two different token streams give the same key
                key.append((char) ('A' + t.kind().ordinal())).append(t.text().length()).append(':').append(t.text());
            }
        }
        return new Shape(key.toString(), display(sql, tokens, positions), List.copyOf(hidden), Set.copyOf(positions));
    }

    private static Expr.Literal byLiteral(List<Expr.Literal> hidden, SourcePos pos) {
        for (Expr.Literal l : hidden) {
            if (l.pos().equals(pos)) {
                return l;
            }
        }
        throw new IllegalStateException(pos.toString());
    }

    private static char tag(Object v) {
        if (v instanceof Integer) {
            return 'i';
        } else if (v instanceof Long) {
            return 'l';
        } else if (v instanceof BigDecimal) {
            return 'd';
        } else if (v instanceof Double) {
            return 'f';
        }
        return 's';
    }

    /** Whether the literal was written as this one token, a plain number or string. */
    private static boolean literalToken(Token t, Object v) {
        return switch (t.kind()) {
            case INTEGER -> v instanceof Integer || v instanceof Long || v instanceof BigDecimal;
            case DECIMAL -> v instanceof BigDecimal;
            case FLOAT -> v instanceof Double;
            case STRING -> v instanceof String;
            default -> false;
        };
    }

    /** The SQL text with each hidden literal written {@code ?}. */
    private static String display(String sql, List<Token> tokens, Set<SourcePos> positions) {
        List<Integer> lineStarts = new ArrayList<>();
        lineStarts.add(0);
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
        StringBuilder sb = new StringBuilder(sql.length());
        int copied = 0;
        for (Token t : tokens) {
            if (!positions.contains(t.pos()) || t.pos().line() > lineStarts.size()) {
                continue;
            }
            int start = lineStarts.get(t.pos().line() - 1) + t.pos().column() - 1;
            int end = start + t.raw().length();
            if (start < copied || end > sql.length()) {
                return null;
            }
            sb.append(sql, copied, start).append('?');
            copied = end;
        }
        sb.append(sql, copied, sql.length());
        return sb.toString().strip();
    }

    // ---- where a literal may become a hidden parameter

    static List<Expr.Literal> candidates(Statement st) {
        List<Expr.Literal> out = new ArrayList<>();
        if (st instanceof Statement.Select s) {
            query(s.query(), out);
        } else if (st instanceof Statement.Delete d) {
            condition(d.where(), out);
        } else if (st instanceof Statement.Update u) {
            for (Statement.Assignment a : u.assignments()) {
                value(a.value(), out);
            }
            condition(u.where(), out);
        } else if (st instanceof Statement.Insert i) {
            if (i.query() != null) {
                query(i.query(), out);
            } else {
                for (List<Expr> row : i.rows()) {
                    for (Expr e : row) {
                        value(e, out);
                    }
                }
            }
        }
        return out;
    }

    private static void value(Expr e, List<Expr.Literal> out) {
        if (e instanceof Expr.Literal l) {
            out.add(l);
        }
    }

    private static void query(Query q, List<Expr.Literal> out) {
        body(q.body(), out); // never ORDER BY, LIMIT or OFFSET
    }

    private static void body(Query.Body b, List<Expr.Literal> out) {
        if (b instanceof Query.Select s) {
            for (Query.TableRef r : s.from()) {
                from(r, out);
            }
            condition(s.where(), out); // not the select list, GROUP BY or HAVING: their text is matched
        } else if (b instanceof Query.Union u) {
            body(u.left(), out);
            body(u.right(), out);
        } else if (b instanceof Query.Nested n) {
            query(n.query(), out);
        }
    }

    private static void from(Query.TableRef r, List<Expr.Literal> out) {
        if (r instanceof Query.Join j) {
            from(j.left(), out);
            from(j.right(), out);
            condition(j.condition(), out);
        }
    }

    /** A search condition: through AND, OR and NOT down to comparisons of a column with literals. */
    private static void condition(Expr e, List<Expr.Literal> out) {
        if (e instanceof Expr.Binary b) {
            switch (b.op()) {
                case AND, OR -> {
                    condition(b.left(), out);
                    condition(b.right(), out);
                }
                case EQ, NE, LT, LE, GT, GE -> {
                    if (b.left() instanceof Expr.ColumnRef && b.right() instanceof Expr.Literal l) {
                        out.add(l);
                    } else if (b.right() instanceof Expr.ColumnRef && b.left() instanceof Expr.Literal l) {
                        out.add(l);
                    }
                }
                default -> {
                }
            }
        } else if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NOT) {
            condition(u.operand(), out);
        } else if (e instanceof Expr.Between bt && bt.operand() instanceof Expr.ColumnRef) {
            value(bt.low(), out);
            value(bt.high(), out);
        } else if (e instanceof Expr.InList in && in.operand() instanceof Expr.ColumnRef) {
            for (Expr v : in.values()) {
                value(v, out);
            }
        }
    }
}
