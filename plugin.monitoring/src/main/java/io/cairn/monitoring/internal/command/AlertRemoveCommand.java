package io.cairn.monitoring.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.AlertRule;

/** {@code cairn:alert-remove}: deletes a rule by id or name. */
@Service
@Command(scope = "cairn", name = "alert-remove", description = "Deletes an alert rule (by id or name); its alerts resolve.")
public class AlertRemoveCommand implements Action {

    @Argument(index = 0, name = "rule", required = true, description = "Rule id or name")
    String rule;

    @Reference
    AlertComponent alerts;

    @Override
    public Object execute() {
        AlertRule r = AlertRulesCommand.Alerts.call(() -> alerts.remove(
                rule.matches("[0-9]+") ? alerts.rule(Long.parseLong(rule)).id() : alerts.rule(rule).id()));
        System.out.println("alert rule " + r.id() + " (" + r.name() + ") deleted");
        return null;
    }
}
