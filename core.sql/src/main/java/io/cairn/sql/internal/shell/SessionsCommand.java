package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.txn.SessionSnapshot;

/** {@code cairn:sessions}: every session of a database, what it runs and what it waits for. */
@Service
@Command(scope = "cairn", name = "sessions",
        description = "Lists the sessions of a database: state, current statement, wait event, blocking session.")
public class SessionsCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        ShellTable table = new ShellTable();
        table.column("SID").alignRight();
        table.column("User");
        table.column("State");
        table.column("Txn").alignRight();
        table.column("Wait event");
        table.column("Blocked by").alignRight();
        table.column("Application");
        table.column("SQL id");
        table.column("Statement").maxSize(60);
        for (SessionSnapshot s : db.transactions().sessionRegistry().sessions()) {
            table.addRow().addContent(s.sessionId(), s.user(), s.state(), s.txnId() == 0 ? "" : s.txnId(),
                    s.waitEvent() == null ? "" : s.waitEvent(),
                    s.blockingSessionId() == 0 ? "" : s.blockingSessionId(), application(s),
                    s.sqlId() == null ? "" : s.sqlId(),
                    s.statementText() == null ? "" : s.statementText());
        }
        table.emptyTableText("no sessions");
        table.print(System.out);
        return null;
    }

    /** ApplicationName and module as one column: "app / module". */
    static String application(SessionSnapshot s) {
        String app = s.applicationName() == null ? "" : s.applicationName();
        return s.module() == null ? app : app + " / " + s.module();
    }
}
