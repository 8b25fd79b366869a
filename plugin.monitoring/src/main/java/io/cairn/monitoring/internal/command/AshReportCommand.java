package io.cairn.monitoring.internal.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.ash.AshReport;
import io.cairn.monitoring.internal.ash.AshReportFormat;
import io.cairn.monitoring.internal.ash.ReportRange;

/** {@code cairn:ash-report}: the ASH report of one database over a time range, as text or HTML, to the console or a file. */
@Service
@Command(scope = "cairn", name = "ash-report",
        description = "Writes the Active Session History report (summary, top wait classes and events, SQL, sessions, "
                + "users, modules, blocking sessions, activity over time) of a time range.")
public class AshReportCommand implements Action {

    @Option(name = "-d", aliases = "--database", description = "Database name (default: default)")
    @Completion(DatabaseNameCompleter.class)
    String database = "default";

    @Option(name = "--from", description = "Start: ISO-8601 instant (2026-11-25T21:00:00Z) or relative (-15m, -2h, -1d); default -15m")
    String from;

    @Option(name = "--to", description = "End: ISO-8601 instant, relative, or now (the default)")
    String to;

    @Option(name = "--html", description = "Write HTML instead of text")
    boolean html;

    @Option(name = "-n", aliases = "--top", description = "Entries per list (default 10, at most 1000)")
    int top = 10;

    @Option(name = "-o", aliases = "--output", description = "Write the report to this file (which must not exist yet) instead of the console")
    String output;

    @Reference
    AshComponent ash;

    @Override
    public Object execute() throws IOException {
        System.out.print(run(ash, database, from, to, html, top, output, Instant.now()));
        return null;
    }

    /** The report, or the line saying where it was written. Bad options throw IllegalArgumentException, which the shell prints. */
    static String run(AshComponent ash, String database, String from, String to, boolean html, int top, String output,
            Instant now) throws IOException {
        if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("--top must be between 1 and 1000, was " + top);
        }
        ReportRange range = ReportRange.parse(from, to, now);
        if (!ash.sampling(database)) {
            throw new IllegalArgumentException("no open database '" + database + "'");
        }
        Path file = output == null ? null : Path.of(output).toAbsolutePath();
        if (file != null && Files.exists(file)) {
            throw new IllegalArgumentException("the file " + file + " exists already; name a new file");
        }
        AshReport report = ash.report(database, range, top);
        String text = html ? AshReportFormat.html(report) : AshReportFormat.text(report);
        if (file == null) {
            return text;
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        return "ASH report of " + database + " (" + report.samples() + " samples) written to " + file + "\n";
    }
}
