package io.cairn.monitoring.internal.rest;

import java.util.Map;
import java.util.Optional;

import io.cairn.web.ConsoleContext;
import io.cairn.web.JsonObject;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.Role;

/** A GET request with query parameters, as admin.web hands it to a resource or page after signing the caller in. */
record Get(String path, Map<String, String> queryParameters) implements RestRequest, ConsoleContext {

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String pathParameter(String name) {
        return null;
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name));
    }

    @Override
    public JsonObject body() throws RestException {
        throw RestException.badRequest("missing_body", "a GET has no body");
    }

    @Override
    public String user() {
        return "viewer";
    }

    @Override
    public Role role() {
        return Role.VIEWER;
    }

    @Override
    public String csrfToken() {
        return "token";
    }
}
