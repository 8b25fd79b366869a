package io.cairn.sql.internal.shell;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.cairn.sql.Database;

/** {@code cairn:status}: the Cairn bundles with state and version, and every open database. */
@Service
@Command(scope = "cairn", name = "status",
        description = "Lists the Cairn bundles with their state and version, and each database's data directory.")
public class StatusCommand implements Action {

    private static final Map<Integer, String> STATES = Map.of(
            Bundle.UNINSTALLED, "Uninstalled", Bundle.INSTALLED, "Installed",
            Bundle.RESOLVED, "Resolved", Bundle.STARTING, "Starting",
            Bundle.STOPPING, "Stopping", Bundle.ACTIVE, "Active");

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() throws InvalidSyntaxException {
        ShellTable bundles = new ShellTable();
        bundles.column("ID").alignRight();
        bundles.column("State");
        bundles.column("Version");
        bundles.column("Bundle");
        Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.cairn."))
                .sorted(Comparator.comparingLong(Bundle::getBundleId))
                .forEach(b -> bundles.addRow().addContent(b.getBundleId(), stateName(b.getState()),
                        b.getVersion(), b.getSymbolicName()));
        bundles.print(System.out);

        System.out.println();
        ShellTable databases = new ShellTable();
        databases.column("Database");
        databases.column("Data directory");
        ServiceReference<?>[] refs = bundleContext.getServiceReferences(Database.class.getName(), null);
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                Database db = (Database) bundleContext.getService(ref);
                if (db == null) {
                    continue;
                }
                try {
                    databases.addRow().addContent(db.name(), db.directory());
                } finally {
                    bundleContext.ungetService(ref);
                }
            }
        }
        if (refs == null || refs.length == 0) {
            System.out.println("No database is open: add etc/io.cairn.database-<name>.cfg to open one.");
        } else {
            databases.print(System.out);
        }
        return null;
    }

    static String stateName(int state) {
        return STATES.getOrDefault(state, "Unknown(" + state + ")");
    }
}
