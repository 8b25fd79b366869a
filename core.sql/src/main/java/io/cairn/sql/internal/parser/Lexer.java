package io.cairn.sql.internal.parser;

import io.cairn.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into tokens: words (identifiers and keywords, lower-cased), "quoted
 * identifiers", 'strings' ('' escapes a quote), X'hex' BLOB literals, numbers, {@code ?}
 * parameters and symbols.
 * Skips whitespace, {@code --} line comments and {@code /* *}{@code /} block comments (which nest,
 * as in PostgreSQL). Identifier characters include {@code $} after the first, for {@code v$} views.
 */
final class Lexer {

    private final String sql;
    private int position;
    private int line = 1;
    private int lineStart;

    private Lexer(String sql) {
        this.sql = sql;
    }

    static List<Token> tokenize(String sql) throws SqlException {
        return new Lexer(sql).run();
    }

    private List<Token> run() throws SqlException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (position >= sql.length()) {
                tokens.add(new Token(Token.Kind.EOF, "", pos(position), ""));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private SourcePos pos(int at) {
        return new SourcePos(line, at - lineStart + 1);
    }

    private void skipSpaceAndComments() throws SqlException {
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (c == '\n') {
                position++;
                line++;
                lineStart = position;
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '-' && peek(1) == '-') {
                while (position < sql.length() && sql.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == '/' && peek(1) == '*') {
                SourcePos start = pos(position);
                int depth = 0;
                do {
                    if (position >= sql.length()) {
                        throw error(start, "unterminated comment");
                    }
                    char d = sql.charAt(position);
                    if (d == '/' && peek(1) == '*') {
                        depth++;
                        position += 2;
                    } else if (d == '*' && peek(1) == '/') {
                        depth--;
                        position += 2;
                    } else {
                        advance();
                    }
                } while (depth > 0);
            } else {
                return;
            }
        }
    }

    private void advance() {
        if (sql.charAt(position) == '\n') {
            line++;
            lineStart = position + 1;
        }
        position++;
    }

    private char peek(int ahead) {
        int at = position + ahead;
        return at < sql.length() ? sql.charAt(at) : '\0';
    }

    private Token next() throws SqlException {
        int start = position;
        SourcePos pos = pos(start);
        char c = sql.charAt(position);
        if ((c == 'x' || c == 'X') && peek(1) == '\'') {
            position++;
            Token t = quoted(start, pos, '\'', Token.Kind.HEX, "hexadecimal literal");
            String hex = t.text();
            for (int i = 0; i < hex.length(); i++) {
                if (Character.digit(hex.charAt(i), 16) < 0) {
                    throw error(pos, "invalid hexadecimal digit in " + t.raw());
                }
            }
            if (hex.length() % 2 != 0) {
                throw error(pos, "odd number of hexadecimal digits in " + t.raw());
            }
            return t;
        }
        if (isIdentStart(c)) {
            while (position < sql.length() && isIdentPart(sql.charAt(position))) {
                position++;
            }
            String raw = sql.substring(start, position);
            return new Token(Token.Kind.WORD, raw.toLowerCase(Locale.ROOT), pos, raw);
        }
        if (c >= '0' && c <= '9' || c == '.' && Character.isDigit(peek(1))) {
            return number(start, pos);
        }
        if (c == '\'') {
            return quoted(start, pos, '\'', Token.Kind.STRING, "string");
        }
        if (c == '"') {
            Token t = quoted(start, pos, '"', Token.Kind.QUOTED_IDENT, "quoted identifier");
            if (t.text().isEmpty()) {
                throw error(pos, "zero-length quoted identifier");
            }
            return t;
        }
        if (c == '?') {
            position++;
            return new Token(Token.Kind.PARAM, "?", pos, "?");
        }
        String two = position + 2 <= sql.length() ? sql.substring(position, position + 2) : "";
        switch (two) {
            case "<=": case ">=": case "<>": case "!=": case "||":
                position += 2;
                return new Token(Token.Kind.SYMBOL, two, pos, two);
            default:
                break;
        }
        if ("(),;.*+-/%=<>".indexOf(c) >= 0) {
            position++;
            String s = String.valueOf(c);
            return new Token(Token.Kind.SYMBOL, s, pos, s);
        }
        int cp = sql.codePointAt(position);
        throw error(pos, "unexpected character \"" + new String(Character.toChars(cp)) + "\"");
    }

    private Token number(int start, SourcePos pos) throws SqlException {
        Token.Kind kind = Token.Kind.INTEGER;
        while (Character.isDigit(peek(0))) {
            position++;
        }
        if (peek(0) == '.') {
            kind = Token.Kind.DECIMAL;
            position++;
            while (Character.isDigit(peek(0))) {
                position++;
            }
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (Character.isDigit(peek(1)) || (peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2)))) {
            kind = Token.Kind.FLOAT;
            position += 2;
            while (Character.isDigit(peek(0))) {
                position++;
            }
        }
        if (isIdentStart(peek(0))) {
            throw error(pos(position), "trailing junk after numeric literal");
        }
        String raw = sql.substring(start, position);
        return new Token(kind, raw, pos, raw);
    }

    private Token quoted(int start, SourcePos pos, char quote, Token.Kind kind, String what) throws SqlException {
        StringBuilder sb = new StringBuilder();
        position++;
        while (true) {
            if (position >= sql.length()) {
                throw error(pos, "unterminated " + what);
            }
            char c = sql.charAt(position);
            if (c == quote) {
                if (peek(1) == quote) {
                    sb.append(quote);
                    position += 2;
                    continue;
                }
                position++;
                return new Token(kind, sb.toString(), pos, sql.substring(start, position));
            }
            sb.append(c);
            advance();
        }
    }

    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c > 0x7F && Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || c >= '0' && c <= '9' || c == '$';
    }

    private static SqlException error(SourcePos pos, String message) {
        return new SqlException("syntax error at line " + pos.line() + ", column " + pos.column() + ": " + message, SqlException.SYNTAX_ERROR, pos.line(), pos.column());
    }
}
