package io.cairn.sql.internal.shell;

import java.util.HexFormat;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.sql.internal.catalog.Catalog;
import io.cairn.txn.IsolationLevel;
import io.cairn.txn.LockSnapshot;
import io.cairn.txn.Session;
import io.cairn.txn.Transaction;
import io.cairn.txn.TransactionManager;

/** {@code cairn:locks}: held locks, waiters and who blocks whom. */
@Service
@Command(scope = "cairn", name = "locks",
        description = "Shows held row and table locks, lock waits with their blockers, and lock counters.")
public class LocksCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        print(db.transactions().locks(), objectNames(db.transactions()), System.out);
        return null;
    }

    /** The table and the counters line, tables and indexes by their SQL names. */
    static void print(LockSnapshot locks, Map<String, String> names, java.io.PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Table");
        table.column("Key");
        table.column("Mode");
        table.column("Txn").alignRight();
        table.column("SID").alignRight();
        table.column("Waiting for SIDs");
        for (LockSnapshot.Held h : locks.held()) {
            table.addRow().addContent(names.getOrDefault(h.table(), h.table()), key(h.key()), h.mode(), h.txnId(), h.sessionId(), "");
        }
        for (LockSnapshot.Waiter w : locks.waiters()) {
            table.addRow().addContent(names.getOrDefault(w.table(), w.table()), key(w.key()), w.mode() + " (waiting)", w.txnId(), w.sessionId(),
                    w.blockingSessionIds().toString());
        }
        table.emptyTableText("no locks held");
        table.print(out);
        out.printf("locks held %d, lock waits %d, deadlocks %d, lock timeouts %d%n",
                locks.locksHeld(), locks.lockWaits(), locks.deadlocks(), locks.timeouts());
    }

    /**
     * Tables and indexes by storage tree, read in a transaction-layer session of its own: no SQL
     * session, so an admission controller refusing sessions cannot hide the locks.
     */
    static Map<String, String> objectNames(TransactionManager manager) {
        try (Session s = manager.openSession("karaf", "cairn:locks")) {
            Transaction t = s.begin(IsolationLevel.READ_COMMITTED);
            try {
                return new Catalog(t).objectNamesByTree();
            } finally {
                t.rollback();
            }
        }
    }

    private static String key(byte[] key) {
        return key == null ? "(table)" : HexFormat.of().formatHex(key);
    }
}
