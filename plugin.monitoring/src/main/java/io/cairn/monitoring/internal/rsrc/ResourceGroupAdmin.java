package io.cairn.monitoring.internal.rsrc;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, replaces and removes resource groups as factory configurations
 * {@code io.cairn.rsrc.group~<name>} through Config Admin: what REST and the shell write. Every
 * value is checked by {@link ResourceGroup#parse} before anything is stored, so a bad request
 * changes nothing. In Karaf ({@code karaf.etc} set) the group is also written to
 * {@code etc/io.cairn.rsrc.group-<name>.cfg}, the file an operator would edit: Felix fileinstall
 * writes a configuration back only to the file it came from, so a configuration created here
 * would otherwise live only in Config Admin's store.
 */
@Component(service = ResourceGroupAdmin.class)
public final class ResourceGroupAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceGroupAdmin.class);
    /** fileinstall's property naming the file a configuration came from (and is written back to). */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final ConfigurationAdmin configs;
    private final Path etc;

    @Activate
    public ResourceGroupAdmin(@Reference ConfigurationAdmin configs) {
        this(configs, etcDirectory());
    }

    ResourceGroupAdmin(ConfigurationAdmin configs, Path etc) {
        this.configs = configs;
        this.etc = etc;
    }

    private static Path etcDirectory() {
        String dir = System.getProperty("karaf.etc");
        return dir == null ? null : Path.of(dir);
    }

    /**
     * Stores group {@code name} with exactly {@code properties} (keys of the .cfg file; values as
     * strings, numbers, booleans or lists), replacing any configuration of that name.
     *
     * @return true if the group did not exist before
     * @throws ResourceGroup.InvalidGroupException when a value is bad (nothing is stored)
     */
    public synchronized boolean put(String name, Map<String, ?> properties) throws IOException {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            values.put(e.getKey(), text(e.getValue()));
        }
        Object named = values.get(ResourceGroup.NAME);
        if (named != null && !named.toString().isBlank() && !named.toString().trim().equals(name)) {
            throw new ResourceGroup.InvalidGroupException("resource group '" + name + "': 'name' is '" + named
                    + "', which differs from the group named in the request", List.of(ResourceGroup.NAME));
        }
        values.put(ResourceGroup.NAME, name);
        ResourceGroup.parse(values, name); // every check of the config file, before anything is stored
        Configuration existing = find(name);
        Configuration config = existing != null ? existing
                : configs.getFactoryConfiguration(ResourceGroupComponent.FACTORY_PID, name, "?");
        Dictionary<String, Object> dict = new Hashtable<>(values);
        Path file = null;
        Object fromFile = existing == null || existing.getProperties() == null ? null
                : existing.getProperties().get(FILEINSTALL_FILENAME);
        if (fromFile != null) {
            dict.put(FILEINSTALL_FILENAME, fromFile); // fileinstall writes the change back to that file
        } else if (etc != null) {
            file = etc.resolve(ResourceGroupComponent.FACTORY_PID + "-" + name + ".cfg");
            dict.put(FILEINSTALL_FILENAME, file.toFile().getAbsoluteFile().toURI().toString()); // fileinstall's form, file:/...
        }
        config.update(dict);
        if (file != null) {
            writeCfg(file, values);
        }
        LOG.info("resource group '{}' {} through Config Admin: {}", name, existing == null ? "created" : "replaced", values);
        return existing == null;
    }

    /** The stored properties of group {@code name} (framework keys left out), or null if none is configured. */
    public synchronized Map<String, Object> configured(String name) throws IOException {
        Configuration c = find(name);
        if (c == null || c.getProperties() == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Dictionary<String, Object> d = c.getProperties();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!k.startsWith("service.") && !k.startsWith("felix.") && !k.startsWith("component.")) {
                out.put(k, d.get(k));
            }
        }
        return out;
    }

    /** Deletes group {@code name}'s configuration (and its etc/ file); false if none is configured. */
    public synchronized boolean remove(String name) throws IOException {
        Configuration c = find(name);
        if (c == null) {
            return false;
        }
        Object fromFile = c.getProperties() == null ? null : c.getProperties().get(FILEINSTALL_FILENAME);
        c.delete();
        if (fromFile != null) {
            try {
                // fileinstall deletes the files it tracks; one it does not track yet would bring the group back
                Files.deleteIfExists(Path.of(java.net.URI.create(fromFile.toString())));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                LOG.warn("resource group '{}': cannot delete its file {}: {}", name, fromFile, e.toString());
            }
        }
        LOG.info("resource group '{}' removed through Config Admin", name);
        return true;
    }

    /** The names of every configured group, valid or not. */
    public synchronized List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        for (Configuration c : all()) {
            String n = nameOf(c);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    private Configuration find(String name) throws IOException {
        for (Configuration c : all()) {
            if (name.equals(nameOf(c))) {
                return c;
            }
        }
        return null;
    }

    private Collection<Configuration> all() throws IOException {
        try {
            Configuration[] found = configs.listConfigurations(
                    "(service.factoryPid=" + ResourceGroupComponent.FACTORY_PID + ")");
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
    }

    /** The group name a configuration carries: its {@code name}, else the name in its PID or file. */
    private static String nameOf(Configuration c) {
        Dictionary<String, Object> d = c.getProperties();
        if (d == null) {
            return null;
        }
        Object n = d.get(ResourceGroup.NAME);
        if (n != null && !n.toString().isBlank()) {
            return n.toString().trim();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service.pid", c.getPid());
        Object file = d.get(FILEINSTALL_FILENAME);
        if (file != null) {
            m.put(FILEINSTALL_FILENAME, file);
        }
        return ResourceGroupComponent.configurationName(m);
    }

    /** A .cfg file as an operator would write it, replaced atomically. */
    private static void writeCfg(Path file, Map<String, String> values) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
            w.write("# resource group, written by cairn (REST or cairn:rsrc-group-set); edits here apply too\n");
            for (Map.Entry<String, String> e : values.entrySet()) {
                w.write(e.getKey() + " = " + escape(e.getValue()) + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Properties-file escaping for the few characters a value could carry. */
    private static String escape(String v) {
        StringBuilder sb = new StringBuilder();
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (ch > 0xff) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A value as a .cfg file holds it: lists comma-separated. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        if (v instanceof Object[] a) {
            return String.join(",", java.util.Arrays.stream(a).map(String::valueOf).toList());
        }
        return v.toString();
    }
}
