package io.cairn.monitoring.internal.alert;

/** A request about alerts that cannot be served; {@link #kind} says which client error (or outage) it is. */
public final class AlertException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How REST (400/404/409/503), SQL (22023/02000/23505/55000) and the shell report it. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Kind kind;

    public AlertException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
