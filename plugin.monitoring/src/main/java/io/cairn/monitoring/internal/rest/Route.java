package io.cairn.monitoring.internal.rest;

import io.cairn.monitoring.internal.alert.AlertException;
import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/**
 * What every route of the plugin shares: its method, path, role and summary. Each route is a DS
 * component of its own (so it comes and goes with what it needs) and only answers.
 */
abstract class Route implements RestResource {

    private final String method;
    private final String path;
    private final Role role;
    private final String summary;

    Route(String method, String path, Role role, String summary) {
        this.method = method;
        this.path = path;
        this.role = role;
        this.summary = summary;
    }

    @Override
    public final String method() {
        return method;
    }

    @Override
    public final String path() {
        return path;
    }

    @Override
    public final Role requiredRole() {
        return role;
    }

    @Override
    public final String summary() {
        return summary;
    }

    /** The whole-number path parameter {@code name}, or 400 invalid_id. */
    static long id(RestRequest request, String name) throws RestException {
        String raw = request.pathParameter(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw RestException.badRequest("invalid_id", name + " must be a whole number, was '" + raw + "'");
        }
    }

    /** A route over the alert or incident component: their {@link AlertException}s mapped to HTTP. */
    abstract static class Answering extends Route {

        Answering(String method, String path, Role role, String summary) {
            super(method, path, role, summary);
        }

        @Override
        public final RestResponse handle(RestRequest request) throws RestException {
            try {
                return answer(request);
            } catch (AlertException e) {
                throw AlertRoutes.http(e);
            }
        }

        abstract RestResponse answer(RestRequest request) throws RestException, AlertException;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
