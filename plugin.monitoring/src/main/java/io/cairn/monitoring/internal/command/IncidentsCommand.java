package io.cairn.monitoring.internal.command;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.monitoring.internal.IncidentComponent;
import io.cairn.monitoring.internal.incident.Incident;

/** {@code cairn:incidents}: lists, shows and closes incidents. */
@Service
@Command(scope = "cairn", name = "incidents",
        description = "Lists incidents (default: the open ones), shows one with its context, or closes one.")
public class IncidentsCommand implements Action {

    @Argument(index = 0, name = "action", description = "list (default), show or close")
    @Completion(values = {"list", "show", "close"}, value = StringsCompleter.class)
    String action = "list";

    @Argument(index = 1, name = "id", description = "Incident id (show, close)")
    String id;

    @Option(name = "-a", aliases = "--all", description = "list: closed incidents too")
    boolean all;

    @Option(name = "-n", aliases = "--limit", description = "list: at most this many (default 50, at most 10000)")
    int limit = 50;

    @Reference
    IncidentComponent incidents;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        Object user = session == null ? null : session.get("USER");
        run(incidents, System.out, action, id, all, limit, user == null ? "shell" : user.toString());
        return null;
    }

    /** The command's work (also for tests). */
    public static void run(IncidentComponent incidents, PrintStream out, String action, String id, boolean all,
            int limit, String user) {
        switch (action) {
            case "list" -> {
                if (id != null) {
                    throw new IllegalArgumentException("list takes no id (did you mean show " + id + "?)");
                }
                print(out, AlertRulesCommand.Alerts.call(() -> incidents.list(all ? null : Incident.OPEN, limit)), all);
            }
            case "show" -> show(out, AlertRulesCommand.Alerts.call(() -> incidents.get(id(action, id))));
            case "close" -> {
                Incident i = AlertRulesCommand.Alerts.call(() -> incidents.close(id(action, id), user));
                out.println("incident " + i.id() + " (" + i.kind() + ", " + i.database() + ") closed by " + i.closedBy());
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': list, show or close");
        }
    }

    private static long id(String action, String id) {
        if (id == null) {
            throw new IllegalArgumentException(action + " needs an incident id (see cairn:incidents list)");
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("incident id must be a whole number, was '" + id + "'");
        }
    }

    static void print(PrintStream out, List<Incident> list, boolean all) {
        if (list.isEmpty()) {
            out.println(all ? "no incident recorded" : "no open incident");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Opened");
        table.column("Database");
        table.column("Kind");
        table.column("Severity");
        table.column("Count").alignRight();
        table.column("Status");
        table.column("Summary").maxSize(80);
        for (Incident i : list) {
            table.addRow().addContent(i.id(), i.openedAt(), i.database(), i.kind(), i.severity(), i.occurrences(),
                    i.status(), i.summary());
        }
        table.print(out);
    }

    static void show(PrintStream out, Incident i) {
        out.println("Incident " + i.id() + " (" + i.status() + ")");
        out.println("  kind:        " + i.kind() + ", severity " + i.severity());
        out.println("  database:    " + i.database());
        out.println("  opened:      " + i.openedAt());
        out.println("  last seen:   " + i.lastSeenAt() + " (" + i.occurrences() + " occurrence"
                + (i.occurrences() == 1 ? "" : "s") + ")");
        if (i.closedAt() != null) {
            out.println("  closed:      " + i.closedAt() + " by " + i.closedBy());
        }
        out.println("  summary:     " + i.summary());
        out.println("  details:");
        i.details().forEach((k, v) -> out.println("    " + k + ": " + v));
    }
}
