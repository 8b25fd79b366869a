package io.cairn.sql.internal.expr;

import io.cairn.sql.SqlException;

/**
 * A compiled LIKE pattern: {@code %} matches any run of characters, {@code _} exactly one
 * (a code point), and the ESCAPE character, if any, makes the next character literal. There is no
 * default escape character (SQL standard; PostgreSQL and H2 use a backslash). Matching is
 * case-sensitive and runs in O(text × pattern) at worst, with no regular expression to blow up.
 */
final class LikePattern {

    private static final int ANY = -1;
    private static final int ONE = -2;

    /** Code points of the pattern, with ANY and ONE for unescaped wildcards. */
    private final int[] pattern;

    private LikePattern(int[] pattern) {
        this.pattern = pattern;
    }

    /**
     * @param escape the ESCAPE string: null or empty for none, otherwise exactly one character
     * @throws SqlException 22025 for an escape string longer than one character or a pattern ending in it
     */
    static LikePattern compile(String pattern, String escape) throws SqlException {
        int esc = -3;
        if (escape != null && !escape.isEmpty()) {
            if (escape.codePointCount(0, escape.length()) != 1) {
                throw new SqlException("invalid escape string: must be one character", SqlException.INVALID_ESCAPE);
            }
            esc = escape.codePointAt(0);
        }
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == esc) {
                if (i + 1 == cps.length) {
                    throw new SqlException("LIKE pattern must not end with the escape character", SqlException.INVALID_ESCAPE);
                }
                out[n++] = cps[++i];
            } else if (c == '%') {
                if (n == 0 || out[n - 1] != ANY) {
                    out[n++] = ANY;
                }
            } else if (c == '_') {
                out[n++] = ONE;
            } else {
                out[n++] = c;
            }
        }
        return new LikePattern(java.util.Arrays.copyOf(out, n));
    }

    boolean matches(String text) {
        int[] t = text.codePoints().toArray();
        int ti = 0;
        int pi = 0;
        int starP = -1;
        int starT = 0;
        while (ti < t.length) {
            if (pi < pattern.length && pattern[pi] != ANY && (pattern[pi] == ONE || pattern[pi] == t[ti])) {
                ti++;
                pi++;
            } else if (pi < pattern.length && pattern[pi] == ANY) {
                starP = pi++;
                starT = ti;
            } else if (starP >= 0) {
                pi = starP + 1;
                ti = ++starT;
            } else {
                return false;
            }
        }
        while (pi < pattern.length && pattern[pi] == ANY) {
            pi++;
        }
        return pi == pattern.length;
    }
}
