package io.cairn.monitoring.internal.console;

import static io.cairn.monitoring.internal.console.Html.action;
import static io.cairn.monitoring.internal.console.Html.end;
import static io.cairn.monitoring.internal.console.Html.head;
import static io.cairn.monitoring.internal.console.Html.row;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AlertComponent;
import io.cairn.monitoring.internal.alert.Alert;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.alert.AlertRule;
import io.cairn.monitoring.internal.rest.AlertRoutes;
import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;

/**
 * The console's Alerts page: what fires now (acknowledged through {@code POST /api/v1/alerts/{id}/ack}),
 * the rules, and the recent history — the figures of {@code GET /api/v1/alerts}, {@code /alerts/rules}
 * and {@code /alerts/history}.
 */
@Component(service = ConsolePage.class)
public final class AlertsPage implements ConsolePage {

    static final int HISTORY = 50;

    private final AlertComponent alerts;

    @Activate
    public AlertsPage(@Reference AlertComponent alerts) {
        this.alerts = alerts;
    }

    @Override
    public String id() {
        return "alerts";
    }

    @Override
    public String title() {
        return "Alerts";
    }

    @Override
    public int navOrder() {
        return 120;
    }

    @Override
    public String render(ConsoleContext context) throws RestException {
        try {
            List<Alert> firing = alerts.active();
            List<AlertRule> rules = alerts.rules();
            List<Alert> history = alerts.history(HISTORY);
            StringBuilder h = new StringBuilder();
            h.append("<h2>Firing (").append(firing.size()).append(")</h2>");
            if (firing.isEmpty()) {
                h.append("<p class=\"hint\">No alert is firing.</p>");
            } else {
                head(h, "rule", "severity", "category", "series", "value", "since", "acknowledged", "");
                for (Alert a : firing) {
                    row(h, a.ruleName(), a.severity(), a.category(), a.series(), a.value(), a.firedAt(),
                            a.acknowledgedBy() == null ? "no" : a.acknowledgedBy() + " at " + a.acknowledgedAt(),
                            a.acknowledgedBy() == null
                                    ? action(context, "/alerts/" + a.id() + "/ack", "Acknowledge",
                                            "Acknowledge alert " + a.ruleName() + "?")
                                    : "");
                }
                end(h);
            }
            h.append("<h2>Rules (").append(rules.size()).append(")</h2>");
            head(h, "id", "name", "condition", "severity", "category", "enabled", "description");
            for (AlertRule r : rules) {
                row(h, r.id(), r.name(), r.condition(), r.severity(), r.category(), r.enabled() ? "yes" : "no",
                        r.description());
            }
            end(h);
            h.append("<p class=\"hint\">Rules are changed with <code>cairn:alert-add</code> / <code>cairn:alert-remove</code> or <code>/api/v1/alerts/rules</code>.</p>");
            h.append("<h2>Recent history (newest ").append(HISTORY).append(")</h2>");
            head(h, "rule", "severity", "series", "value", "fired", "resolved", "acknowledged by");
            for (Alert a : history) {
                row(h, a.ruleName(), a.severity(), a.series(), a.value(), a.firedAt(),
                        a.resolvedAt() == null ? "firing" : a.resolvedAt(), a.acknowledgedBy());
            }
            end(h);
            return h.toString();
        } catch (AlertException e) {
            throw AlertRoutes.http(e);
        }
    }
}
