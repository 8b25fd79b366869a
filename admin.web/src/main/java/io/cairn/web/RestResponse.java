package io.cairn.web;

/**
 * What a {@link RestResource} answers: a status and a JSON-writable body (maps, lists, strings,
 * numbers, booleans, null, records), or a {@link Text} body written as is (since 0.3.0).
 */
public record RestResponse(int status, Object body) {

    /**
     * A body that is not JSON, for formats other tools read (e.g. Prometheus' text exposition):
     * written verbatim, UTF-8, with {@code mediaType} as its Content-Type.
     */
    public record Text(String mediaType, String content) {
    }

    /** 200 with a non-JSON body. */
    public static RestResponse text(String mediaType, String content) {
        return new RestResponse(200, new Text(mediaType, content));
    }

    public static RestResponse ok(Object body) {
        return new RestResponse(200, body);
    }

    /** 202: the work was queued (the body says where to follow it). */
    public static RestResponse accepted(Object body) {
        return new RestResponse(202, body);
    }
}
