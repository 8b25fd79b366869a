package io.cairn.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.web.ConsoleContext;
import io.cairn.web.ConsolePage;
import io.cairn.web.RestException;
import io.cairn.web.Role;

/**
 * {@code /console/*}: the sign-in form, sign-out, and the page shell whose navigation lists the
 * console pages registered now. Server-rendered HTML; the only script is the console's own
 * static file.
 */
final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

    private final transient AdminWeb web;

    ConsoleServlet(AdminWeb web) {
        this.web = web;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http.securityHeaders(req, resp, Http.CONSOLE_CSP);
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        try {
            if (path.startsWith("/static/") && method.equals("GET")) {
                staticFile(path.substring("/static/".length()), resp);
                return;
            }
            if (path.equals("/login")) {
                if (method.equals("POST")) {
                    login(req, resp);
                } else {
                    Http.html(resp, 200, loginPage(null));
                }
                return;
            }
            WebSessions.WebSession session = web.sessions.find(Http.cookie(req, WebSessions.COOKIE));
            if (session == null) {
                resp.setHeader("Location", req.getContextPath() + "/console/login");
                resp.setStatus(303);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                if (!Http.sameOrigin(req) || !Http.sameToken(session.csrfToken(), req.getParameter("_csrf"))) {
                    Http.html(resp, 403, layout(session, "Forbidden", "<p>The form was not sent from this console "
                            + "(missing or wrong CSRF token). Reload the page and try again.</p>"));
                    return;
                }
                if (path.equals("/logout")) {
                    web.sessions.remove(session.id());
                    Http.sessionCookie(resp, "", web.settings.secureCookies(), true);
                    resp.setHeader("Location", req.getContextPath() + "/console/login");
                    resp.setStatus(303);
                    return;
                }
                Http.html(resp, 405, layout(session, "Not allowed", "<p>" + ConsoleContext.escape(method)
                        + " is not supported here.</p>"));
                return;
            }
            if (session.identity().role() == null) {
                Http.html(resp, 403, layout(session, "Forbidden", "<p>User " + ConsoleContext.escape(session.identity().user())
                        + " has neither the cairn-admin nor the cairn-viewer role.</p>"));
                return;
            }
            if (path.equals("/") || path.isEmpty()) {
                Optional<ConsolePage> first = web.pagesInOrder().stream()
                        .filter(p -> session.identity().role().satisfies(p.requiredRole())).findFirst();
                if (first.isPresent()) {
                    resp.setHeader("Location", req.getContextPath() + "/console/page/" + first.get().id());
                    resp.setStatus(303);
                } else {
                    Http.html(resp, 200, layout(session, "Cairn", "<p>No console pages are installed.</p>"));
                }
                return;
            }
            if (path.startsWith("/page/")) {
                String id = path.substring("/page/".length());
                Optional<ConsolePage> page = web.pages.stream().filter(p -> p.id().equals(id)).findFirst();
                if (page.isEmpty()) {
                    Http.html(resp, 404, layout(session, "Not found", "<p>There is no console page '"
                            + ConsoleContext.escape(id) + "' (its plugin may have been removed).</p>"));
                    return;
                }
                if (!session.identity().role().satisfies(page.get().requiredRole())) {
                    Http.html(resp, 403, layout(session, page.get().title(), "<p>This page needs the cairn-admin role.</p>"));
                    return;
                }
                String html;
                try {
                    html = page.get().render(context(req, session));
                } catch (RestException e) {
                    Http.html(resp, e.status(), layout(session, page.get().title(), "<p class=\"error\">"
                            + ConsoleContext.escape(e.getMessage()) + "</p>"));
                    return;
                }
                Http.html(resp, 200, layout(session, page.get().title(), html));
                return;
            }
            Http.html(resp, 404, layout(session, "Not found", "<p>Nothing here.</p>"));
        } catch (RuntimeException e) {
            LOG.error("{} /console{} failed", method, path, e);
            Http.html(resp, 500, "<!doctype html><title>Error</title><p>The console failed to render this page; "
                    + "the container log has the details.</p>");
        }
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Http.sameOrigin(req)) {
            Http.html(resp, 403, loginPage("Sign-in must come from this console's own page."));
            return;
        }
        String user = req.getParameter("user");
        String password = req.getParameter("password");
        Identity id = user == null || password == null ? null : web.login(user, password.toCharArray());
        if (id == null) {
            Http.html(resp, 401, loginPage("Wrong user name or password."));
            return;
        }
        WebSessions.WebSession s = web.sessions.create(id);
        Http.sessionCookie(resp, s.id(), web.settings.secureCookies() || req.isSecure(), false);
        resp.setHeader("Location", req.getContextPath() + "/console/");
        resp.setStatus(303);
    }

    private ConsoleContext context(HttpServletRequest req, WebSessions.WebSession session) {
        return new ConsoleContext() {
            @Override
            public String user() {
                return session.identity().user();
            }

            @Override
            public Role role() {
                return session.identity().role();
            }

            @Override
            public Optional<String> query(String name) {
                return Optional.ofNullable(req.getParameter(name));
            }

            @Override
            public String csrfToken() {
                return session.csrfToken();
            }
        };
    }

    static String loginPage(String message) {
        return head("Sign in") + "<body class=\"login\"><main><h1>Cairn</h1>"
                + (message == null ? "" : "<p class=\"error\">" + ConsoleContext.escape(message) + "</p>")
                + "<form method=\"post\" action=\"login\">"
                + "<label>User <input name=\"user\" autocomplete=\"username\" required autofocus></label>"
                + "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\">Sign in</button></form>"
                + "<p class=\"hint\">Use a Karaf user with the cairn-admin or cairn-viewer role. On a fresh install the "
                + "administrator's password is in etc/cairn-admin.password.</p></main></body></html>";
    }

    private String layout(WebSessions.WebSession session, String title, String content) {
        StringBuilder nav = new StringBuilder();
        Role role = session.identity().role();
        for (ConsolePage p : web.pagesInOrder()) {
            if (role != null && role.satisfies(p.requiredRole())) {
                nav.append("<li><a href=\"/console/page/").append(ConsoleContext.escape(p.id())).append("\">")
                        .append(ConsoleContext.escape(p.title())).append("</a></li>");
            }
        }
        return head(title) + "<body><meta name=\"csrf-token\" content=\"" + session.csrfToken() + "\">"
                + "<header><span class=\"brand\">Cairn</span><nav><ul>" + nav + "</ul></nav>"
                + "<form class=\"logout\" method=\"post\" action=\"/console/logout\">"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"" + session.csrfToken() + "\">"
                + "<span>" + ConsoleContext.escape(session.identity().user()) + " ("
                + (role == null ? "no role" : role.jaasRole()) + ")</span> <button type=\"submit\">Sign out</button></form>"
                + "</header><main><h1>" + ConsoleContext.escape(title) + "</h1>" + content + "</main>"
                + "<script src=\"/console/static/console.js\"></script></body></html>";
    }

    private static String head(String title) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + ConsoleContext.escape(title)
                + " · Cairn</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"stylesheet\" href=\"/console/static/console.css\"></head>";
    }

    private static void staticFile(String name, HttpServletResponse resp) throws IOException {
        String type = name.endsWith(".css") ? "text/css;charset=utf-8" : name.endsWith(".js") ? "text/javascript;charset=utf-8" : null;
        InputStream in = type == null || !name.matches("[a-z0-9-]+\\.(css|js)") ? null
                : ConsoleServlet.class.getResourceAsStream("/console/" + name);
        if (in == null) {
            resp.setStatus(404);
            resp.setContentType("text/plain;charset=utf-8");
            resp.getOutputStream().write("not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (in) {
            byte[] body = in.readAllBytes();
            resp.setStatus(200);
            resp.setContentType(type);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
