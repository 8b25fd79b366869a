package io.cairn.sql.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/** Completes the names of the open databases. */
@Service
public class DatabaseNameCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        try {
            return new StringsCompleter(DatabaseCommand.names(bundleContext))
                    .complete(session, commandLine, candidates);
        } catch (InvalidSyntaxException e) {
            return -1;
        }
    }
}
