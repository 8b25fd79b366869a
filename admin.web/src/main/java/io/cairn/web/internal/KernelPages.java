package io.cairn.web.internal;

import static io.cairn.web.ConsoleContext.escape;

import java.util.List;
import java.util.Map;

import io.cairn.sql.Database;
import io.cairn.sql.admin.DatabaseParameter;
import io.cairn.sql.admin.MaintenanceJob;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.txn.SessionSnapshot;
import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;
import io.cairn.web.Role;

/** The console pages of the kernel itself: overview, sessions, SQL worksheet, maintenance, configuration. */
final class KernelPages {

    private final AdminWeb web;
    private final Kernel kernel;

    KernelPages(AdminWeb web) {
        this.web = web;
        this.kernel = web.kernel;
    }

    List<ConsolePage> all() {
        return List.of(
                page("overview", "Overview", 10, Role.VIEWER, this::overview),
                page("sessions", "Sessions", 20, Role.VIEWER, this::sessions),
                page("sql", "SQL worksheet", 30, Role.ADMIN, this::worksheet),
                page("maintenance", "Maintenance", 40, Role.VIEWER, this::maintenance),
                page("configuration", "Configuration", 50, Role.VIEWER, this::configuration));
    }

    private interface Renderer {
        String render(ConsoleContext ctx) throws RestException;
    }

