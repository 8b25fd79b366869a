package io.cairn.monitoring.internal.console;

import static io.cairn.web.ConsoleContext.escape;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.rest.AshResource;
import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;

/** The console's ASH page: the figures of {@code GET /api/v1/monitoring/ash} as tables. */
@Component(service = ConsolePage.class)
public final class AshPage implements ConsolePage {

    private final AshComponent ash;

    @Activate
    public AshPage(@Reference AshComponent ash) {
        this.ash = ash;
    }

    @Override
    public String id() {
        return "ash";
    }

    @Override
    public String title() {
        return "Active Session History";
    }

    @Override
    public int navOrder() {
        return 110;
    }

    @Override
    public String render(ConsoleContext context) throws RestException {
        String database = context.query("database").orElse("default");
        int minutes;
        try {
            minutes = Integer.parseInt(context.query("minutes").orElse("15"));
        } catch (NumberFormatException e) {
            throw RestException.badRequest("invalid_value", "minutes must be a whole number");
        }
        if (minutes < 1 || minutes > 1440) {
            throw RestException.badRequest("out_of_range", "minutes must be between 1 and 1440, was " + minutes);
        }
        if (!ash.sampling(database)) {
            throw RestException.notFound("no open database '" + database + "'");
        }
        Map<String, Object> r = AshResource.report(ash, database, minutes, 10);
        StringBuilder h = new StringBuilder();
        h.append("<form method=\"get\"><label>Database <input name=\"database\" value=\"").append(escape(database))
                .append("\"></label> <label>Last minutes <input name=\"minutes\" type=\"number\" min=\"1\" max=\"1440\" value=\"")
                .append(minutes).append("\"></label> <button>Show</button></form>");
        // The full ASH report of the same window (admin.web's API accepts the console's sign-in for GETs).
        String report = "/api/v1/monitoring/ash/report?database="
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8) + "&from=-" + minutes + "m";
        h.append("<p>ASH report of this window: <a href=\"").append(escape(report + "&format=html"))
                .append("\">HTML</a> | <a href=\"").append(escape(report + "&format=text")).append("\">text</a></p>");
        h.append("<p>").append(r.get("samples")).append(" active session samples, one every ")
                .append(r.get("interval_ms")).append(" ms.</p>");
        table(h, "Top SQL", r.get("top_sql"), "sql_id", "sql_text");
        table(h, "Top wait events", r.get("top_wait_events"), "event", "wait_class");
        table(h, "Top sessions", r.get("top_sessions"), "sid", "detail");
        h.append("<h2>Activity (").append(r.get("bucket_seconds")).append(" s buckets)</h2><table><thead><tr>")
                .append("<th>start</th><th>samples</th><th>on CPU</th><th>waiting</th></tr></thead><tbody>");
        for (Map<?, ?> b : rows(r.get("activity"))) {
            if (((Integer) b.get("samples")) > 0) {
                h.append("<tr><td>").append(escape(String.valueOf(b.get("start")))).append("</td><td>")
                        .append(b.get("samples")).append("</td><td>").append(b.get("on_cpu")).append("</td><td>")
                        .append(b.get("waiting")).append("</td></tr>");
            }
        }
        return h.append("</tbody></table>").toString();
    }

    private static void table(StringBuilder h, String title, Object entries, String key, String detail) {
        h.append("<h2>").append(escape(title)).append("</h2><table><thead><tr><th>samples</th><th>%</th><th>")
                .append(key).append("</th><th>").append(detail).append("</th></tr></thead><tbody>");
        for (Map<?, ?> e : rows(entries)) {
            h.append("<tr><td>").append(e.get("samples")).append("</td><td>").append(e.get("percent"))
                    .append("</td><td>").append(escape(String.valueOf(e.get(key)))).append("</td><td>")
                    .append(escape(e.get(detail) == null ? "" : String.valueOf(e.get(detail)))).append("</td></tr>");
        }
        h.append("</tbody></table>");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> rows(Object list) {
        return (List<Map<?, ?>>) list;
    }
}
