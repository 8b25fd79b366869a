package io.cairn.monitoring.internal.diag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.cairn.monitoring.internal.incident.FlatJson;

/**
 * One diagnostic dump being written: a zip of named parts, each produced on its own so that one
 * failing part is recorded in {@code manifest.json} (status {@code error} and the message) and
 * the others still go in. The uncompressed size is bounded: a part that would pass the limit is
 * left out ({@code skipped}); log tails and view snapshots are bounded on their own.
 */
public final class DiagnosticDump {

    /** Rows of one view snapshot at most. */
    public static final int VIEW_MAX_ROWS = 10_000;
    /** Keys (and URL parameters) whose values never leave the machine in a dump. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|token|credential|private[._-]?key|api[._-]?key).*");
    private static final Pattern SECRET_IN_VALUE = Pattern.compile("(?i)(password|passwd|pwd|secret|token)=([^;&\\s]*)");
    public static final String REDACTED = "<redacted>";

    /** A part's content, or the reason there is none. */
    public interface Part {
        byte[] content() throws Exception;
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8);
    private final long maxBytes;
    private long written;
    private final List<Map<String, Object>> parts = new ArrayList<>();
    private final Map<String, Object> header = new LinkedHashMap<>();

    public DiagnosticDump(long maxBytes) {
        this.maxBytes = maxBytes;
        header.put("format", "cairn-diagnostic-dump/1");
        header.put("created_at", Instant.now().toString());
    }

    /** A line of the manifest's header (database, incident, window...). */
    public DiagnosticDump describe(String key, Object value) {
        header.put(key, value);
        return this;
    }

    /** Adds one part; never throws: failures and the size limit are recorded in the manifest. */
    public void add(String path, Part part) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", path);
        parts.add(entry);
        byte[] content;
        try {
            content = part.content();
        } catch (Exception | LinkageError e) {
            entry.put("status", "error");
            entry.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (written + content.length > maxBytes) {
            entry.put("status", "skipped");
            entry.put("error", "the dump would exceed its limit of " + maxBytes + " bytes (" + content.length
                    + " bytes more)");
            return;
        }
        try {
            zip.putNextEntry(new ZipEntry(path));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) { // in memory: cannot happen short of a bug
            throw new IllegalStateException(e);
        }
        written += content.length;
        entry.put("status", "ok");
        entry.put("bytes", content.length);
    }

    /** Notes on the last part added (rows, truncation). */
    public void note(String key, Object value) {
        parts.get(parts.size() - 1).put(key, value);
    }

    /** Writes {@code manifest.json} and returns the zip. */
    public byte[] finish() {
        StringBuilder b = new StringBuilder("{\n");
        header.forEach((k, v) -> value(FlatJson.string(b.append("  "), k).append(": "), v).append(",\n"));
        b.append("  \"parts\": [\n");
        for (int i = 0; i < parts.size(); i++) {
            b.append("    {");
            int n = 0;
            for (var e : parts.get(i).entrySet()) {
                value(FlatJson.string(b.append(n++ == 0 ? "" : ", "), e.getKey()).append(": "), e.getValue());
            }
            b.append(i == parts.size() - 1 ? "}\n" : "},\n");
        }
        b.append("  ]\n}\n");
        try {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(b.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static StringBuilder value(StringBuilder b, Object v) {
        if (v == null) {
            return b.append("null");
        }
        if (v instanceof Number || v instanceof Boolean) {
            return b.append(v);
        }
        return FlatJson.string(b, v.toString());
    }

    // ---- part builders ------------------------------------------------------------------------

    /** A query's result as CSV (header line, then rows), at most {@value #VIEW_MAX_ROWS} rows. */
    public static byte[] csv(Connection c, String sql, int[] rowsOut) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Statement st = c.createStatement()) {
            st.setMaxRows(VIEW_MAX_ROWS);
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                for (int i = 1; i <= n; i++) {
                    cell(b, i > 1, md.getColumnLabel(i));
                }
                b.append('\n');
                int rows = 0;
                while (rs.next() && rows < VIEW_MAX_ROWS) {
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        cell(b, i > 1, v == null ? null : v.toString());
                    }
                    b.append('\n');
                    rows++;
                }
                rowsOut[0] = rows;
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One CSV cell (RFC 4180 quoting); null is an empty cell. */
    public static void cell(StringBuilder b, boolean comma, String v) {
        if (comma) {
            b.append(',');
        }
        if (v == null) {
            return;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            b.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            b.append(v);
        }
    }

    /** A configuration file with the values of secret-looking keys (and URL parameters) replaced. */
    public static byte[] redactedConfig(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        boolean skipContinuation = false;
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            boolean continues = line.endsWith("\\");
            if (skipContinuation) {
                skipContinuation = continues;
                continue;
            }
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                out.append(line).append('\n');
                continue;
            }
            int sep = firstSeparator(t);
            String key = sep < 0 ? t : t.substring(0, sep).trim();
            if (SECRET_KEY.matcher(key).matches()) {
                out.append(key).append(" = ").append(REDACTED).append('\n');
                skipContinuation = continues;
            } else {
                out.append(SECRET_IN_VALUE.matcher(line).replaceAll("$1=" + REDACTED)).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int firstSeparator(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** Whether a setting's name looks secret (for parameter snapshots). */
    public static boolean secret(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** The configuration files ({@code *.cfg}) of a directory, by name. */
    public static List<Path> configFiles(Path etc) throws IOException {
        try (Stream<Path> s = Files.list(etc)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cfg") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /**
     * The ends of the newest log files of a directory, newest file first, {@code budget} bytes in
     * all (the newest file gets what it needs first).
     */
    public static List<Map.Entry<String, byte[]>> logTails(Path dir, long budget) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted(Comparator.comparing((Path p) -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return java.nio.file.attribute.FileTime.fromMillis(0);
                }
            }).reversed()).toList();
        }
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        long left = budget;
        for (Path p : files) {
            if (left <= 0) {
                break;
            }
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
                long len = f.length();
                int take = (int) Math.min(len, left);
                byte[] tail = new byte[take];
                f.seek(len - take);
                f.readFully(tail);
                out.add(Map.entry(p.getFileName().toString(), tail));
                left -= take;
            }
        }
        return out;
    }
}
