package io.cairn.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.web.JsonObject;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * {@code /api/*}: authenticates, authorizes, checks CSRF and the body, dispatches to the mounted
 * route and writes its JSON; every error is {@code {"error":{"code","message"}}}.
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    static final String PREFIX = "/v1";
    static final String LIVENESS = "/health/liveness";

    private final transient AdminWeb web;

    ApiServlet(AdminWeb web) {
        this.web = web;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http.securityHeaders(req, resp, Http.API_CSP);
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            if (!path.startsWith(PREFIX + "/")) {
                throw RestException.notFound("no resource at /api" + path + "; the API is under /api/v1");
            }
            String sub = path.substring(PREFIX.length());
            if (sub.equals(LIVENESS) && (method.equals("GET") || method.equals("HEAD"))) {
                // The one unauthenticated route: a probe must not need a password.
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "alive");
                body.put("uptime_seconds", java.time.Duration.between(web.kernel.started, java.time.Instant.now()).toSeconds());
                Http.json(resp, 200, Json.write(body));
                return;
            }
            AdminWeb.Caller caller;
            try {
                caller = web.authenticate(req);
            } catch (AdminWeb.BadCredentials e) {
                challenge(resp, e.getMessage());
                return;
            } catch (AdminWeb.TooManyAttempts e) {
                resp.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds));
                throw new RestException(429, "too_many_attempts", e.getMessage());
            }
            if (caller == null) {
                challenge(resp, "authentication required: HTTP Basic with a Karaf user, or sign in at /console/login");
                return;
            }
            if (caller.identity().role() == null) {
                throw new RestException(403, "forbidden", "user '" + caller.identity().user()
                        + "' has neither the cairn-admin nor the cairn-viewer role");
            }
            RouteTable.Match match = web.routes.match(method, sub);
            if (match.route() == null) {
                if (match.allowed().isEmpty()) {
                    throw RestException.notFound("no resource at /api" + path);
                }
                resp.setHeader("Allow", String.join(", ", match.allowed()));
                throw new RestException(405, "method_not_allowed", method + " is not supported on /api" + path
                        + "; allowed: " + String.join(", ", match.allowed()));
            }
            RouteTable.Route route = match.route();
            if (!caller.identity().role().satisfies(route.role())) {
                throw new RestException(403, "forbidden", "user '" + caller.identity().user() + "' is a viewer; "
                        + method + " /api" + path + " needs the cairn-admin role");
            }
            JsonObject body = null;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                checkWrite(req, caller);
                body = readBody(req);
            }
            RestResponse response = route.resource().handle(new Request(req, method, sub, match.parameters(), body, caller));
            if (response.body() instanceof RestResponse.Text text) {
                Http.text(resp, response.status(), text.mediaType(), text.content());
            } else if (response.body() instanceof RestResponse.Binary bin) {
                resp.setHeader("Content-Disposition", "attachment; filename=\"" + bin.fileName() + "\"");
                Http.bytes(resp, response.status(), bin.mediaType(), bin.content());
            } else {
                Http.json(resp, response.status(), Json.write(response.body()));
            }
        } catch (RestException e) {
            Http.json(resp, e.status(), Json.error(e.code(), e.getMessage(), e.details()));
        } catch (RuntimeException e) {
            LOG.error("{} /api{} failed", method, path, e);
            Http.json(resp, 500, Json.error("internal_error",
                    "the server failed to answer this request; the container log has the details"));
        }
    }

    private static void challenge(HttpServletResponse resp, String message) throws IOException {
        resp.setHeader("WWW-Authenticate", "Basic realm=\"cairn\", charset=\"UTF-8\"");
        Http.json(resp, 401, Json.error("unauthenticated", message));
    }

    /**
     * Writes made with the console's cookie must carry its CSRF token; no write may come from
     * another origin; bodies must be JSON (which a cross-site form cannot send).
     */
    private static void checkWrite(HttpServletRequest req, AdminWeb.Caller caller) throws RestException {
        if (!Http.sameOrigin(req)) {
            throw new RestException(403, "cross_origin", "cross-origin writes are refused");
        }
        if (caller.via() == AdminWeb.Via.COOKIE) {
            if (!Http.sameToken(caller.session().csrfToken(), req.getHeader("X-CSRF-Token"))) {
                throw new RestException(403, "csrf", "missing or wrong X-CSRF-Token header for a signed-in write");
            }
        }
    }

    private JsonObject readBody(HttpServletRequest req) throws RestException, IOException {
        long declared = req.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
        if (declared <= 0 && !chunked) {
            return null;
        }
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new RestException(415, "unsupported_media_type", "the body must be application/json, not '"
                    + req.getContentType() + "'");
        }
        int limit = web.settings.maxBodyBytes();
        if (declared > limit) {
            throw new RestException(413, "body_too_large", "the body has " + declared + " bytes; the limit is " + limit);
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new RestException(413, "body_too_large", "the body exceeds the limit of " + limit + " bytes");
        }
        return Json.parseObject(new java.io.ByteArrayInputStream(bytes));
    }

    private static final class Request implements RestRequest {
        private final HttpServletRequest req;
        private final String method;
        private final String path;
        private final Map<String, String> params;
        private final JsonObject body;
        private final AdminWeb.Caller caller;

        Request(HttpServletRequest req, String method, String path, Map<String, String> params, JsonObject body,
                AdminWeb.Caller caller) {
            this.req = req;
            this.method = method;
            this.path = path;
            this.params = params;
            this.body = body;
            this.caller = caller;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String pathParameter(String name) {
            return params.get(name);
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.ofNullable(req.getParameter(name));
        }

        @Override
        public Map<String, String> queryParameters() {
            Map<String, String> q = new LinkedHashMap<>();
            req.getParameterMap().forEach((k, v) -> q.put(k, v.length == 0 ? "" : v[0]));
            return q;
        }

        @Override
        public JsonObject body() throws RestException {
            if (body == null) {
                throw RestException.badRequest("missing_body", method + " /api/v1" + path + " needs a JSON object body");
            }
            return body;
        }

        @Override
        public String user() {
            return caller.identity().user();
        }

        @Override
        public Role role() {
            return caller.identity().role();
        }
    }
}
