package io.cairn.sql.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes written the way DBAs write them in configuration: {@code 64m}, {@code 1 GiB}, {@code 131072}. */
final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,15})\\s*([kmgt]?)(i?b)?\\s*");

    private ByteSize() {
    }

    /** @throws IllegalArgumentException naming the setting and the accepted forms */
    static long parse(String setting, String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(setting + " = '" + text
                    + "' is not a size: use bytes or a number with k, m, g or t (e.g. 64m, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(setting + " = '" + text + "' is too large");
        }
        return n << shift;
    }
}
