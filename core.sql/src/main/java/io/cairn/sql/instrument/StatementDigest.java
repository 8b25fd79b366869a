package io.cairn.sql.instrument;

/**
 * The shape of a statement: its text with literals and IN-lists replaced by {@code ?}, keywords
 * and identifiers lower-cased and whitespace and comments normalized, and a stable 64-bit hash of
 * that text. Statements that differ only in their constants share one digest.
 *
 * @param id   FNV-1a 64 of {@code text}, mixed; never 0 (0 means "unknown" elsewhere)
 * @param text the normalized text, e.g. {@code select name from emp where id in (?)}
 */
public record StatementDigest(long id, String text) {

    /** The id as 16 lower-case hex digits (v$session's sql_id). */
    public String hexId() {
        return hex(id);
    }

    /** {@code value} as 16 lower-case hex digits. */
    public static String hex(long value) {
        String h = Long.toHexString(value);
        return h.length() == 16 ? h : "0".repeat(16 - h.length()) + h;
    }
}
