package io.cairn.web.internal;

import io.cairn.web.RestException;
import io.cairn.web.RestRequest;
import io.cairn.web.RestResource;
import io.cairn.web.RestResponse;
import io.cairn.web.Role;

/** Builds the kernel's own routes as {@link RestResource}s, the same contract plugins use. */
final class Routes {

    interface Handler {
        RestResponse handle(RestRequest request) throws RestException;
    }

    private Routes() {
    }

    static RestResource of(String method, String path, Role role, String summary, Handler handler) {
        return new RestResource() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public Role requiredRole() {
                return role;
            }

            @Override
            public String summary() {
                return summary;
            }

            @Override
            public RestResponse handle(RestRequest request) throws RestException {
                return handler.handle(request);
            }

            @Override
            public String toString() {
                return method + " " + path;
            }
        };
    }
}
