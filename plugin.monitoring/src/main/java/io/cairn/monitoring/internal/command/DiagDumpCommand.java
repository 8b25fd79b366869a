package io.cairn.monitoring.internal.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.cairn.monitoring.internal.DiagnosticsComponent;

/** {@code cairn:diag-dump}: writes a diagnostic dump (zip) of an incident or of a database now. */
@Service
@Command(scope = "cairn", name = "diag-dump",
        description = "Writes a diagnostic dump (zip: configuration with secrets redacted, log tail, ASH, v$ snapshots) "
                + "of an incident, or of a database now.")
public class DiagDumpCommand implements Action {

    @Argument(index = 0, name = "incident-id", description = "Incident id (see cairn:incidents); none: a dump of the database now")
    String incident;

    @Option(name = "-o", aliases = "--output", description = "File to write (default: a new file under ${karaf.data}/cairn-monitoring/dumps)")
    String output;

    @Option(name = "-d", aliases = "--database", description = "Database of an on-demand dump (default: default)")
    @Completion(DatabaseNameCompleter.class)
    String database = "default";

    @Reference
    DiagnosticsComponent diagnostics;

    @Override
    public Object execute() throws IOException {
        run(diagnostics, System.out, incident, output, database);
        return null;
    }

    /** The command's work (also for tests): returns the file written. */
    public static Path run(DiagnosticsComponent diagnostics, PrintStream out, String incident, String output,
            String database) throws IOException {
        byte[] zip;
        String name;
        if (incident != null) {
            long id;
            try {
                id = Long.parseLong(incident.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("incident id must be a whole number, was '" + incident + "'");
            }
            zip = AlertRulesCommand.Alerts.call(() -> diagnostics.incidentDump(id));
            name = DiagnosticsComponent.incidentFileName(id);
        } else {
            if (!diagnostics.open(database)) {
                throw new IllegalArgumentException("no open database '" + database + "'");
            }
            zip = diagnostics.dump(database);
            name = DiagnosticsComponent.fileName(database);
        }
        Path file = output == null ? diagnostics.dumpDirectory().resolve(name) : Path.of(output);
        Path written = diagnostics.write(zip, file);
        out.println("diagnostic dump written: " + written + " (" + zip.length + " bytes)");
        return written;
    }
}
