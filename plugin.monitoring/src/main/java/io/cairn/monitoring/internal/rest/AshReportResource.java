package io.cairn.monitoring.internal.rest;

import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.ash.AshReport;
import io.cairn.monitoring.internal.ash.AshReportFormat;
import io.cairn.monitoring.internal.ash.ReportRange;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * {@code GET /api/v1/monitoring/ash/report?database=&from=&to=&format=text|html&top=}: the ASH
 * report of one database over a time range, as plain text or an HTML document.
 */
@Component(service = RestResource.class)
public final class AshReportResource implements RestResource {

    private final AshComponent ash;

    @Activate
    public AshReportResource(@Reference AshComponent ash) {
        this.ash = ash;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/monitoring/ash/report";
    }

    @Override
    public Role requiredRole() {
        return Role.VIEWER;
    }

    @Override
    public String summary() {
        return "ASH report of one database over a time range (from, to: ISO-8601 or -15m), as text or HTML";
    }

    @Override
    public RestResponse handle(RestRequest request) throws RestException {
        String database = request.query("database").orElse("default");
        String format = request.query("format").orElse("text");
        if (!format.equals("text") && !format.equals("html")) {
            throw RestException.badRequest("invalid_value", "format must be text or html, was '" + format + "'");
        }
        int top = AshResource.intParameter(request, "top", 10, 1, 1000);
        ReportRange range;
        try {
            range = ReportRange.parse(request.query("from").orElse(null), request.query("to").orElse(null), Instant.now());
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("invalid_value", e.getMessage());
        }
        if (!ash.sampling(database)) {
            throw RestException.notFound("no open database '" + database + "'");
        }
        AshReport report = ash.report(database, range, top);
        return format.equals("html") ? RestResponse.text("text/html; charset=utf-8", AshReportFormat.html(report))
                : RestResponse.text("text/plain; charset=utf-8", AshReportFormat.text(report));
    }
}
