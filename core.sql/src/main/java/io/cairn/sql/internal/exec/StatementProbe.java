package io.cairn.sql.internal.exec;

import io.cairn.sql.SqlException;

/**
 * What the executor tells an admission controller about a running statement, at the points where
 * it already checks the cancel flag: progress (and a chance to pause the statement there), and
 * the rows its sorts and hash tables hold. Set on the {@link ExecContext} only while some
 * controller is registered, so the plain path pays one null check per check point.
 */
public interface StatementProbe {

    /** Every 256 rows (the cancel check stride), on the statement's thread; may wait (a throttle). */
    void checkpoint() throws SqlException;

    /**
     * A sort, hash table or buffered result of the statement now holds {@code rows} rows, the
     * newest being {@code row} (null when the caller has none at hand).
     */
    void held(long rows, Object[] row);
}
