package io.cairn.sql.internal.shell;

import java.io.PrintStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.sql.SqlException;
import io.cairn.sql.internal.DatabaseComponent;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.sql.internal.parser.Parser;
import io.cairn.sql.internal.parser.SqlPrinter;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.txn.Session;

/**
 * {@code cairn:sql "SELECT ..."}: runs one statement, or several separated by {@code ;} in one
 * session (so {@code BEGIN; ...; COMMIT} works within one call), and prints each result.
 */
@Service
@Command(scope = "cairn", name = "sql",
        description = "Runs SQL statements (separated by ;) in one session and prints the results.")
public class SqlCommand extends DatabaseCommand {

    @Argument(index = 0, name = "sql", required = true, description = "The SQL text, quoted")
    String sql;

    @Option(name = "-f", aliases = "--format", description = "Output format: table (default), csv or json")
    @Completion(value = StringsCompleter.class, values = {"table", "csv", "json"})
    String format = "table";

    @Override
    protected Object execute(Database db) throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "csv", "json").contains(fmt)) {
            throw new IllegalArgumentException("unknown format '" + format + "': use table, csv or json");
        }
        if (!(db instanceof DatabaseComponent component)) {
            throw new IllegalStateException("database '" + db.name() + "' does not run SQL in this container");
        }
        SqlEngine engine = component.sqlEngine();
        Session session;
        try {
            session = engine.openSession("karaf", "cairn:sql"); // admission controllers may refuse (53300)
        } catch (SqlException e) {
            throw new SqlShellError(e);
        }
        try {
            List<Statement> statements = Parser.parseScript(sql);
            for (Statement statement : statements) {
                String text = statements.size() == 1 ? sql : SqlPrinter.print(statement);
                print(engine.execute(session, text), fmt, System.out);
            }
        } catch (SqlException e) {
            throw new SqlShellError(e);
        } finally {
            engine.forget(session);
            session.close();
        }
        return null;
    }

    /** Shown by the shell as its message only: SQLSTATE and text, no stack trace. */
    static final class SqlShellError extends Exception {
        private static final long serialVersionUID = 1L;

        SqlShellError(SqlException e) {
            super("ERROR " + e.getSQLState() + ": " + e.getMessage(), null, false, false);
        }
    }

    static void print(SqlResult result, String format, PrintStream out) {
        if (!result.isQuery()) {
            out.println(result.updateCount() + " row(s) affected");
            return;
        }
        switch (format) {
            case "csv" -> {
                out.println(String.join(",", result.columnNames().stream().map(SqlCommand::csv).toList()));
                for (Object[] row : result.rows()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < row.length; i++) {
                        line.append(i == 0 ? "" : ",").append(row[i] == null ? "" : csv(text(row[i])));
                    }
                    out.println(line);
                }
            }
            case "json" -> {
                StringBuilder json = new StringBuilder("[");
                for (int r = 0; r < result.rows().size(); r++) {
                    Object[] row = result.rows().get(r);
                    json.append(r == 0 ? "" : ",").append('{');
                    for (int i = 0; i < row.length; i++) {
                        json.append(i == 0 ? "" : ",").append(jsonString(result.columnNames().get(i))).append(':')
                                .append(jsonValue(row[i]));
                    }
                    json.append('}');
                }
                out.println(json.append(']'));
            }
            default -> {
                ShellTable table = new ShellTable();
                for (String name : result.columnNames()) {
                    table.column(name);
                }
                for (Object[] row : result.rows()) {
                    Object[] cells = new Object[row.length];
                    for (int i = 0; i < row.length; i++) {
                        cells[i] = row[i] == null ? "NULL" : text(row[i]);
                    }
                    table.addRow().addContent(cells);
                }
                table.print(out);
                out.println("(" + result.rows().size() + " row" + (result.rows().size() == 1 ? ")" : "s)"));
            }
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? "X'" + HexFormat.of().formatHex(bytes) + "'"
                : value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? jsonString(d.toString()) : d.toString();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        return jsonString(text(v));
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
