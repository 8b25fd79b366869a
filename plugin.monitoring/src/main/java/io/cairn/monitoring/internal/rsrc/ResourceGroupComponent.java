package io.cairn.monitoring.internal.rsrc;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource group per factory configuration {@code io.cairn.rsrc.group} (Karaf:
 * {@code etc/io.cairn.rsrc.group-<name>.cfg}), handed to the resource manager while the
 * configuration exists. An invalid configuration is logged once with every problem and the group
 * stays inactive (no exception: SCR would log stack traces and retry on every lookup).
 */
@Component(service = {}, immediate = true, configurationPid = ResourceGroupComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ResourceGroupConfig.class, factory = true)
public final class ResourceGroupComponent {

    static final String FACTORY_PID = "io.cairn.rsrc.group";
    private static final Logger LOG = LoggerFactory.getLogger(ResourceGroupComponent.class);

    private final ResourceGroup group;
    private final ResourceManagerComponent manager;

    @Activate
    public ResourceGroupComponent(Map<String, Object> properties, @Reference ResourceManagerComponent manager) {
        this.manager = manager;
        this.group = read(properties);
        if (group != null) {
            manager.addGroup(this);
        }
    }

    /** The group, or null when the configuration is invalid. */
    static ResourceGroup read(Map<String, Object> properties) {
        try {
            return ResourceGroup.parse(properties, configurationName(properties));
        } catch (IllegalArgumentException e) {
            LOG.error("{} (configuration {})", e.getMessage(), properties.get("service.pid"));
            return null;
        }
    }

    public ResourceGroup group() {
        return group;
    }

    @Deactivate
    void close() {
        if (group != null) {
            manager.removeGroup(this);
        }
    }

    /** "batch" from the PID io.cairn.rsrc.group~batch (Karaf's file io.cairn.rsrc.group-batch.cfg). */
    static String configurationName(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        if (pid != null) {
            String s = pid.toString();
            int tilde = s.indexOf('~');
            if (tilde >= 0) {
                return s.substring(tilde + 1);
            }
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            int dash = f.lastIndexOf(FACTORY_PID + "-");
            if (dash >= 0 && f.endsWith(".cfg")) {
                return f.substring(dash + FACTORY_PID.length() + 1, f.length() - 4);
            }
        }
        return null;
    }
}
