package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.sql.Database;
import io.cairn.sql.internal.DatabaseComponent;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * {@code cairn:session-kill <id>}: cancels a session's running statement (it fails with 57014);
 * with {@code --close}, closes the session, rolling back its transaction.
 */
@Service
@Command(scope = "cairn", name = "session-kill",
        description = "Cancels the running statement of a session, or with --close closes the session (rolling back its transaction).")
public class SessionKillCommand extends DatabaseCommand {

    @Argument(index = 0, name = "sid", required = true, description = "Session id (SID in cairn:sessions)")
    long sessionId;

    @Option(name = "--close", description = "Close the session and roll back its transaction instead of cancelling its statement")
    boolean close;

    @Override
    protected Object execute(Database db) {
        System.out.println(kill(db, sessionId, close, "cairn:session-kill"));
        return null;
    }

    /** Does the kill and says what happened in one line; unknown ids are an error. */
    static String kill(Database db, long sessionId, boolean close, String by) {
        if (!(db instanceof DatabaseComponent dc)) {
            throw new IllegalStateException("database '" + db.name() + "' has no SQL engine");
        }
        SqlEngine engine = dc.sqlEngine();
        if (db.transactions().sessionRegistry().session(sessionId) == null) {
            throw new IllegalArgumentException("no session " + sessionId + " in database '" + db.name()
                    + "' (cairn:sessions lists them)");
        }
        SqlEngine.KillResult r = close ? engine.closeSession(sessionId, by) : engine.cancelStatement(sessionId, by);
        return switch (r) {
            case UNKNOWN_SESSION -> throw new IllegalArgumentException("session " + sessionId
                    + " is not a SQL session (an internal session of database '" + db.name() + "'): it cannot be killed");
            case NOT_RUNNING -> "session " + sessionId + " is not running a statement; nothing cancelled"
                    + " (use --close to close it)";
            case CANCELLED -> "cancelled the running statement of session " + sessionId;
            case CLOSED -> "closed session " + sessionId + "; its open transaction is rolled back";
        };
    }
}
