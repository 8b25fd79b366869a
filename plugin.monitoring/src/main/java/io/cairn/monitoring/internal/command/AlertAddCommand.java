package io.cairn.monitoring.internal.command;

import java.util.HashMap;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.AlertRule;

/** {@code cairn:alert-add}: adds a threshold rule. */
@Service
@Command(scope = "cairn", name = "alert-add",
        description = "Adds an alert rule: fires when the metric compares to the threshold for the duration.")
public class AlertAddCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "Rule name (a-z, 0-9, _ and -)")
    String name;

    @Argument(index = 1, name = "metric", required = true, description = "Metric name, e.g. cairn_lock_waiters")
    String metric;

    @Argument(index = 2, name = "operator", required = true, description = "One of > >= < <= ==")
    String operator;

    @Argument(index = 3, name = "threshold", required = true, description = "The threshold")
    String threshold;

    @Option(name = "-f", aliases = "--for", description = "Seconds the condition must hold (default 0)")
    long forSeconds;

    @Option(name = "-s", aliases = "--severity", description = "info, warning (default), error or critical")
    String severity = "warning";

    @Option(name = "-c", aliases = "--category", description = "Category (default general)")
    String category = "general";

    @Option(name = "-l", aliases = "--labels", description = "Label matchers: name=value,name2=value2")
    String labels;

    @Option(name = "-D", aliases = "--description", description = "What the alert means")
    String description;

    @Reference
    AlertComponent alerts;

    @Override
    public Object execute() {
        Map<String, Object> f = new HashMap<>();
        f.put("name", name);
        f.put("metric", metric);
        f.put("operator", operator);
        f.put("threshold", threshold);
        f.put("for_seconds", forSeconds);
        f.put("severity", severity);
        f.put("category", category);
        f.put("labels", labels);
        f.put("description", description);
        AlertRule r = AlertRulesCommand.Alerts.call(() -> alerts.add(AlertComponent.parse(f)));
        System.out.println("alert rule " + r.id() + " added: " + r.name() + ": " + r.condition());
        return null;
    }
}
