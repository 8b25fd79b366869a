package io.cairn.sql.instrument;

import java.time.Duration;
import java.util.Objects;

/**
 * An {@link AdmissionController}'s answer: admit, delay (wait, then admit) or reject with a
 * reason the client sees in the error message.
 */
public final class Admission {

    public enum Decision { ADMIT, DELAY, REJECT }

    private static final Admission ADMIT = new Admission(Decision.ADMIT, Duration.ZERO, null);

    private final Decision decision;
    private final Duration delay;
    private final String reason;

    private Admission(Decision decision, Duration delay, String reason) {
        this.decision = decision;
        this.delay = delay;
        this.reason = reason;
    }

    public static Admission admit() {
        return ADMIT;
    }

    /** Wait {@code delay} (the session shows wait event "resmgr: admission delay"), then run; {@code reason} is logged with the wait. */
    public static Admission delay(Duration delay, String reason) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return new Admission(Decision.DELAY, delay, reason);
    }

    /** Refuse: the session fails to open with 53300, the statement fails with 53000; the message names {@code reason}. */
    public static Admission reject(String reason) {
        return new Admission(Decision.REJECT, Duration.ZERO, Objects.requireNonNull(reason, "reason"));
    }

    public Decision decision() {
        return decision;
    }

    public Duration delay() {
        return delay;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return decision + (decision == Decision.DELAY ? " " + delay : "") + (reason == null ? "" : ": " + reason);
    }
}
