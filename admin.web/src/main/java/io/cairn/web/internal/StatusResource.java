package io.cairn.web.internal;

import java.io.IOException;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.cairn.sql.ContainerStatus;

/** {@code GET /api/v1/status}: the same report as {@code cairn:status}, as JSON. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/status")
public final class StatusResource extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BundleContext bundleContext;

    @Activate
    public StatusResource(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ContainerStatus status = ContainerStatus.capture(bundleContext);
        String bundles = status.bundles().stream()
                .map(b -> "{\"id\":" + b.id() + ",\"symbolicName\":" + Json.string(b.symbolicName())
                        + ",\"version\":" + Json.string(b.version()) + ",\"state\":" + Json.string(b.state()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        String databases = status.databases().stream()
                .map(d -> "{\"name\":" + Json.string(d.name())
                        + ",\"directory\":" + Json.string(d.directory().toString()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        write(resp, HttpServletResponse.SC_OK, "{\"bundles\":" + bundles + ",\"databases\":" + databases + "}");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET, HEAD");
            write(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    Json.error(405, req.getMethod() + " is not supported on /api/v1/status; use GET"));
            return;
        }
        try {
            super.service(req, resp);
        } catch (javax.servlet.ServletException e) {
            throw new IOException(e);
        }
    }

    static void write(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(json);
    }
}
