package io.cairn.sql.internal.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.cairn.sql.Database;

/** A shell command that works on one named database ({@code -d name}, default {@code default}). */
abstract class DatabaseCommand implements Action {

    @Option(name = "-d", aliases = "--database", description = "Database name (default: default)")
    @Completion(DatabaseNameCompleter.class)
    String databaseName = "default";

    @Reference
    BundleContext bundleContext;

    @Override
    public final Object execute() throws Exception {
        ServiceReference<Database> ref = find(bundleContext, databaseName);
        if (ref == null) {
            List<String> open = names(bundleContext);
            throw new IllegalArgumentException("no database named '" + databaseName + "' is open"
                    + (open.isEmpty() ? "" : "; open: " + String.join(", ", open)));
        }
        Database db = bundleContext.getService(ref);
        try {
            return execute(db);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    protected abstract Object execute(Database db) throws Exception;

    static ServiceReference<Database> find(BundleContext context, String name) throws InvalidSyntaxException {
        for (ServiceReference<Database> ref : context.getServiceReferences(Database.class, null)) {
            Database db = context.getService(ref);
            try {
                if (db != null && db.name().equals(name)) {
                    return ref;
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return null;
    }

    static List<String> names(BundleContext context) throws InvalidSyntaxException {
        List<String> names = new ArrayList<>();
        for (ServiceReference<Database> ref : context.getServiceReferences(Database.class, null)) {
            Database db = context.getService(ref);
            if (db != null) {
                try {
                    names.add(db.name());
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        names.sort(null);
        return names;
    }
}
