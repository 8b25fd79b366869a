package io.cairn.monitoring.internal.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.cairn.sql.Database;

/** Completes the names of the open databases (from the cairn.database property of their services). */
@Service
public class DatabaseNameCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = new ArrayList<>();
        try {
            for (ServiceReference<Database> ref : bundleContext.getServiceReferences(Database.class, null)) {
                Object name = ref.getProperty(Database.NAME_PROPERTY);
                if (name != null) {
                    names.add(name.toString());
                }
            }
        } catch (InvalidSyntaxException e) {
            return -1; // no filter given
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
