package io.cairn.web;

/**
 * What a {@link RestResource} answers: a status and a JSON-writable body (maps, lists, strings,
 * numbers, booleans, null, records).
 */
public record RestResponse(int status, Object body) {

    public static RestResponse ok(Object body) {
        return new RestResponse(200, body);
    }

    /** 202: the work was queued (the body says where to follow it). */
    public static RestResponse accepted(Object body) {
        return new RestResponse(202, body);
    }
}
