package io.cairn.monitoring.internal.command;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.alert.AlertRule;

/** {@code cairn:alert-rules}: the alert rules. */
@Service
@Command(scope = "cairn", name = "alert-rules", description = "Lists the alert rules.")
public class AlertRulesCommand implements Action {

    @Reference
    AlertComponent alerts;

    @Override
    public Object execute() throws Exception {
        print(System.out, Alerts.call(() -> alerts.rules()));
        return null;
    }

    static void print(PrintStream out, List<AlertRule> rules) {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Condition");
        table.column("Severity");
        table.column("Category");
        table.column("Enabled");
        for (AlertRule r : rules) {
            table.addRow().addContent(r.id(), r.name(), r.condition(), r.severity(), r.category(),
                    r.enabled() ? "yes" : "no");
        }
        table.print(out);
        out.printf(Locale.ROOT, "%d rule(s)%n", rules.size());
    }

    /** Turns the component's errors into the message the shell prints. */
    static final class Alerts {
        interface Call<T> {
            T run() throws AlertException;
        }

        static <T> T call(Call<T> call) {
            try {
                return call.run();
            } catch (AlertException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
    }
}
