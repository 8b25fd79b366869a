package io.cairn.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.cairn.sql.SqlException;
import io.cairn.sql.instrument.StatementDigest;

/**
 * Computes statement digests from the lexer's tokens: constants become {@code ?}, an IN-list of
 * constants becomes {@code in (?)} whatever its length, repeated VALUES rows of the same shape
 * become one, a sign before a number folds into it, words are lower-cased, whitespace and
 * comments vanish. One query shape, one digest.
 */
public final class Digests {

    /** Words after which {@code -} or {@code +} is a sign, not an operator. */
    private static final Set<String> SIGN_CONTEXT = Set.of("select", "where", "and", "or", "not", "by", "then",
            "else", "when", "in", "values", "limit", "offset", "between", "like", "return", "set", "on", "having",
            "is", "case");

    private Digests() {
    }

    /** The digest of {@code sql}; text the lexer rejects is digested as its whitespace-collapsed self. */
    public static StatementDigest of(String sql) {
        String text;
        try {
            text = normalize(Lexer.tokenize(sql));
        } catch (SqlException e) {
            text = sql.strip().replaceAll("\\s+", " ");
        }
        return new StatementDigest(hash(text), text);
    }

    private static String normalize(List<Token> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.kind()) {
                case EOF:
                    break;
                case STRING: case HEX: case INTEGER: case DECIMAL: case FLOAT: case PARAM:
                    out.add("?");
                    break;
                case QUOTED_IDENT:
                    out.add('"' + t.text().replace("\"", "\"\"") + '"');
                    break;
                case WORD:
                    out.add(t.text());
                    break;
                case SYMBOL:
                    if ((t.text().equals("-") || t.text().equals("+")) && isNumber(tokens, i + 1)
                            && signContext(tokens, i - 1)) {
                        break; // a sign: -5 is one constant
                    }
                    if (t.text().equals(";") && i + 1 < tokens.size() && tokens.get(i + 1).kind() == Token.Kind.EOF) {
                        break; // a trailing semicolon changes nothing
                    }
                    out.add(t.text());
                    break;
                default:
                    out.add(t.text());
            }
        }
        collapseInLists(out);
        collapseValues(out);
        return join(out);
    }

    private static boolean isNumber(List<Token> tokens, int i) {
        if (i >= tokens.size()) {
            return false;
        }
        Token.Kind k = tokens.get(i).kind();
        return k == Token.Kind.INTEGER || k == Token.Kind.DECIMAL || k == Token.Kind.FLOAT || k == Token.Kind.PARAM;
    }

    private static boolean signContext(List<Token> tokens, int i) {
        if (i < 0) {
            return true;
        }
        Token p = tokens.get(i);
        return p.kind() == Token.Kind.SYMBOL && !p.text().equals(")")
                || p.kind() == Token.Kind.WORD && SIGN_CONTEXT.contains(p.text());
    }

    /** {@code in ( ? , ? , ? )} becomes {@code in ( ? )}. */
    private static void collapseInLists(List<String> out) {
        for (int i = 0; i + 2 < out.size(); i++) {
            if (!out.get(i).equals("in") || !out.get(i + 1).equals("(")) {
                continue;
            }
            int j = i + 2;
            boolean constants = true;
            while (j < out.size() && !out.get(j).equals(")")) {
                String s = out.get(j);
                boolean expectValue = (j - i) % 2 == 0;
                if (expectValue ? !s.equals("?") : !s.equals(",")) {
                    constants = false;
                    break;
                }
                j++;
            }
            if (constants && j < out.size() && j > i + 3) {
                out.subList(i + 3, j).clear();
            }
        }
    }

    /** {@code values (?, ?), (?, ?)} becomes {@code values (?, ?)}: a multi-row insert is one shape. */
    private static void collapseValues(List<String> out) {
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).equals("values")) {
                continue;
            }
            int start = i + 1;
            int end = group(out, start);
            while (end > 0 && end + 1 < out.size() && out.get(end + 1).equals(",")) {
                int nextEnd = group(out, end + 2);
                if (nextEnd < 0 || !out.subList(start, end + 1).equals(out.subList(end + 2, nextEnd + 1))) {
                    break;
                }
                out.subList(end + 1, nextEnd + 1).clear();
            }
        }
    }

    /** Index of the ")" closing the group opening at {@code start}, or -1. */
    private static int group(List<String> out, int start) {
        if (start >= out.size() || !out.get(start).equals("(")) {
            return -1;
        }
        int depth = 0;
        for (int j = start; j < out.size(); j++) {
            String s = out.get(j);
            if (s.equals("(")) {
                depth++;
            } else if (s.equals(")") && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static String join(List<String> out) {
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (String s : out) {
            if (prev != null && !prev.equals("(") && !prev.equals(".") && !s.equals(")") && !s.equals(",")
                    && !s.equals(".") && !(s.equals("(") && isName(prev))) {
                sb.append(' ');
            }
            sb.append(s);
            prev = s;
        }
        return sb.toString();
    }

    /** A function or table name before "(": {@code count(*)}, not {@code in (} or {@code values (}. */
    private static boolean isName(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0)) && !SIGN_CONTEXT.contains(s) && !s.equals("from")
                && !s.equals("join") && !s.equals("exists") && !s.equals("as") && !s.equals("into")
                || s.startsWith("\"");
    }

    /** FNV-1a 64 of the text's chars, finished with MurmurHash3's fmix64 to spread the bits; never 0. */
    public static long hash(CharSequence text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9a53ca1ceb3L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
