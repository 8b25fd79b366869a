package io.cairn.monitoring.internal.ash;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link AshReport} as plain text (fixed-width tables, for the shell and a terminal)
 * or as one self-contained HTML document. The HTML escapes every value that comes from users or
 * applications (SQL text, user and module names, events), so a statement text cannot inject markup.
 */
public final class AshReportFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Longest SQL text shown in the text format (the HTML shows it whole). */
    static final int TEXT_SQL_WIDTH = 100;

    private AshReportFormat() {
    }

    /** A titled table: header and rows of cells, already formatted. */
    private record Table(String title, String note, List<String> header, List<List<String>> rows) {
    }

    public static String text(AshReport r) {
        StringBuilder out = new StringBuilder();
        out.append("ASH Report for database ").append(r.database()).append('\n');
        out.append("=".repeat(24 + r.database().length())).append("\n\n");
        for (String[] kv : summary(r)) {
            out.append(String.format(Locale.ROOT, "%-26s %s%n", kv[0] + ":", kv[1]));
        }
        out.append('\n');
        for (Table t : tables(r, true)) {
            out.append(t.title()).append('\n').append("-".repeat(t.title().length())).append('\n');
            if (t.note() != null) {
                out.append(t.note()).append('\n');
            }
            if (t.rows().isEmpty()) {
                out.append("(none)\n\n");
                continue;
            }
            int[] w = new int[t.header().size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = t.header().get(i).length();
                for (List<String> row : t.rows()) {
                    w[i] = Math.max(w[i], row.get(i).length());
                }
            }
            line(out, t.header(), w);
            List<String> rule = new ArrayList<>();
            for (int x : w) {
                rule.add("-".repeat(x));
            }
            line(out, rule, w);
            for (List<String> row : t.rows()) {
                line(out, row, w);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i == cells.size() - 1) {
                l.append(c); // the last column (often text) is not padded
            } else {
                l.append(c).append(" ".repeat(w[i] - c.length() + 2));
            }
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    public static String html(AshReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ASH Report: ")
                .append(esc(r.database())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}")
                .append("th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}")
                .append("th{background:#eee}td.n{text-align:right}td.sql{font-family:monospace;white-space:pre-wrap}")
                .append("</style></head><body>\n<h1>ASH Report for database ").append(esc(r.database())).append("</h1>\n");
        h.append("<table class=\"summary\">");
        for (String[] kv : summary(r)) {
            h.append("<tr><th>").append(esc(kv[0])).append("</th><td>").append(esc(kv[1])).append("</td></tr>");
        }
        h.append("</table>\n");
        for (Table t : tables(r, false)) {
            h.append("<h2>").append(esc(t.title())).append("</h2>\n");
            if (t.note() != null) {
                h.append("<p>").append(esc(t.note())).append("</p>\n");
            }
            if (t.rows().isEmpty()) {
                h.append("<p>(none)</p>\n");
                continue;
            }
            h.append("<table><thead><tr>");
            for (String c : t.header()) {
                h.append("<th>").append(esc(c)).append("</th>");
            }
            h.append("</tr></thead><tbody>\n");
            for (List<String> row : t.rows()) {
                h.append("<tr>");
                for (int i = 0; i < row.size(); i++) {
                    String head = t.header().get(i);
                    String cls = head.equals("SQL text") ? " class=\"sql\"" : numeric(head) ? " class=\"n\"" : "";
                    h.append("<td").append(cls).append('>').append(esc(row.get(i))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static boolean numeric(String header) {
        return header.startsWith("DB time") || header.startsWith("%") || header.equals("Samples")
                || header.equals("AAS") || header.equals("Waiters") || header.equals("On CPU (s)")
                || header.equals("Waiting (s)");
    }

    private static List<String[]> summary(AshReport r) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"Range", TIME.format(r.range().from()) + " to " + TIME.format(r.range().to())
                + " (" + seconds(r.range().duration().toMillis() / 1000.0) + ")"});
        for (AshReport.Part p : r.parts()) {
            out.add(new String[] {"Source " + p.source(), TIME.format(p.from()) + " to " + TIME.format(p.to()) + ": "
                    + p.samples() + " samples, one per " + seconds(p.sampleMillis() / 1000.0) + " of a session ("
                    + (p.source().equals(AshReport.HISTORY) ? "cairn_ash_history, every ashPersistEvery-th sample"
                            : "in-memory ring, every sample") + "), DB time " + seconds(p.dbTimeSeconds())});
        }
        if (r.parts().isEmpty()) {
            out.add(new String[] {"Source", "none: no samples are kept for this range"});
        }
        out.add(new String[] {"Samples", Integer.toString(r.samples())});
        out.add(new String[] {"DB time (estimate)", seconds(r.dbTimeSeconds())});
        out.add(new String[] {"Average active sessions", num(r.averageActiveSessions(), 2)});
        out.add(new String[] {"On CPU / waiting", seconds(r.cpuSeconds()) + " / " + seconds(r.dbTimeSeconds() - r.cpuSeconds())});
        return out;
    }

    private static List<Table> tables(AshReport r, boolean text) {
        List<Table> out = new ArrayList<>();
        out.add(new Table("Top wait classes", null, List.of("Wait class", "DB time (s)", "% activity", "Samples"),
                r.waitClasses().stream().map(l -> List.of(l.key(), num(l.seconds(), 1), pct(l.percent()),
                        Integer.toString(l.samples()))).toList()));
        out.add(new Table("Top wait events", "ON CPU is time on CPU (or waiting for it), not a wait.",
                List.of("Event", "Wait class", "DB time (s)", "% activity", "Samples"),
                r.events().stream().map(l -> List.of(l.key(), l.detail(), num(l.seconds(), 1), pct(l.percent()),
                        Integer.toString(l.samples()))).toList()));
        out.add(new Table("Top SQL", "By digest (sql_id): statements that differ only in constants share it; the text is the latest seen.",
                List.of("SQL id", "Plan hash", "DB time (s)", "% activity", "Top event", "% of SQL", "SQL text"),
                r.sql().stream().map(l -> List.of(nz(l.sqlId()), nz(l.planHash()), num(l.seconds(), 1),
                        pct(l.percent()), nz(l.topActivity()), pct(l.topActivityPercent()), sqlText(l.text(), text)))
                        .toList()));
        out.add(new Table("Top sessions", null,
                List.of("SID", "User / module", "DB time (s)", "% activity", "Top event", "% of session"),
                r.sessions().stream().map(l -> List.of(l.key(), l.detail(), num(l.seconds(), 1), pct(l.percent()),
                        nz(l.topActivity()), pct(l.topActivityPercent()))).toList()));
        out.add(new Table("Top users", null, List.of("User", "DB time (s)", "% activity", "Top event"),
                r.users().stream().map(l -> List.of(l.key(), num(l.seconds(), 1), pct(l.percent()),
                        nz(l.topActivity()))).toList()));
        out.add(new Table("Top modules", "The module a session set with JDBC client info.",
                List.of("Module", "DB time (s)", "% activity", "Top event"),
                r.modules().stream().map(l -> List.of(l.key(), num(l.seconds(), 1), pct(l.percent()),
                        nz(l.topActivity()))).toList()));
        out.add(new Table("Blocking sessions", "Sessions others waited for (a lock they held); DB time is the waiters' time. "
                + "A blocker idle in its transaction is not sampled itself, so its user may be unknown.",
                List.of("Blocking SID", "User / module", "Waiters", "Event waited", "DB time (s)", "% activity"),
                r.blockers().stream().map(b -> List.of(Long.toString(b.sid()),
                        (b.user() == null ? "(not active)" : b.user()) + (b.module() == null ? "" : " / " + b.module()),
                        Integer.toString(b.waiters()), nz(b.topEvent()), num(b.seconds(), 1), pct(b.percent())))
                        .toList()));
        List<List<String>> buckets = new ArrayList<>();
        for (AshReport.Bucket b : r.buckets()) {
            buckets.add(List.of(TIME.format(b.start()), num(b.seconds(), 1), num(b.averageActiveSessions(), 2),
                    num(b.cpuSeconds(), 1), num(b.waitSeconds(), 1), nz(b.topActivity())));
        }
        out.add(new Table("Activity over time", r.bucketSeconds() + " s buckets; AAS is average active sessions.",
                List.of("Start", "DB time (s)", "AAS", "On CPU (s)", "Waiting (s)", "Top event"), buckets));
        return out;
    }

    private static String sqlText(String sql, boolean text) {
        if (!text) {
            return sql;
        }
        String one = sql.replaceAll("\\s+", " ");
        return one.length() <= TEXT_SQL_WIDTH ? one : one.substring(0, TEXT_SQL_WIDTH - 3) + "...";
    }

    private static String nz(String v) {
        return v == null ? "-" : v;
    }

    private static String pct(double p) {
        return String.format(Locale.ROOT, "%.1f", p);
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
