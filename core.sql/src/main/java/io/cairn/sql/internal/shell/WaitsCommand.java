package io.cairn.sql.internal.shell;

import java.util.Comparator;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.txn.WaitEventStats;

/** {@code cairn:waits}: cumulative wait events since the database opened, longest total first. */
@Service
@Command(scope = "cairn", name = "waits",
        description = "Lists cumulative wait events (count, total and average time, wait class) since open.")
public class WaitsCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        ShellTable table = new ShellTable();
        table.column("Wait event");
        table.column("Class");
        table.column("Waits").alignRight();
        table.column("Total ms").alignRight();
        table.column("Avg us").alignRight();
        db.transactions().waitEvents().snapshot().stream()
                .sorted(Comparator.comparingLong(WaitEventStats::totalNanos).reversed())
                .forEach(w -> table.addRow().addContent(w.event(), w.waitClass().displayName(), w.waits(),
                        w.totalNanos() / 1_000_000, w.waits() == 0 ? 0 : w.totalNanos() / w.waits() / 1_000));
        table.emptyTableText("no waits recorded");
        table.print(System.out);
        return null;
    }
}
