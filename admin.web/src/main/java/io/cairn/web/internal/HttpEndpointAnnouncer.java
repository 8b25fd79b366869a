package io.cairn.web.internal;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs where the REST API listens, once the HTTP whiteboard runtime is up. */
@Component(immediate = true, service = {})
public final class HttpEndpointAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointAnnouncer.class);

    @Activate
    public HttpEndpointAnnouncer(@Reference(service = HttpServiceRuntime.class) Map<String, Object> runtime) {
        Object endpoints = runtime.get("osgi.http.endpoint");
        String where = endpoints instanceof String[] array ? String.join(", ", Arrays.asList(array))
                : String.valueOf(endpoints);
        LOG.info("Cairn REST API and console: {} (api/v1, console/); port, address and TLS are set in etc/io.cairn.web.cfg", where);
    }
}
