package io.cairn.monitoring.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.cairn.monitoring.internal.metrics.PrometheusExposition;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format 0.0.4, registered on the HTTP
 * whiteboard like admin.web's resources. Once admin.web offers its REST contribution contract
 * (with authentication), the {@link PrometheusExposition} can be mounted through it instead.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("cairn-metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusExposition exposition;

    @Activate
    public MetricsServlet(@Reference MetricsComponent metrics) {
        this.exposition = metrics.exposition();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write("{\"error\":{\"status\":405,\"message\":\"" + req.getMethod()
                    .replaceAll("[^A-Za-z]", "") + " is not supported on /metrics; use GET\"}}");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(PrometheusExposition.CONTENT_TYPE);
        if ("GET".equals(req.getMethod())) {
            exposition.write(resp.getWriter());
        }
    }
}
