package io.cairn.txn;

/** Groups of wait events, as Oracle's ASH and AWR report them. */
public enum WaitClass {
    USER_IO("User I/O"),
    SYSTEM_IO("System I/O"),
    COMMIT("Commit"),
    CONCURRENCY("Concurrency"),
    APPLICATION("Application"),
    IDLE("Idle"),
    /** Waiting for a resource manager (an admission controller) to let the work run. */
    SCHEDULER("Scheduler"),
    OTHER("Other");

    private final String displayName;

    WaitClass(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The class named {@code name} (e.g. "User I/O"), or OTHER. */
    public static WaitClass ofDisplayName(String name) {
        for (WaitClass c : values()) {
            if (c.displayName.equals(name)) {
                return c;
            }
        }
        return OTHER;
    }
}
