package io.cairn.pool.internal.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.cairn.pool.ConnectionPool;
import io.cairn.pool.PoolStats;

/** {@code cairn:pools}: the named connection pools that are running, with their figures. */
@Service
@Command(scope = "cairn", name = "pools",
        description = "Lists the named connection pools (etc/io.cairn.pool-<name>.cfg) that are running: "
                + "connections active, idle, total, threads waiting, and counts since start.")
public class PoolsCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() throws Exception {
        List<ConnectionPool> pools = new ArrayList<>();
        List<ServiceReference<ConnectionPool>> refs = new ArrayList<>(
                bundleContext.getServiceReferences(ConnectionPool.class, null));
        try {
            for (ServiceReference<ConnectionPool> ref : refs) {
                ConnectionPool pool = bundleContext.getService(ref);
                if (pool != null) {
                    pools.add(pool);
                }
            }
            pools.sort(Comparator.comparing(ConnectionPool::name));
            ShellTable table = new ShellTable();
            table.column("Pool");
            table.column("Database");
            for (String n : List.of("Active", "Idle", "Total", "Max", "Min idle", "Waiting", "Acquired", "Created",
                    "Destroyed")) {
                table.column(n).alignRight();
            }
            for (ConnectionPool pool : pools) {
                PoolStats s = pool.stats();
                table.addRow().addContent(pool.name(), pool.database(), s.active(), s.idle(), s.total(), s.maxSize(),
                        s.minIdle(), s.waiting(), s.acquired(), s.created(), s.destroyed());
            }
            table.emptyTableText("no connection pools are running (configure one in etc/io.cairn.pool-<name>.cfg)");
            table.print(System.out);
        } finally {
            for (ServiceReference<ConnectionPool> ref : refs) {
                bundleContext.ungetService(ref);
            }
        }
        return null;
    }
}
