package io.cairn.monitoring.internal.rsrc;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code cairn:rsrc-group-remove <name>}: deletes a resource group's configuration (and its etc/ file). */
@Service
@Command(scope = "cairn", name = "rsrc-group-remove",
        description = "Removes a resource group: its users fall to the next group covering them; running statements keep their limits.")
public class RsrcGroupRemoveCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "Group name")
    String name;

    @Reference
    ResourceGroupAdmin admin;

    @Override
    public Object execute() throws IOException {
        if (!admin.remove(name)) {
            throw new IllegalArgumentException("no resource group '" + name + "' is configured");
        }
        System.out.println("resource group '" + name + "' removed");
        return null;
    }
}
