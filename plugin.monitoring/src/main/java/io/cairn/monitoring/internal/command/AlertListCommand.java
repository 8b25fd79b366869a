package io.cairn.monitoring.internal.command;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.Alert;

/** {@code cairn:alert-list}: alerts firing now, or the history. */
@Service
@Command(scope = "cairn", name = "alert-list", description = "Lists the alerts firing now, or with --history past ones too.")
public class AlertListCommand implements Action {

    @Option(name = "-H", aliases = "--history", description = "The history, newest first")
    boolean history;

    @Option(name = "-n", aliases = "--limit", description = "History entries (default 50, at most 10000)")
    int limit = 50;

    @Reference
    AlertComponent alerts;

    @Override
    public Object execute() {
        List<Alert> list = AlertRulesCommand.Alerts.call(() -> history ? alerts.history(limit) : alerts.active());
        print(System.out, list, history);
        return null;
    }

    static void print(PrintStream out, List<Alert> list, boolean history) {
        if (list.isEmpty()) {
            out.println(history ? "no alert has fired" : "no alert is firing");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Severity");
        table.column("Rule");
        table.column("Series");
        table.column("Value").alignRight();
        table.column("Fired");
        table.column(history ? "Resolved" : "Acknowledged");
        for (Alert a : list) {
            Object last = history ? a.resolvedAt() : a.acknowledgedBy();
            table.addRow().addContent(a.id(), a.severity(), a.ruleName(), a.series(), a.value(), a.firedAt(),
                    last == null ? "" : last);
        }
        table.print(out);
    }
}
