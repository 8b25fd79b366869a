package io.cairn.sql.instrument;

import java.time.Duration;
import java.util.Objects;

/**
 * An {@link AdmissionController}'s answer: admit, delay (wait, then admit), queue (wait until the
 * controller {@linkplain StatementHandle#grant() grants} it) or reject with a reason the client
 * sees in the error message.
 */
public final class Admission {

    public enum Decision { ADMIT, DELAY, QUEUE, REJECT }

    /** The wait event of a statement in a controller's queue (class Scheduler). */
    public static final String QUEUED_WAIT_EVENT = "resmgr: queued";
    /** The wait event of a running statement a controller {@linkplain StatementHandle#throttle throttles} (class Scheduler). */
    public static final String THROTTLED_WAIT_EVENT = "resmgr: throttled";

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

    /**
     * Queue (statements only): the statement waits, as wait event {@value #QUEUED_WAIT_EVENT}, until
     * the controller calls {@link StatementHandle#grant()} on its handle (from any thread, possibly
     * before this decision is returned), then runs. It gives up when {@code maxWait} passes (it
     * fails with 53000 naming {@code timeoutReason}), or when it is cancelled, killed or its query
     * timeout passes (57014); either way the controller hears
     * {@link AdmissionController#queueAbandoned} and no {@code statementEnded}. For a session this
     * decision admits at once.
     */
    public static Admission queue(Duration maxWait, String timeoutReason) {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("negative queue wait " + maxWait);
        }
        return new Admission(Decision.QUEUE, maxWait, Objects.requireNonNull(timeoutReason, "timeoutReason"));
    }

    /** Refuse: the session fails to open with 53300, the statement fails with 53000; the message names {@code reason}. */
    public static Admission reject(String reason) {
        return new Admission(Decision.REJECT, Duration.ZERO, Objects.requireNonNull(reason, "reason"));
    }

    public Decision decision() {
        return decision;
    }

    /** The delay of a DELAY, the longest wait of a QUEUE, else zero. */
    public Duration delay() {
        return delay;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return decision + (decision == Decision.DELAY || decision == Decision.QUEUE ? " " + delay : "") + (reason == null ? "" : ": " + reason);
    }
}
