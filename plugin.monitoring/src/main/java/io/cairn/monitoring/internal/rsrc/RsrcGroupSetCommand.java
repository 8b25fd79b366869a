package io.cairn.monitoring.internal.rsrc;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code cairn:rsrc-group-set <name> key=value...}: creates a resource group or changes some of
 * its keys (the others keep their values; {@code key=} returns one to its default). Stored
 * through Config Admin, checked first like the .cfg file: a bad value changes nothing.
 */
@Service
@Command(scope = "cairn", name = "rsrc-group-set",
        description = "Creates a resource group or sets some of its keys (key=value, as in etc/io.cairn.rsrc.group-<name>.cfg; key= resets one).")
public class RsrcGroupSetCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "Group name")
    String name;

    @Argument(index = 1, name = "settings", required = true, multiValued = true,
            description = "key=value pairs, e.g. users=etl,reporter max.concurrent.statements=2 io.pages.per.second=5000")
    List<String> settings;

    @Reference
    ResourceGroupAdmin admin;

    @Override
    public Object execute() throws IOException {
        Map<String, Object> current = admin.configured(name);
        Map<String, Object> next = merge(current == null ? Map.of() : current, settings);
        try {
            ResourceGroup g = ResourceGroup.parse(next, name);
            boolean created = admin.put(name, next);
            System.out.println("resource group '" + name + "' " + (created ? "created" : "updated") + ": users "
                    + String.join(",", new java.util.TreeSet<>(g.users())) + (g.isDefault() ? " (default group)" : "")
                    + ", limits " + g.limits());
        } catch (ResourceGroup.InvalidGroupException e) {
            throw new IllegalArgumentException(e.getMessage() + " (nothing was changed)");
        }
        return null;
    }

    /** {@code current} with {@code assignments} applied; "key=" removes the key. */
    static Map<String, Object> merge(Map<String, ?> current, List<String> assignments) {
        Map<String, Object> next = new LinkedHashMap<>(current);
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "' (nothing was changed)");
            }
            String key = a.substring(0, eq).trim();
            String value = a.substring(eq + 1).trim();
            if (value.isEmpty()) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        }
        return next;
    }
}
