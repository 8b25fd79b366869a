package io.cairn.monitoring.internal.command;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.ash.AshSample;
import io.cairn.monitoring.internal.ash.AshTop;

/** {@code cairn:ash-top}: top SQL, wait events and sessions of one database over a recent window of ASH. */
@Service
@Command(scope = "cairn", name = "ash-top",
        description = "Shows the top SQL texts, wait events (ON CPU included) and sessions by Active Session History samples.")
public class AshTopCommand implements Action {

    @Option(name = "-d", aliases = "--database", description = "Database name (default: default)")
    @Completion(DatabaseNameCompleter.class)
    String database = "default";

    @Option(name = "-m", aliases = "--minutes", description = "Window: the last N minutes (default 5, at most 1440)")
    int minutes = 5;

    @Option(name = "-n", aliases = "--top", description = "Entries per list (default 10, at most 1000)")
    int top = 10;

    @Reference
    AshComponent ash;

    @Override
    public Object execute() {
        if (minutes < 1 || minutes > 1440) {
            throw new IllegalArgumentException("--minutes must be between 1 and 1440, was " + minutes);
        }
        if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("--top must be between 1 and 1000, was " + top);
        }
        print(System.out, ash.window(minutes * 60L, database), database, minutes, top, ash.intervalMillis());
        return null;
    }

    static void print(PrintStream out, List<AshSample> window, String database, int minutes, int top, long intervalMillis) {
        if (window.isEmpty()) {
            out.println("no active session samples for database '" + database + "' in the last " + minutes
                    + " minute(s)");
            return;
        }
        AshTop report = AshTop.of(window, top);
        out.printf(Locale.ROOT, "%s: %d active session samples in the last %d minute(s), one every %d ms%n",
                database, report.samples(), minutes, intervalMillis);
        out.println();
        table(out, "Top SQL", "SQL text", null, report.topSql());
        table(out, "Top wait events", "Event", "Wait class", report.topEvents());
        table(out, "Top sessions", "SID", "User, activity", report.topSessions());
    }

    private static void table(PrintStream out, String title, String keyHeader, String detailHeader, List<AshTop.Entry> entries) {
        out.println(title);
        ShellTable table = new ShellTable();
        table.column("Samples").alignRight();
        table.column("%").alignRight();
        table.column(keyHeader).maxSize(80);
        if (detailHeader != null) {
            table.column(detailHeader);
        }
        for (AshTop.Entry e : entries) {
            org.apache.karaf.shell.support.table.Row row = table.addRow();
            row.addContent(e.samples(), String.format(Locale.ROOT, "%.1f", e.percent()), e.key().replaceAll("\\s+", " "));
            if (detailHeader != null) {
                row.addContent(e.detail());
            }
        }
        table.print(out);
        out.println();
    }
}
