package io.cairn.sql.internal.parser;

/**
 * One lexical token. For {@link Kind#WORD} the text is lower-cased (an unquoted identifier or a
 * keyword); for {@link Kind#QUOTED_IDENT} and {@link Kind#STRING} it is the unescaped content;
 * for numbers the digits as written; for {@link Kind#SYMBOL} the operator or punctuation.
 */
record Token(Kind kind, String text, SourcePos pos, String raw) {

    enum Kind { WORD, QUOTED_IDENT, STRING, HEX, INTEGER, DECIMAL, FLOAT, PARAM, SYMBOL, EOF }

    boolean is(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** How the token is shown in an error message. */
    String describe() {
        if (kind == Kind.EOF) {
            return "end of input";
        }
        String shown = raw.length() > 30 ? raw.substring(0, 30) + "..." : raw;
        return "\"" + shown + "\"";
    }
}
