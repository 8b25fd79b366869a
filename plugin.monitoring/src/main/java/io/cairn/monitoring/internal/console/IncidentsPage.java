package io.cairn.monitoring.internal.console;

import static io.cairn.monitoring.internal.console.Html.action;
import static io.cairn.monitoring.internal.console.Html.end;
import static io.cairn.monitoring.internal.console.Html.head;
import static io.cairn.monitoring.internal.console.Html.link;
import static io.cairn.monitoring.internal.console.Html.row;
import static io.cairn.monitoring.internal.console.Html.url;
import static io.cairn.web.ConsoleContext.escape;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.IncidentComponent;
import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.monitoring.internal.incident.Incident;
import io.cairn.monitoring.internal.rest.AlertRoutes;
import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;
import io.cairn.web.Role;

/**
 * The console's Incidents page: the list of {@code GET /api/v1/incidents} ({@code ?status=}), one
 * incident's context ({@code ?id=}), closing through {@code POST /api/v1/incidents/{id}/close} and
 * the diagnostic dumps of {@code /api/v1/incidents/{id}/dump} and {@code /api/v1/diagnostics/dump}
 * (administrators; the dump routes are admin-only, so viewers get no links).
 */
@Component(service = ConsolePage.class)
public final class IncidentsPage implements ConsolePage {

    static final int LIMIT = 100;

    private final IncidentComponent incidents;

    @Activate
    public IncidentsPage(@Reference IncidentComponent incidents) {
        this.incidents = incidents;
    }

    @Override
    public String id() {
        return "incidents";
    }

    @Override
    public String title() {
        return "Incidents";
    }

    @Override
    public int navOrder() {
        return 130;
    }

    @Override
    public String render(ConsoleContext context) throws RestException {
        String status = context.query("status").orElse("open").trim();
        boolean admin = context.role() == Role.ADMIN;
        StringBuilder h = new StringBuilder();
        try {
            if (context.query("id").isPresent()) {
                long id;
                try {
                    id = Long.parseLong(context.query("id").get().trim());
                } catch (NumberFormatException e) {
                    throw RestException.badRequest("invalid_value", "id must be a whole number");
                }
                details(h, context, incidents.get(id), admin);
            }
            List<Incident> list = incidents.list(status.equals("all") ? null : status, LIMIT);
            h.append("<h2>Incidents (").append(list.size()).append(list.size() == LIMIT ? ", newest " + LIMIT : "")
                    .append(")</h2>");
            Html.choices(h, "Show", status, List.of("open", "closed", "all"), s -> "?status=" + s);
            head(h, "id", "status", "kind", "severity", "database", "summary", "count", "opened", "last seen", "");
            for (Incident i : list) {
                row(h, link("?id=" + i.id() + "&status=" + url(status), String.valueOf(i.id())), i.status(), i.kind(),
                        i.severity(), i.database(), i.summary(), i.occurrences(), i.openedAt(), i.lastSeenAt(),
                        i.open() ? action(context, "/incidents/" + i.id() + "/close", "Close", "Close incident " + i.id() + "?")
                                : "closed by " + i.closedBy());
            }
            end(h);
        } catch (AlertException e) {
            throw AlertRoutes.http(e);
        }
        if (admin) {
            h.append("<h2>Diagnostic dump now</h2><form method=\"get\" action=\"/api/v1/diagnostics/dump\">")
                    .append("<label>Database <input name=\"database\" value=\"default\"></label> ")
                    .append("<button type=\"submit\">Download dump (zip)</button></form>");
        }
        return h.toString();
    }

    private static void details(StringBuilder h, ConsoleContext context, Incident i, boolean admin) {
        h.append("<h2>Incident ").append(i.id()).append(": ").append(escape(i.summary())).append("</h2>");
        head(h, "field", "value");
        row(h, "status", i.status());
        row(h, "kind", i.kind());
        row(h, "severity", i.severity());
        row(h, "database", i.database());
        row(h, "occurrences", i.occurrences());
        row(h, "opened", i.openedAt());
        row(h, "last seen", i.lastSeenAt());
        if (!i.open()) {
            row(h, "closed", i.closedAt() + " by " + i.closedBy());
        }
        for (Map.Entry<String, String> d : i.details().entrySet()) {
            row(h, d.getKey(), d.getValue());
        }
        end(h);
        h.append("<p>");
        if (i.open()) {
            h.append(action(context, "/incidents/" + i.id() + "/close", "Close", "Close incident " + i.id() + "?").html())
                    .append(' ');
        }
        if (admin) {
            h.append(link("/api/v1/incidents/" + i.id() + "/dump", "Download diagnostic dump (zip)").html());
        }
        h.append("</p>");
    }
}
