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

    private static final Admission ADMIT = new Admission(Decision.ADMIT, Duration.ZERO, null, null);

    private final Decision decision;
    private final Duration delay;
    private final String reason;
    private final String sqlState;

    private Admission(Decision decision, Duration delay, String reason, String sqlState) {
        this.decision = decision;
        this.delay = delay;
        this.reason = reason;
        this.sqlState = sqlState;
    }

    public static Admission admit() {
        return ADMIT;
    }

    /** Wait {@code delay} (the session shows wait event "resmgr: admission delay"), then run; {@code reason} is logged with the wait. */
    public static Admission delay(Duration delay, String reason) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return new Admission(Decision.DELAY, delay, reason, null);
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
        return new Admission(Decision.QUEUE, maxWait, Objects.requireNonNull(timeoutReason, "timeoutReason"), null);
    }

    /** Refuse: the session fails to open with 53300, the statement fails with 53000; the message names {@code reason}. */
    public static Admission reject(String reason) {
        return new Admission(Decision.REJECT, Duration.ZERO, Objects.requireNonNull(reason, "reason"), null);
    }

    /**
     * Refuse a statement with an SQLSTATE of class 53 (insufficient resources) that says why better
     * than 53000, e.g. {@code 53400} (configuration_limit_exceeded) for a quota; a session refused
     * this way still fails with 53300 (since 0.3.0).
     *
     * @throws IllegalArgumentException if {@code sqlState} is not five digits or capital letters of class 53
     */
    public static Admission reject(String reason, String sqlState) {
        Objects.requireNonNull(sqlState, "sqlState");
        if (!sqlState.matches("53[0-9A-Z]{3}")) {
            throw new IllegalArgumentException("an admission rejection's SQLSTATE must be of class 53, was '" + sqlState + "'");
        }
        return new Admission(Decision.REJECT, Duration.ZERO, Objects.requireNonNull(reason, "reason"), sqlState);
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

    /** The SQLSTATE a rejected statement fails with, or null for the default 53000 (since 0.3.0). */
    public String sqlState() {
        return sqlState;
    }

    @Override
    public String toString() {
        return decision + (decision == Decision.DELAY || decision == Decision.QUEUE ? " " + delay : "") + (reason == null ? "" : ": " + reason);
    }
}
