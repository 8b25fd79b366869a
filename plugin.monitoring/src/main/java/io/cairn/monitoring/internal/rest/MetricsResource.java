package io.cairn.monitoring.internal.rest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.cairn.monitoring.internal.MetricsComponent;
import io.cairn.monitoring.internal.metrics.PrometheusExposition;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * {@code GET /api/v1/metrics}: the registry in the Prometheus text format 0.0.4, mounted by
 * admin.web, so a scrape signs in like any API client (HTTP Basic; viewer role is enough).
 */
@Component(service = RestResource.class)
public final class MetricsResource implements RestResource {

    private final PrometheusExposition exposition;

    @Activate
    public MetricsResource(@Reference MetricsComponent metrics) {
        this.exposition = metrics.exposition();
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/metrics";
    }

    @Override
    public Role requiredRole() {
        return Role.VIEWER;
    }

    @Override
    public String summary() {
        return "Every Cairn metric in the Prometheus text exposition format 0.0.4";
    }

    @Override
    public RestResponse handle(RestRequest request) {
        StringWriter out = new StringWriter(16 * 1024);
        try {
            exposition.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return RestResponse.text(PrometheusExposition.CONTENT_TYPE, out.toString());
    }
}
