package io.cairn.monitoring.internal.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A resource group: the users it holds and its limits (0 = no limit). Parsed from the
 * {@code resourceGroups} setting, e.g.
 * {@code reporting: users=alice|bob, maxSessions=5, maxConcurrent=2, queueMillis=30000, cpuMillis=100}.
 */
public record ResourceGroup(String name, Set<String> users, int maxSessions, int maxConcurrent, long queueMillis,
        long cpuMillis) {

    private static final Set<String> KEYS = Set.of("users", "maxSessions", "maxConcurrent", "queueMillis", "cpuMillis");

    /** Parses {@code group: key=value, ...; group2: ...}; a user may belong to one group only. */
    public static Map<String, ResourceGroup> parse(String text) {
        Map<String, ResourceGroup> groups = new LinkedHashMap<>();
        Map<String, String> userGroup = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return groups;
        }
        for (String def : text.split(";")) {
            if (def.isBlank()) {
                continue;
            }
            int colon = def.indexOf(':');
            String name = colon < 0 ? "" : def.substring(0, colon).trim();
            if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
                throw bad("each group is 'name: key=value, ...' with a name of a-z, 0-9 and '_', got '" + def.trim() + "'");
            }
            if (groups.containsKey(name)) {
                throw bad("group '" + name + "' is defined twice");
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String pair : def.substring(colon + 1).split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                if (eq < 0 || !KEYS.contains(k)) {
                    throw bad("group '" + name + "': '" + pair.trim() + "' is not one of " + KEYS + " = value");
                }
                kv.put(k, pair.substring(eq + 1).trim());
            }
            Set<String> users = kv.containsKey("users") ? Set.of(kv.get("users").split("\\|")) : Set.of();
            if (users.isEmpty() || users.stream().anyMatch(String::isBlank)) {
                throw bad("group '" + name + "' needs users=name|name2");
            }
            for (String u : users) {
                String other = userGroup.put(u, name);
                if (other != null) {
                    throw bad("user '" + u + "' is in groups '" + other + "' and '" + name + "'");
                }
            }
            groups.put(name, new ResourceGroup(name, users, (int) number(name, kv, "maxSessions", 100_000),
                    (int) number(name, kv, "maxConcurrent", 100_000), number(name, kv, "queueMillis", 3_600_000),
                    number(name, kv, "cpuMillis", 86_400_000)));
        }
        return groups;
    }

    private static long number(String group, Map<String, String> kv, String key, long max) {
        String v = kv.get(key);
        if (v == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > max) {
                throw bad("group '" + group + "': " + key + " must be between 0 and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad("group '" + group + "': " + key + " must be a whole number, was '" + v + "'");
        }
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException("io.cairn.monitoring: resourceGroups: " + message);
    }
}
