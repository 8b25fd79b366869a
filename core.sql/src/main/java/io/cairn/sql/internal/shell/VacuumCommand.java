package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.sql.Database;
import io.cairn.txn.VacuumResult;
import io.cairn.txn.VersionStats;

/** {@code cairn:vacuum}: removes row versions no snapshot or retention needs any more. */
@Service
@Command(scope = "cairn", name = "vacuum",
        description = "Removes old row versions below the retention horizon (oldest snapshot, flashback retention).")
public class VacuumCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        VersionStats before = db.transactions().versionStats();
        long started = System.nanoTime();
        VacuumResult r = db.transactions().vacuum();
        long millis = (System.nanoTime() - started) / 1_000_000;
        VersionStats after = db.transactions().versionStats();
        System.out.printf("%s: vacuum up to SCN %d took %d ms: %d old versions and %d deleted rows removed, "
                + "%d rows skipped (locked); dead versions %d -> %d%n", db.name(), r.horizon(), millis,
                r.versionsRemoved(), r.deletedRowsRemoved(), r.skipped(), before.deadVersions(), after.deadVersions());
        return null;
    }
}
