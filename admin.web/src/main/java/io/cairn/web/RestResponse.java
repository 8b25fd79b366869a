package io.cairn.web;

/**
 * What a {@link RestResource} answers: a status and a JSON-writable body (maps, lists, strings,
 * numbers, booleans, null, records), a {@link Text} body written as is (since 0.3.0), or a
 * {@link Binary} download (since 0.4.0).
 */
public record RestResponse(int status, Object body) {

    /**
     * A body that is not JSON, for formats other tools read (e.g. Prometheus' text exposition):
     * written verbatim, UTF-8, with {@code mediaType} as its Content-Type.
     */
    public record Text(String mediaType, String content) {
    }

    /**
     * A binary body offered as a download (e.g. a diagnostic zip): written as is with
     * {@code mediaType} as its Content-Type and {@code Content-Disposition: attachment; filename=...}.
     * {@code fileName} must be a plain file name ({@code [A-Za-z0-9._-]+}).
     */
    public record Binary(String mediaType, byte[] content, String fileName) {
        public Binary {
            if (fileName == null || !fileName.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("not a plain file name: " + fileName);
            }
        }
    }

    /** 200 with a binary download. */
    public static RestResponse binary(String mediaType, byte[] content, String fileName) {
        return new RestResponse(200, new Binary(mediaType, content, fileName));
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