    private static ConsolePage page(String id, String title, int order, Role role, Renderer r) {
        return new ConsolePage() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public int navOrder() {
                return order;
            }

            @Override
            public Role requiredRole() {
                return role;
            }

            @Override
            public String render(ConsoleContext context) throws RestException {
                return r.render(context);
            }
        };
    }

    private Database database(ConsoleContext ctx) throws RestException {
        return kernel.database(ctx.query("database").orElse(null));
    }

    private String databasePicker(ConsoleContext ctx, String current) {
        if (kernel.databases.size() < 2) {
            return "";
        }
        StringBuilder s = new StringBuilder("<form class=\"inline\" method=\"get\"><label>Database <select name=\"database\">");
        for (String name : kernel.databases.keySet()) {
            s.append("<option").append(name.equals(current) ? " selected" : "").append('>').append(escape(name)).append("</option>");
        }
        return s.append("</select></label><button type=\"submit\">Show</button></form>").toString();
    }

    @SuppressWarnings("unchecked")
    private String overview(ConsoleContext ctx) throws RestException {
        Database db = database(ctx);
        Map<String, Object> health = new KernelRoutes(web).healthReport();
        Map<String, Object> perf = kernel.sampler.report(db);
        Map<String, Object> cache = (Map<String, Object>) perf.get("cache");
        Map<String, Object> locks = (Map<String, Object>) perf.get("locks");
        Map<String, Object> cpu = (Map<String, Object>) perf.get("cpu");
        String status = (String) health.get("status");
        StringBuilder s = new StringBuilder(databasePicker(ctx, db.name()));
        s.append("<div class=\"cards\">")
                .append(card("Health", "<span class=\"" + escape(status) + "\">" + escape(status) + "</span>"))
                .append(card("Transactions/s", String.valueOf(perf.get("transactions_per_second"))))
                .append(card("Cache hit ratio", String.format("%.1f %%", ((Number) cache.get("hit_ratio")).doubleValue() * 100)))
                .append(card("Locks held", String.valueOf(locks.get("held"))))
                .append(card("Deadlocks", String.valueOf(locks.get("deadlocks_total"))))
                .append(card("CPU", String.format("%.1f %%", ((Number) cpu.get("process_cpu_ratio")).doubleValue() * 100)))
                .append(card("Sessions", String.valueOf(db.transactions().sessionRegistry().sessions().size())))
                .append(card("Uptime", health.get("uptime_seconds") + " s"))
                .append("</div><p class=\"hint\">")
                .append(((Number) perf.get("window_seconds")).doubleValue() == 0 ? "Rates appear after the first second of sampling."
                        : "Rates over the last " + perf.get("window_seconds") + " s.")
                .append(" Version ").append(escape(kernel.version)).append(".</p>");
        s.append("<h2>Health checks</h2><table><tr><th>Check</th><th>Status</th><th>Message</th></tr>");
        ((Map<String, Map<String, Object>>) health.get("checks")).forEach((name, c) -> s.append("<tr><td>")
                .append(escape(name)).append("</td><td class=\"").append(escape((String) c.get("status"))).append("\">")
                .append(escape((String) c.get("status"))).append("</td><td>").append(escape((String) c.get("message")))
                .append("</td></tr>"));
        return s.append("</table>").toString();
    }

    private static String card(String label, String valueHtml) {
        return "<div class=\"card\"><div class=\"label\">" + escape(label) + "</div><div class=\"value\">" + valueHtml + "</div></div>";
    }

    private String sessions(ConsoleContext ctx) throws RestException {
        Database db = database(ctx);
        StringBuilder s = new StringBuilder(databasePicker(ctx, db.name()));
        s.append("<table><tr><th>SID</th><th>User</th><th>Client</th><th>State</th><th>SQL</th><th>Wait event</th>"
                + "<th>Txn</th><th>Blocked by</th></tr>");
        for (SessionSnapshot x : db.transactions().sessionRegistry().sessions()) {
            s.append("<tr><td>").append(x.sessionId()).append("</td><td>").append(escape(x.user())).append("</td><td>")
                    .append(escape(x.clientInfo())).append("</td><td>").append(x.state()).append("</td><td>")
                    .append(escape(x.statementText())).append("</td><td>").append(escape(x.waitEvent())).append("</td><td>")
                    .append(x.txnId() == 0 ? "" : x.txnId()).append("</td><td>")
                    .append(x.blockingSessionId() == 0 ? "" : x.blockingSessionId()).append("</td></tr>");
        }
        return s.append("</table>").toString();
    }

    private String worksheet(ConsoleContext ctx) throws RestException {
        Database db = database(ctx);
        return "<form id=\"worksheet\"><input type=\"hidden\" name=\"database\" value=\"" + escape(db.name()) + "\">"
                + "<textarea name=\"sql\" spellcheck=\"false\" placeholder=\"SELECT * FROM information_schema.tables\">"
                + escape(ctx.query("sql").orElse("")) + "</textarea><p><button type=\"submit\">Run</button> "
                + "<span class=\"hint\">Statements separated by ; run in one session on database " + escape(db.name())
                + "; at most " + web.settings.sqlMaxRows() + " rows per result are shown.</span></p></form>"
                + "<div id=\"worksheet-result\"></div>";
    }

    private String maintenance(ConsoleContext ctx) throws RestException {
        Database db = database(ctx);
        StringBuilder s = new StringBuilder(databasePicker(ctx, db.name()));
        if (ctx.role() == Role.ADMIN) {
            s.append("<form id=\"maintenance\" class=\"inline\"><input type=\"hidden\" name=\"database\" value=\"")
                    .append(escape(db.name())).append("\"><label>Operation <select name=\"operation\">"
                            + "<option>analyze</option><option>vacuum</option><option>reindex</option><option>checkpoint</option>"
                            + "</select></label><label>Tables <input name=\"tables\" placeholder=\"all\"></label>"
                            + "<button type=\"submit\">Queue job</button></form><p id=\"maintenance-result\"></p>");
        }
        s.append("<table><tr><th>Id</th><th>Operation</th><th>Tables</th><th>Status</th><th>By</th><th>Submitted</th>"
                + "<th>Result</th></tr>");
        MaintenanceJobs jobs = kernel.maintenance.get(db.name());
        for (MaintenanceJob j : jobs == null ? List.<MaintenanceJob>of() : jobs.jobs()) {
            s.append("<tr><td>").append(j.id()).append("</td><td>").append(j.operation().label()).append("</td><td>")
                    .append(escape(String.join(", ", j.tables()))).append("</td><td class=\"").append(j.state().label())
                    .append("\">").append(j.state().label()).append("</td><td>").append(escape(j.requestedBy()))
                    .append("</td><td>").append(j.submitted()).append("</td><td>")
                    .append(escape(j.error() != null ? j.sqlState() + ": " + j.error()
                            : j.result() == null ? "" : String.join("; ", j.result())))
                    .append("</td></tr>");
        }
        return s.append("</table>").toString();
    }

    private String configuration(ConsoleContext ctx) throws RestException {
        Database db = database(ctx);
        var params = Kernel.service(kernel.parameters, db.name(), "parameters");
        StringBuilder s = new StringBuilder(databasePicker(ctx, db.name()));
        s.append("<table><tr><th>Parameter</th><th>Value in effect</th><th>Unit</th><th>Accepts</th></tr>");
        for (DatabaseParameter p : params.parameters()) {
            s.append("<tr><td>").append(escape(p.name())).append("</td><td>").append(p.value()).append("</td><td>")
                    .append(p.unit()).append("</td><td>").append(p.kind().equals("size") ? "64m, 1g, 512k"
                            : p.kind().equals("rows") ? "1000000" : "30s, 500ms, 2m")
                    .append("</td></tr>");
        }
        s.append("</table>");
        if (ctx.role() == Role.ADMIN) {
            s.append("<h2>Change a parameter</h2><form id=\"config\" class=\"inline\"><input type=\"hidden\" name=\"database\" value=\"")
                    .append(escape(db.name())).append("\"><label>Parameter <select name=\"name\">");
            for (DatabaseParameter p : params.parameters()) {
                s.append("<option>").append(escape(p.name())).append("</option>");
            }
            s.append("</select></label><label>Value <input name=\"value\" required></label><button type=\"submit\">Save</button>"
                    + "</form><p id=\"config-result\"></p><p class=\"hint\">Saved as ALTER SYSTEM SET saves it; "
                    + "the database restarts to apply it.</p>");
        }
        return s.toString();
    }
}
