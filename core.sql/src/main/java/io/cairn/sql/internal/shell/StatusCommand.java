package io.cairn.sql.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

import io.cairn.sql.ContainerStatus;

/** {@code cairn:status}: the Cairn bundles with state and version, and every open database. */
@Service
@Command(scope = "cairn", name = "status",
        description = "Lists the Cairn bundles with their state and version, and each database's data directory.")
public class StatusCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ContainerStatus status = ContainerStatus.capture(bundleContext);

        ShellTable bundles = new ShellTable();
        bundles.column("ID").alignRight();
        bundles.column("State");
        bundles.column("Version");
        bundles.column("Bundle");
        status.bundles().forEach(b -> bundles.addRow().addContent(b.id(), b.state(), b.version(), b.symbolicName()));
        bundles.print(System.out);
        System.out.println();

        if (status.databases().isEmpty()) {
            System.out.println("No database is open: add etc/io.cairn.database-<name>.cfg to open one.");
            return null;
        }
        ShellTable databases = new ShellTable();
        databases.column("Database");
        databases.column("Data directory");
        status.databases().forEach(d -> databases.addRow().addContent(d.name(), d.directory()));
        databases.print(System.out);
        return null;
    }
}
