package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.cairn.sql.Database;
import io.cairn.storage.VerifyReport;

/** {@code cairn:verify}: the integrity check of every page, tree and the free list. */
@Service
@Command(scope = "cairn", name = "verify",
        description = "Checks every page checksum, every B+tree's structure and the free list; lists problems by page.")
public class VerifyCommand extends DatabaseCommand {

    @Override
    protected Object execute(Database db) {
        long started = System.nanoTime();
        VerifyReport report = db.storage().verify();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (report.clean()) {
            System.out.printf("%s: %d pages checked in %d ms, no problems found%n", db.name(), report.pagesChecked(), millis);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Page").alignRight();
        table.column("Problem");
        report.issues().forEach(i -> table.addRow().addContent(i.pageNo(), i.problem()));
        table.print(System.out);
        System.out.printf("%s: %d pages checked in %d ms, %d problem(s) found%n", db.name(),
                report.pagesChecked(), millis, report.issues().size());
        return null;
    }
}
