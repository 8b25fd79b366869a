package io.cairn.web;

/**
 * A request admin.web answers with {@code {"error":{"code":code,"message":message}}} and the
 * given HTTP status.
 */
public class RestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final java.util.Map<String, Object> details;

    /**
     * @param status an HTTP status, 400-599
     * @param code   a stable, machine-readable token such as {@code unknown_field} or {@code not_found}
     */
    public RestException(int status, String code, String message) {
        this(status, code, message, java.util.Map.of());
    }

    /** @param details extra members of the error object, e.g. {@code sqlstate} */
    public RestException(int status, String code, String message, java.util.Map<String, Object> details) {
        super(message, null, false, false);
        this.details = java.util.Map.copyOf(details);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra members of the error object beside {@code code} and {@code message}. */
    public java.util.Map<String, Object> details() {
        return details;
    }

    public static RestException badRequest(String code, String message) {
        return new RestException(400, code, message);
    }

    public static RestException notFound(String message) {
        return new RestException(404, "not_found", message);
    }
}
