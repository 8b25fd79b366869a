package io.cairn.web;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** An authenticated request as a {@link RestResource} sees it. */
@ProviderType
public interface RestRequest {

    String method();

    /** The path below {@code /api/v1}. */
    String path();

    /** The value of a {@code {name}} placeholder of the route's path. */
    String pathParameter(String name);

    /** A query-string parameter. */
    Optional<String> query(String name);

    /**
     * The body, which admin.web has parsed as a JSON object.
     *
     * @throws RestException 400 {@code missing_body} when the request has none
     */
    JsonObject body() throws RestException;

    /** The authenticated user name. */
    String user();

    /** The caller's strongest role. */
    Role role();

    /** Every query parameter (first value of each). */
    Map<String, String> queryParameters();
}
