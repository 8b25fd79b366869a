package io.cairn.monitoring.internal.rsrc;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.cairn.sql.Database;
import io.cairn.sql.instrument.AdmissionController;

/**
 * Wires the {@link ResourceManager} into the container: tracks the resource groups and the open
 * databases, and registers one {@link AdmissionController} per database (property
 * {@code cairn.database}), because the engine names sessions by ids that are unique only within
 * a database. While no group is active no controller is registered, so the engine keeps its
 * plain, unmeasured path.
 */
@Component(service = ResourceManagerComponent.class, immediate = true)
public final class ResourceManagerComponent {

    /** Often enough that a 100 ms CPU limit overshoots by a few ms, rarely enough to cost nothing measurable. */
    static final long CHECK_INTERVAL_MILLIS = 10;

    private final ResourceManager manager = new ResourceManager(CHECK_INTERVAL_MILLIS);
    private final BundleContext context;
    private final Map<String, ServiceRegistration<AdmissionController>> registrations = new ConcurrentHashMap<>();
    private final Map<ResourceGroupComponent, String> groupNames = new ConcurrentHashMap<>();
    private final Map<String, Database> databases = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Activate
    public ResourceManagerComponent(BundleContext context) {
        this.context = context;
    }

    public ResourceManager manager() {
        return manager;
    }

    /** A valid group configuration appeared (called by its component). */
    void addGroup(ResourceGroupComponent group) {
        groupNames.put(group, group.group().name());
        manager.putGroup(group.group());
        syncControllers();
    }

    /** Its configuration went away or changed (called by its component). */
    void removeGroup(ResourceGroupComponent group) {
        String name = groupNames.remove(group);
        if (name == null) {
            return;
        }
        // a reconfiguration may have re-added the name already; another configuration may carry it too
        groupNames.keySet().stream().filter(c -> c.group().name().equals(name)).findFirst()
                .ifPresentOrElse(other -> manager.putGroup(other.group()), () -> manager.removeGroup(name));
        syncControllers();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDatabase(Database database) {
        databases.put(database.name(), database);
        manager.setStorageSource(database.name(), database::tableStorage);
        syncControllers();
    }

    void removeDatabase(Database database) {
        if (databases.remove(database.name(), database)) {
            manager.removeStorageSource(database.name());
        }
        syncControllers();
    }

    /** One controller per open database while some group is active, none otherwise. */
    private synchronized void syncControllers() {
        boolean wanted = !closed && manager.hasGroups();
        for (String name : databases.keySet()) {
            if (wanted && !registrations.containsKey(name)) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(Database.NAME_PROPERTY, name);
                registrations.put(name, context.registerService(AdmissionController.class, manager.controllerFor(name), props));
            }
        }
        for (String name : registrations.keySet()) {
            if (!wanted || !databases.containsKey(name)) {
                unregister(registrations.remove(name));
            }
        }
    }

    @Deactivate
    synchronized void close() {
        closed = true;
        registrations.values().forEach(ResourceManagerComponent::unregister);
        registrations.clear();
        manager.close();
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }
}
