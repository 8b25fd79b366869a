package io.cairn.sql.internal.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;

/** {@code cairn:health}: runs every registered {@link HealthContributor} and prints the worst status. */
@Service
@Command(scope = "cairn", name = "health",
        description = "Runs every registered health check (kernel and plugins) and prints the overall status.")
public class HealthCommand implements Action {

    @Option(name = "-v", aliases = "--verbose", description = "Also print each check's figures")
    boolean verbose;

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() throws Exception {
        List<Map.Entry<String, HealthCheck>> results = new ArrayList<>();
        for (ServiceReference<HealthContributor> ref : bundleContext.getServiceReferences(HealthContributor.class, null)) {
            HealthContributor c = bundleContext.getService(ref);
            if (c == null) {
                continue;
            }
            try {
                HealthCheck check;
                try {
                    check = c.check();
                } catch (RuntimeException e) {
                    check = HealthCheck.of(HealthStatus.UNHEALTHY, "check failed: " + e, Map.of());
                }
                results.add(Map.entry(c.name(), check));
            } finally {
                bundleContext.ungetService(ref);
            }
        }
        results.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        HealthStatus overall = HealthStatus.HEALTHY;
        ShellTable table = new ShellTable();
        table.column("Check");
        table.column("Status");
        table.column("Message");
        for (Map.Entry<String, HealthCheck> e : results) {
            overall = overall.worst(e.getValue().status());
            table.addRow().addContent(e.getKey(), e.getValue().status().label(), e.getValue().message());
        }
        System.out.println("Status: " + (results.isEmpty() ? "unhealthy (no health checks registered)" : overall.label()));
        table.print(System.out);
        if (verbose) {
            for (Map.Entry<String, HealthCheck> e : results) {
                System.out.println(e.getKey() + ": " + e.getValue().details());
            }
        }
        return null;
    }
}
