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
        printStorage(System.out, resourceManager.manager().userStorage(null));
        return null;
    }

    /** Each user with a storage quota: its tables' size against the quota (nothing while no group has one). */
    static void printStorage(PrintStream out, List<ResourceManager.UserStorage> users) {
        if (users.isEmpty()) {
            return;
        }
        out.println();
        out.println("Storage quotas (user.storage.mb): tables and indexes each user owns");
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("User");
        table.column("Database");
        for (String h : List.of("Used MB", "Quota MB", "Used %", "Rejected")) {
            table.column(h).alignRight();
        }
        table.column("State");
        for (ResourceManager.UserStorage u : users) {
            table.addRow().addContent(u.group().name(), u.user(), u.database(),
                    String.format(java.util.Locale.ROOT, "%.1f", u.usedBytes() / 1048576.0), u.quotaBytes() >> 20,
                    String.format(java.util.Locale.ROOT, "%.1f", 100.0 * u.usedBytes() / u.quotaBytes()), u.rejected(),
                    u.overQuota() ? "OVER: growth rejected" : "ok");
        }
        table.print(out);
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
