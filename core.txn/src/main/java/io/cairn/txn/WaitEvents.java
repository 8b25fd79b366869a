package io.cairn.txn;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Cumulative wait-event counters, one entry per event that has been waited on (v$system_event). */
@ProviderType
public interface WaitEvents {

    /** Lock-row contention on a row write lock. */
    String ROW_LOCK = "enq: TX - row lock contention";
    /** Waiting for a table lock (DDL against DML). */
    String TABLE_LOCK = "enq: TM - contention";

    /** A committer waiting for another to finish assigning its SCN and logging its commit record. */
    String COMMIT_LOCK = "latch: commit";

    /** A session or statement held back by an admission controller before it may run (class SCHEDULER). */
    String ADMISSION_DELAY = "resmgr: admission delay";

    List<WaitEventStats> snapshot();

    /** The figures of one event, or null if it never occurred. */
    WaitEventStats event(String name);
}
