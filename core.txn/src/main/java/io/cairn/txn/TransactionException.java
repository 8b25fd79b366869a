package io.cairn.txn;

/**
 * A transaction could not do what was asked. {@link #sqlState()} says why in SQL terms; every
 * state raised by a transaction operation, except {@link #UNDEFINED_TABLE} and
 * {@link #QUERY_CANCELED}, means the transaction has been rolled back and its locks released.
 */
public class TransactionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Write-write conflict under SNAPSHOT (first committer wins). */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** Chosen as the victim of a deadlock. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** A lock wait exceeded the lock timeout. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /**
     * A lock wait ended because the session's {@link CancelSignal} fired or its deadline passed.
     * The transaction stays active: the request only left the lock queue, nothing was written.
     */
    public static final String QUERY_CANCELED = "57014";
    /** The versions needed for a snapshot are older than the retention horizon (Oracle's ORA-01555). */
    public static final String SNAPSHOT_TOO_OLD = "72000";
    /** SERIALIZABLE and other unimplemented requests. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** The transaction already ended, or failed earlier and must be rolled back. */
    public static final String IN_FAILED_TRANSACTION = "25P02";
    /** A write in a read-only (AS OF) transaction. */
    public static final String READ_ONLY_TRANSACTION = "25006";
    /** A session asked for a second transaction while one is open. */
    public static final String ACTIVE_TRANSACTION = "25001";
    /** An AS OF SCN in the future. */
    public static final String INVALID_PARAMETER_VALUE = "22023";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String DUPLICATE_TABLE = "42P07";
    /** The commit record was written but the log could not be made durable: outcome unknown. */
    public static final String TRANSACTION_RESOLUTION_UNKNOWN = "08007";

    private final String sqlState;

    public TransactionException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public TransactionException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " [SQLSTATE " + sqlState + "]";
    }
}
