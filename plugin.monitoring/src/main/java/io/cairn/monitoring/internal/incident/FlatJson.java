package io.cairn.monitoring.internal.incident;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object of string values, the stored form of an incident's details: written and read
 * back by this class only, so the reader accepts exactly what the writer produces (and rejects
 * anything else as damaged instead of guessing).
 */
public final class FlatJson {

    private FlatJson() {
    }

    public static String write(Map<String, String> map) {
        StringBuilder b = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            string(b, k).append(':');
            if (v == null) {
                b.append("null");
            } else {
                string(b, v);
            }
        });
        return b.append('}').toString();
    }

    /** A JSON string literal, escaped; also used for the dump's JSON files. */
    public static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    public static Map<String, String> read(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        int[] pos = {0};
        expect(text, pos, '{');
        if (peek(text, pos) == '}') {
            pos[0]++;
            return out;
        }
        while (true) {
            String k = readString(text, pos);
            expect(text, pos, ':');
            String v;
            if (text.startsWith("null", pos[0])) {
                pos[0] += 4;
                v = null;
            } else {
                v = readString(text, pos);
            }
            out.put(k, v);
            char c = peek(text, pos);
            pos[0]++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("damaged details at " + (pos[0] - 1));
            }
        }
    }

    private static char peek(String t, int[] pos) {
        if (pos[0] >= t.length()) {
            throw new IllegalArgumentException("damaged details: ends early");
        }
        return t.charAt(pos[0]);
    }

    private static void expect(String t, int[] pos, char c) {
        if (peek(t, pos) != c) {
            throw new IllegalArgumentException("damaged details: '" + c + "' expected at " + pos[0]);
        }
        pos[0]++;
    }

    private static String readString(String t, int[] pos) {
        expect(t, pos, '"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek(t, pos);
            pos[0]++;
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = peek(t, pos);
            pos[0]++;
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos[0] + 4 > t.length()) {
                        throw new IllegalArgumentException("damaged details: short \\u escape");
                    }
                    b.append((char) Integer.parseInt(t.substring(pos[0], pos[0] + 4), 16));
                    pos[0] += 4;
                }
                default -> throw new IllegalArgumentException("damaged details: bad escape \\" + e);
            }
        }
    }
}
