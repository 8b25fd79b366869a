package io.cairn.storage;

/** The storage's wait events, named and classed as ASH and AWR report them. */
public enum StorageWaitEvent {
    DATA_FILE_READ("data file read", "User I/O"),
    DATA_FILE_WRITE("data file write", "System I/O"),
    LOG_FILE_SYNC("log file sync", "Commit"),
    LOG_FILE_WRITE("log file write", "System I/O");

    private final String eventName;
    private final String waitClass;

    StorageWaitEvent(String eventName, String waitClass) {
        this.eventName = eventName;
        this.waitClass = waitClass;
    }

    public String eventName() {
        return eventName;
    }

    public String waitClass() {
        return waitClass;
    }
}
