package io.cairn.web.internal;

/** Minimal JSON writing for the REST resources: string escaping per RFC 8259. */
final class Json {

    private Json() {
    }

    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code {"error": {"status": n, "message": "..."}}}, the body of every 4xx/5xx response. */
    static String error(int status, String message) {
        return "{\"error\":{\"status\":" + status + ",\"message\":" + string(message) + "}}";
    }
}
