package io.cairn.sql.internal.shell;

import java.util.HexFormat;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.txn.LockSnapshot;

/** {@code cairn:locks}: held locks, waiters and who blocks whom. */
@Service
@Command(scope = "cairn", name = "locks",
        description = "Shows held row and table locks, lock waits with their blockers, and lock counters.")
public class LocksCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        LockSnapshot locks = db.transactions().locks();
        ShellTable table = new ShellTable();
        table.column("Table");
        table.column("Key");
        table.column("Mode");
        table.column("Txn").alignRight();
        table.column("SID").alignRight();
        table.column("Waiting for SIDs");
        for (LockSnapshot.Held h : locks.held()) {
            table.addRow().addContent(h.table(), key(h.key()), h.mode(), h.txnId(), h.sessionId(), "");
        }
        for (LockSnapshot.Waiter w : locks.waiters()) {
            table.addRow().addContent(w.table(), key(w.key()), w.mode() + " (waiting)", w.txnId(), w.sessionId(),
                    w.blockingSessionIds().toString());
        }
        table.emptyTableText("no locks held");
        table.print(System.out);
        System.out.printf("locks held %d, lock waits %d, deadlocks %d, lock timeouts %d%n",
                locks.locksHeld(), locks.lockWaits(), locks.deadlocks(), locks.timeouts());
        return null;
    }

    private static String key(byte[] key) {
        return key == null ? "(table)" : HexFormat.of().formatHex(key);
    }
}
