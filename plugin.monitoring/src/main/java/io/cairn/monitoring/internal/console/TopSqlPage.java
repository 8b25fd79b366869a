package io.cairn.monitoring.internal.console;

import static io.cairn.monitoring.internal.console.Html.end;
import static io.cairn.monitoring.internal.console.Html.head;
import static io.cairn.monitoring.internal.console.Html.row;
import static io.cairn.monitoring.internal.console.Html.url;
import static io.cairn.web.ConsoleContext.escape;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.SqlStatsComponent;
import io.cairn.monitoring.internal.rest.QueryStatsResource;
import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;

/** The console's Top SQL page: {@code GET /api/v1/stats/queries} as a table, ranked as the user picks. */
@Component(service = ConsolePage.class)
public final class TopSqlPage implements ConsolePage {

    private final SqlStatsComponent stats;

    @Activate
    public TopSqlPage(@Reference SqlStatsComponent stats) {
        this.stats = stats;
    }

    @Override
    public String id() {
        return "top-sql";
    }

    @Override
    public String title() {
        return "Top SQL";
    }

    @Override
    public int navOrder() {
        return 115;
    }

    @Override
    public String render(ConsoleContext context) throws RestException {
        String database = context.query("database").orElse("default").trim();
        String order = context.query("order").orElse("elapsed").trim();
        int top;
        try {
            top = Integer.parseInt(context.query("top").orElse("20").trim());
        } catch (NumberFormatException e) {
            throw RestException.badRequest("invalid_value", "top must be a whole number");
        }
        if (top < 1 || top > 1000) {
            throw RestException.badRequest("out_of_range", "top must be between 1 and 1000, was " + top);
        }
        Map<String, Object> r = QueryStatsResource.report(stats, database, top, order);
        StringBuilder h = new StringBuilder();
        h.append("<form method=\"get\"><label>Database <input name=\"database\" value=\"").append(escape(database))
                .append("\"></label> <label>Top <input name=\"top\" type=\"number\" min=\"1\" max=\"1000\" value=\"")
                .append(top).append("\"></label> <label>Ranked by <select name=\"order\">");
        for (String o : QueryStatsResource.orders()) {
            h.append("<option value=\"").append(escape(o)).append('"').append(o.equals(order) ? " selected" : "")
                    .append('>').append(escape(o)).append("</option>");
        }
        h.append("</select></label> <button>Show</button></form>");
        Html.choices(h, "Rank by", order, QueryStatsResource.orders(),
                o -> "?database=" + url(database) + "&top=" + top + "&order=" + o);
        h.append("<p>").append(r.get("shapes")).append(" statement shapes, ").append(r.get("executions"))
                .append(" executions, ").append(escape(String.valueOf(r.get("total_elapsed_ms")))).append(" ms in all.</p>");
        head(h, "sql_id", "command", "executions", "errors", "total ms", "avg ms", "max ms", "rows", "pages read",
                "pages hit", "SQL text");
        for (Map<?, ?> q : rows(r.get("queries"))) {
            row(h, q.get("sql_id"), q.get("command"), q.get("executions"), q.get("errors"), q.get("total_elapsed_ms"),
                    q.get("avg_elapsed_ms"), q.get("max_elapsed_ms"), q.get("rows"), q.get("pages_read"), q.get("pages_hit"),
                    q.get("sql_text"));
        }
        end(h);
        return h.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> rows(Object list) {
        return (List<Map<?, ?>>) list;
    }
}
