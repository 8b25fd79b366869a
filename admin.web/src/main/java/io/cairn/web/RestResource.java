package io.cairn.web;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One REST route, registered as an OSGi service and mounted under {@code /api/v1} by admin.web.
 * See the package documentation for the contract.
 */
@ConsumerType
public interface RestResource {

    /** {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}. */
    String method();

    /** The path below {@code /api/v1}, e.g. {@code /pools/{id}/stats}. */
    String path();

    /** The least role a caller needs; anything but GET must require {@link Role#ADMIN}. */
    Role requiredRole();

    /** One sentence for the OpenAPI description. */
    String summary();

    /**
     * Answers one request.
     *
     * @throws RestException for a client error (4xx) or a known server state (503...)
     */
    RestResponse handle(RestRequest request) throws RestException;
}
