package io.cairn.monitoring.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.Alert;

/** {@code cairn:alert-ack}: acknowledges an alert. */
@Service
@Command(scope = "cairn", name = "alert-ack", description = "Acknowledges an alert (by id, see cairn:alert-list).")
public class AlertAckCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "Alert id")
    long id;

    @Reference
    AlertComponent alerts;

    @Reference
    Session session;

    @Override
    public Object execute() {
        Object user = session.get("USER");
        Alert a = AlertRulesCommand.Alerts.call(() -> alerts.acknowledge(id, user == null ? "shell" : user.toString()));
        System.out.println("alert " + a.id() + " (" + a.ruleName() + ") acknowledged by " + a.acknowledgedBy());
        return null;
    }
}
