package io.cairn.sql.internal.shell;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.ServiceReference;

import io.cairn.sql.Database;
import io.cairn.sql.SqlException;
import io.cairn.sql.admin.MaintenanceJob;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.sql.admin.MaintenanceOperation;

/**
 * {@code cairn:maintenance analyze orders}: runs a maintenance job through the database's job
 * queue (the same one {@code POST /api/v1/admin/maintenance} uses) and waits for it;
 * {@code cairn:maintenance --list} shows the job history.
 */
@Service
@Command(scope = "cairn", name = "maintenance",
        description = "Runs VACUUM, ANALYZE, REINDEX or CHECKPOINT as a maintenance job and waits for it, or lists the jobs.")
public class MaintenanceCommand extends DatabaseCommand {

    @Argument(index = 0, name = "operation", description = "vacuum, analyze, reindex or checkpoint")
    @Completion(value = StringsCompleter.class, values = {"vacuum", "analyze", "reindex", "checkpoint"})
    String operation;

    @Argument(index = 1, name = "tables", multiValued = true, description = "Tables (analyze, reindex; default all)")
    List<String> tables;

    @Option(name = "-l", aliases = "--list", description = "List the job history (newest first)")
    boolean list;

    @Option(name = "--no-wait", description = "Queue the job and print its id without waiting")
    boolean noWait;

    @org.apache.karaf.shell.api.action.lifecycle.Reference
    org.apache.karaf.shell.api.console.Session session;

    @Override
    protected Object execute(Database db) throws Exception {
        ServiceReference<MaintenanceJobs> ref = bundleContext.getServiceReferences(MaintenanceJobs.class,
                "(" + Database.NAME_PROPERTY + "=" + db.name() + ")").stream().findFirst().orElse(null);
        if (ref == null) {
            throw new IllegalStateException("database '" + db.name() + "' has no maintenance job queue");
        }
        MaintenanceJobs jobs = bundleContext.getService(ref);
        try {
            if (list || operation == null) {
                print(jobs.jobs());
                return null;
            }
            MaintenanceOperation op = MaintenanceOperation.parse(operation);
            if (op == null) {
                throw new IllegalArgumentException("unknown maintenance operation '" + operation
                        + "': use vacuum, analyze, reindex or checkpoint");
            }
            MaintenanceJob job;
            try {
                Object user = session == null ? null : session.get("USER");
                job = jobs.submit(op, tables == null ? List.of() : tables, user == null ? "shell" : user.toString());
            } catch (SqlException e) {
                throw new SqlCommand.SqlShellError(e);
            }
            if (noWait) {
                System.out.println("job " + job.id() + " queued: " + op.label() + " on " + db.name());
                return null;
            }
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (!job.state().done() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                Optional<MaintenanceJob> now = jobs.job(job.id());
                if (now.isEmpty()) {
                    break;
                }
                job = now.get();
            }
            print(List.of(job));
            if (job.state() == MaintenanceJob.State.FAILED) {
                throw new IllegalStateException("job " + job.id() + " failed: ERROR " + job.sqlState() + ": " + job.error());
            }
        } finally {
            bundleContext.ungetService(ref);
        }
        return null;
    }

    private static void print(List<MaintenanceJob> jobs) {
        if (jobs.isEmpty()) {
            System.out.println("no maintenance jobs");
            return;
        }
        ShellTable table = new ShellTable();
        for (String c : List.of("Id", "Operation", "Tables", "State", "By", "Submitted", "Took ms", "Result")) {
            table.column(c);
        }
        for (MaintenanceJob j : jobs) {
            String took = j.started() == null || j.finished() == null ? ""
                    : String.valueOf(Duration.between(j.started(), j.finished()).toMillis());
            String result = j.error() != null ? "ERROR " + j.sqlState() + ": " + j.error()
                    : j.result() == null ? "" : String.join("; ", j.result());
            table.addRow().addContent(j.id(), j.operation().label(), String.join(",", j.tables()), j.state().label(),
                    j.requestedBy(), j.submitted(), took, result);
        }
        table.print(System.out);
    }
}
