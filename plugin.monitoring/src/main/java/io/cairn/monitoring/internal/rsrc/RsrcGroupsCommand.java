package io.cairn.monitoring.internal.rsrc;

import java.io.PrintStream;
import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code cairn:rsrc-groups}: the active resource groups, their limits and counters (as v$rsrc_group). */
@Service
@Command(scope = "cairn", name = "rsrc-groups",
        description = "Lists the active resource groups: users, limits, running and queued statements, and counters.")
public class RsrcGroupsCommand implements Action {

    @Reference
    ResourceManagerComponent resourceManager;

    @Override
    public Object execute() {
        print(System.out, resourceManager.manager().stats());
        return null;
    }

    static void print(PrintStream out, List<ResourceManager.GroupStats> stats) {
        if (stats.isEmpty()) {
            out.println("no resource groups are active (configure etc/io.cairn.rsrc.group-<name>.cfg)");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("Users").maxSize(30);
        table.column("Limits").maxSize(70);
        for (String h : List.of("Sessions", "Active", "Queued", "Admitted", "Rejected", "Terminated", "Throttled", "Over limit", "CPU ms")) {
            table.column(h).alignRight();
        }
        for (ResourceManager.GroupStats s : stats) {
            ResourceGroup g = s.group();
            String users = String.join(",", new TreeSet<>(g.users())) + (g.isDefault() ? " (default)" : "")
                    + (g.databases().isEmpty() ? "" : " in " + String.join(",", new TreeSet<>(g.databases())));
            table.addRow().addContent(g.name(), users, g.limits(), s.sessions(), s.activeStatements(),
                    s.queuedStatements(), s.admitted(), s.rejected(), s.terminated(), s.throttled(), s.overLimit(),
                    g.cpuPerStatementMillis() > 0 ? s.cpuNanos() / 1_000_000 : "-");
        }
        table.print(out);
    }
}
