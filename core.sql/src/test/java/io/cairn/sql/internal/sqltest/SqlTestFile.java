package io.cairn.sql.internal.sqltest;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code .test} file: a list of records, each a directive line, SQL lines, and for a
 * query the expected rows. The format is described in src/test/resources/sql/README.md.
 */
final class SqlTestFile {

    enum Kind { STATEMENT_OK, ERROR, QUERY }

    /** One record; {@code line} is the 1-based line of its directive. */
    record Case(String file, int line, Kind kind, String sql, String sqlState, String messagePart, boolean rowSort,
            List<String> expected) {

        String name() {
            return file + ":" + line + "  " + sql.replace('\n', ' ');
        }
    }

    private SqlTestFile() {
    }

    static List<Case> parse(String file, String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Case> cases = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                i++;
                continue;
            }
            int directiveLine = i + 1;
            String[] words = line.split("\\s+", 3);
            Kind kind;
            String state = null;
            String message = null;
            boolean rowSort = false;
            if (words[0].equals("statement") && words.length >= 2 && words[1].equals("ok")) {
                kind = Kind.STATEMENT_OK;
            } else if (words[0].equals("statement") && words.length >= 3 && words[1].equals("error")) {
                kind = Kind.ERROR;
                String[] rest = words[2].split("\\s+", 2);
                state = rest[0];
                message = rest.length > 1 ? rest[1] : null;
            } else if (words[0].equals("error") && words.length >= 2) {
                kind = Kind.ERROR;
                state = words[1];
                message = words.length > 2 ? words[2] : null;
            } else if (words[0].equals("query")) {
                kind = Kind.QUERY;
                rowSort = words.length > 1 && words[1].equals("rowsort");
                if (words.length > 1 && !words[1].equals("rowsort") && !words[1].equals("nosort")) {
                    throw new IllegalArgumentException(file + ":" + directiveLine + ": unknown query option " + words[1]);
                }
            } else {
                throw new IllegalArgumentException(file + ":" + directiveLine + ": unknown directive: " + line);
            }
            i++;
            StringBuilder sql = new StringBuilder();
            while (i < lines.length && !lines[i].isBlank() && !lines[i].strip().equals("----")) {
                if (!lines[i].strip().startsWith("#")) {
                    sql.append(sql.length() == 0 ? "" : "\n").append(lines[i]);
                }
                i++;
            }
            if (sql.length() == 0) {
                throw new IllegalArgumentException(file + ":" + directiveLine + ": no SQL after the directive");
            }
            List<String> expected = new ArrayList<>();
            if (kind == Kind.QUERY) {
                if (i >= lines.length || !lines[i].strip().equals("----")) {
                    throw new IllegalArgumentException(file + ":" + directiveLine + ": query without ---- and results");
                }
                i++;
                while (i < lines.length && !lines[i].isBlank()) {
                    expected.add(normalize(lines[i]));
                    i++;
                }
            } else if (i < lines.length && lines[i].strip().equals("----")) {
                throw new IllegalArgumentException(file + ":" + directiveLine + ": only a query has results");
            }
            cases.add(new Case(file, directiveLine, kind, sql.toString(), state, message, rowSort, expected));
        }
        return cases;
    }

    /** A result line with its cells trimmed, so column alignment in the file does not matter. */
    static String normalize(String row) {
        String[] cells = row.split("\\|", -1);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            sb.append(c == 0 ? "" : " | ").append(cells[c].strip());
        }
        return sb.toString();
    }
}
