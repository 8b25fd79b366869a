package io.cairn.sql.admin;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.sql.SqlException;

/** Runs SQL typed by a person (a worksheet): one session per call, statements separated by {@code ;}. */
@ProviderType
public interface SqlConsole {

    /**
     * Runs every statement of {@code sql} in one new session, in order, and closes the session
     * (an open transaction is rolled back).
     *
     * @param user     shown in v$session as the session's user
     * @param maxRows  at most this many rows of each result are returned; the rest are counted
     *                 but dropped (the statement itself still runs to its end)
     * @param timeout  each statement is cancelled with SQLSTATE 57014 after this long
     * @return one outcome per statement that ran
     * @throws SqlException the first failing statement's error; statements before it have run
     */
    List<StatementOutcome> execute(String user, String sql, int maxRows, Duration timeout) throws SqlException;
}
