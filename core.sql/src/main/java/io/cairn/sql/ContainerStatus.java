package io.cairn.sql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What {@code cairn:status} and {@code GET /api/v1/status} report: the Cairn bundles in the
 * container with their state and version, and every open database with its data directory.
 */
public final class ContainerStatus {

    /** One Cairn bundle. */
    public record BundleStatus(long id, String symbolicName, String version, String state) {
    }

    /** One open database. */
    public record DatabaseStatus(String name, Path directory) {
    }

    private static final Map<Integer, String> STATES = Map.of(
            Bundle.UNINSTALLED, "Uninstalled", Bundle.INSTALLED, "Installed",
            Bundle.RESOLVED, "Resolved", Bundle.STARTING, "Starting",
            Bundle.STOPPING, "Stopping", Bundle.ACTIVE, "Active");

    private final List<BundleStatus> bundles;
    private final List<DatabaseStatus> databases;

    private ContainerStatus(List<BundleStatus> bundles, List<DatabaseStatus> databases) {
        this.bundles = List.copyOf(bundles);
        this.databases = List.copyOf(databases);
    }

    /** Takes a snapshot through the given bundle context. */
    public static ContainerStatus capture(BundleContext context) {
        List<BundleStatus> bundles = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.cairn."))
                .sorted(Comparator.comparingLong(Bundle::getBundleId))
                .map(b -> new BundleStatus(b.getBundleId(), b.getSymbolicName(),
                        b.getVersion().toString(), stateName(b.getState())))
                .toList();
        List<DatabaseStatus> databases = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(Database.class.getName(), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Database db = (Database) context.getService(ref);
            if (db != null) {
                try {
                    databases.add(new DatabaseStatus(db.name(), db.directory()));
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        databases.sort(Comparator.comparing(DatabaseStatus::name));
        return new ContainerStatus(bundles, databases);
    }

    public List<BundleStatus> bundles() {
        return bundles;
    }

    public List<DatabaseStatus> databases() {
        return databases;
    }

    static String stateName(int state) {
        return STATES.getOrDefault(state, "Unknown(" + state + ")");
    }
}
