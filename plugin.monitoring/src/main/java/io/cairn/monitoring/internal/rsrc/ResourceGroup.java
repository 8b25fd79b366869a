package io.cairn.monitoring.internal.rsrc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A resource group: the users (and optionally databases) it governs and its limits, each with the
 * policy applied when it is reached. Built only through {@link #parse}, which checks every key.
 *
 * @param maxConcurrentStatements 0 = unlimited
 * @param maxQueueWaitMillis      how long a QUEUE'd statement waits for a slot before it is rejected
 * @param cpuPerStatementMillis   0 = unlimited
 * @param statementTimeoutMillis  0 = unlimited
 * @param maxSessions             0 = unlimited
 * @param userMaxSessions         sessions one user of the group may open; 0 = unlimited (always rejects)
 * @param userStatementsPerHour   statements one user may run in a sliding hour; 0 = unlimited (always rejects)
 * @param memoryPerStatementMb    estimated memory of a statement's largest sort or hash table; 0 = unlimited
 * @param ioPagesPerSecond        pages a statement may read per second (buffer pool hits and data file reads); 0 = unlimited
 * @param userStorageMb           MiB of tables and indexes each user may own in a database before statements that
 *                                would grow them are refused (53400); 0 = unlimited
 */
public record ResourceGroup(String name, Set<String> users, Set<String> databases, boolean isDefault,
        int maxConcurrentStatements, Policy concurrencyPolicy, long maxQueueWaitMillis,
        long cpuPerStatementMillis, Policy cpuPolicy, long statementTimeoutMillis, Policy timeoutPolicy,
        int maxSessions, Policy sessionsPolicy, int userMaxSessions, long userStatementsPerHour,
        long memoryPerStatementMb, Policy memoryPolicy, long ioPagesPerSecond, Policy ioPolicy, long userStorageMb) {

    /** What happens when a limit is reached; not every policy applies to every limit. */
    public enum Policy {
        /** Log (and count as over_limit), let it run. */
        ALLOW,
        /** Wait for a free slot, at most max.queue.wait.ms (concurrent statements only). */
        QUEUE,
        /** Refuse the statement (53000) or the session (53300). */
        REJECT,
        /** Cancel the running statement (57014). */
        TERMINATE,
        /** Slow the running statement down to the limit (I/O rate only). */
        THROTTLE
    }

    static final String NAME = "name";
    static final String USERS = "users";
    static final String DATABASES = "databases";
    static final String DEFAULT = "default";
    static final String MAX_CONCURRENT = "max.concurrent.statements";
    static final String CONCURRENCY_POLICY = "concurrency.policy";
    static final String MAX_QUEUE_WAIT = "max.queue.wait.ms";
    static final String CPU = "cpu.per.statement.ms";
    static final String CPU_POLICY = "cpu.policy";
    static final String TIMEOUT = "statement.timeout.ms";
    static final String TIMEOUT_POLICY = "timeout.policy";
    static final String MAX_SESSIONS = "max.sessions";
    static final String SESSIONS_POLICY = "sessions.policy";
    static final String USER_MAX_SESSIONS = "user.max.sessions";
    static final String USER_STATEMENTS_PER_HOUR = "user.statements.per.hour";
    static final String MEMORY = "memory.per.statement.mb";
    static final String MEMORY_POLICY = "memory.policy";
    static final String IO = "io.pages.per.second";
    static final String IO_POLICY = "io.policy";
    static final String USER_STORAGE = "user.storage.mb";
    /** 1 PiB in MiB: a larger quota is a typo. */
    static final long MAX_STORAGE_MB = 1L << 30;

    static final Set<String> KEYS = Set.of(NAME, USERS, DATABASES, DEFAULT, MAX_CONCURRENT, CONCURRENCY_POLICY,
            MAX_QUEUE_WAIT, CPU, CPU_POLICY, TIMEOUT, TIMEOUT_POLICY, MAX_SESSIONS, SESSIONS_POLICY, USER_MAX_SESSIONS, USER_STATEMENTS_PER_HOUR, MEMORY, MEMORY_POLICY, IO, IO_POLICY,
            USER_STORAGE);

    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    private static final long MAX_MILLIS = 86_400_000L; // a day: anything longer is a typo

    public ResourceGroup {
        users = Set.copyOf(users);
        databases = Set.copyOf(databases);
    }

    /**
     * Reads a group from its configuration (Config Admin properties: strings from a .cfg file, or
     * typed values). Framework keys (service.*, felix.*, component.*, osgi.*) are ignored; unknown
     * keys and every bad value fail with one message naming them all.
     *
     * @param fallbackName the name when {@code name} is not set (the factory configuration's name)
     */
    public static ResourceGroup parse(Map<String, ?> props, String fallbackName) {
        Problems problems = new Problems();
        for (String key : new TreeSet<>(props.keySet())) {
            if (!KEYS.contains(key) && !key.startsWith("service.") && !key.startsWith("felix.")
                    && !key.startsWith("component.") && !key.startsWith("osgi.") && !key.startsWith(".")) {
                problems.add(key, "unknown key '" + key + "' (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        String name = text(props.get(NAME));
        if (name.isEmpty()) {
            name = fallbackName == null ? "" : fallbackName;
        }
        if (!GROUP_NAME.matcher(name).matches()) {
            problems.add(NAME, name.isEmpty() ? "'name' is missing"
                    : "invalid name '" + name + "': use letters, digits and underscores, starting with a letter (at most 63)");
        }
        Set<String> users = names(props.get(USERS));
        Set<String> databases = names(props.get(DATABASES));
        boolean isDefault = bool(props, DEFAULT, problems);
        if (users.isEmpty() && !isDefault) {
            problems.add(USERS, "'users' is empty and 'default' is not true: the group would govern nobody");
        }
        int maxConcurrent = (int) number(props, MAX_CONCURRENT, 0, 100_000, problems);
        Policy concurrency = policy(props, CONCURRENCY_POLICY, Policy.QUEUE, problems, Policy.QUEUE, Policy.REJECT, Policy.ALLOW);
        long queueWait = number(props, MAX_QUEUE_WAIT, 10_000, MAX_MILLIS, problems);
        long cpu = number(props, CPU, 0, MAX_MILLIS, problems);
        Policy cpuPolicy = policy(props, CPU_POLICY, Policy.TERMINATE, problems, Policy.TERMINATE, Policy.ALLOW);
        long timeout = number(props, TIMEOUT, 0, MAX_MILLIS, problems);
        Policy timeoutPolicy = policy(props, TIMEOUT_POLICY, Policy.TERMINATE, problems, Policy.TERMINATE, Policy.ALLOW);
        int maxSessions = (int) number(props, MAX_SESSIONS, 0, 100_000, problems);
        Policy sessionsPolicy = policy(props, SESSIONS_POLICY, Policy.REJECT, problems, Policy.REJECT, Policy.ALLOW);
        int userSessions = (int) number(props, USER_MAX_SESSIONS, 0, 100_000, problems);
        long userPerHour = number(props, USER_STATEMENTS_PER_HOUR, 0, 1_000_000_000L, problems);
        long memoryMb = number(props, MEMORY, 0, 1_048_576L, problems); // a TiB: anything larger is a typo
        Policy memoryPolicy = policy(props, MEMORY_POLICY, Policy.TERMINATE, problems, Policy.TERMINATE, Policy.ALLOW);
        long ioRate = number(props, IO, 0, 1_000_000_000L, problems);
        Policy ioPolicy = policy(props, IO_POLICY, Policy.THROTTLE, problems, Policy.THROTTLE, Policy.TERMINATE, Policy.ALLOW);
        long storageMb = number(props, USER_STORAGE, 0, MAX_STORAGE_MB, problems);
        if (!problems.messages.isEmpty()) {
            throw new InvalidGroupException("resource group '" + name + "' is invalid and not active: "
                    + String.join("; ", problems.messages), List.copyOf(problems.keys));
        }
        return new ResourceGroup(name, users, databases, isDefault, maxConcurrent, concurrency, queueWait, cpu,
                cpuPolicy, timeout, timeoutPolicy, maxSessions, sessionsPolicy, userSessions, userPerHour, memoryMb,
                memoryPolicy, ioRate, ioPolicy, storageMb);
    }

    /** Whether statements of the group are watched while they run (memory, I/O rate): the engine's progress calls. */
    boolean watchesProgress() {
        return memoryPerStatementMb > 0 || ioPagesPerSecond > 0;
    }

    /** Whether the group may govern sessions of {@code database}. */
    boolean coversDatabase(String database) {
        return databases.isEmpty() || databases.contains(database.toLowerCase(Locale.ROOT));
    }

    /** The limits in one line, for the view and the shell. */
    public String limits() {
        List<String> parts = new ArrayList<>();
        if (maxConcurrentStatements > 0) {
            parts.add("statements " + maxConcurrentStatements + " (" + word(concurrencyPolicy)
                    + (concurrencyPolicy == Policy.QUEUE ? " " + maxQueueWaitMillis + " ms" : "") + ")");
        }
        if (cpuPerStatementMillis > 0) {
            parts.add("cpu " + cpuPerStatementMillis + " ms (" + word(cpuPolicy) + ")");
        }
        if (statementTimeoutMillis > 0) {
            parts.add("timeout " + statementTimeoutMillis + " ms (" + word(timeoutPolicy) + ")");
        }
        if (memoryPerStatementMb > 0) {
            parts.add("memory " + memoryPerStatementMb + " MB (" + word(memoryPolicy) + ")");
        }
        if (ioPagesPerSecond > 0) {
            parts.add("io " + ioPagesPerSecond + " pages/s (" + word(ioPolicy) + ")");
        }
        if (maxSessions > 0) {
            parts.add("sessions " + maxSessions + " (" + word(sessionsPolicy) + ")");
        }
        if (userMaxSessions > 0) {
            parts.add("sessions per user " + userMaxSessions + " (reject)");
        }
        if (userStatementsPerHour > 0) {
            parts.add("statements per user and hour " + userStatementsPerHour + " (reject)");
        }
        if (userStorageMb > 0) {
            parts.add("storage per user " + userStorageMb + " MB (reject growth)");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    static String word(Policy p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString().trim();
    }

    /** A list given as String[], a collection, or one comma-separated string; lower case, as SQL names. */
    private static Set<String> names(Object v) {
        List<String> raw = new ArrayList<>();
        if (v instanceof String[] a) {
            raw.addAll(Arrays.asList(a));
        } else if (v instanceof Iterable<?> it) {
            it.forEach(o -> raw.add(String.valueOf(o)));
        } else if (v != null) {
            raw.addAll(Arrays.asList(v.toString().split(",")));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean bool(Map<String, ?> props, String key, Problems problems) {
        Object v = props.get(key);
        if (v == null || v instanceof Boolean) {
            return Boolean.TRUE.equals(v);
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        problems.add(key, "'" + key + "' must be true or false, was '" + v + "'");
        return false;
    }

    private static long number(Map<String, ?> props, String key, long dflt, long max, Problems problems) {
        Object v = props.get(key);
        if (v == null || v.toString().isBlank()) {
            return dflt;
        }
        long n;
        try {
            n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            problems.add(key, "'" + key + "' must be a whole number, was '" + v + "'");
            return dflt;
        }
        if (n < 0 || n > max) {
            problems.add(key, "'" + key + "' must be between 0 and " + max + ", was " + n);
            return dflt;
        }
        return n;
    }

    private static Policy policy(Map<String, ?> props, String key, Policy dflt, Problems problems, Policy... allowed) {
        String v = text(props.get(key));
        if (v.isEmpty()) {
            return dflt;
        }
        for (Policy p : allowed) {
            if (p.name().equalsIgnoreCase(v)) {
                return p;
            }
        }
        List<String> words = new ArrayList<>();
        for (Policy p : allowed) {
            words.add(word(p));
        }
        problems.add(key, "'" + key + "' must be one of " + String.join(", ", words) + ", was '" + v + "'");
        return dflt;
    }

    /** What is wrong with a configuration, and which keys. */
    private static final class Problems {
        final List<String> messages = new ArrayList<>();
        final Set<String> keys = new LinkedHashSet<>();

        void add(String key, String message) {
            keys.add(key);
            messages.add(message);
        }
    }

    /** A configuration that is not a valid group: every problem in the message, the keys at fault in {@link #keys()}. */
    public static final class InvalidGroupException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> keys;

        InvalidGroupException(String message, List<String> keys) {
            super(message);
            this.keys = keys;
        }

        /** The keys at fault, in the order their problems were found. */
        public List<String> keys() {
            return keys;
        }
    }

    /**
     * The group as configuration properties (the keys of the .cfg file, every key with its
     * effective value): what REST shows and what a partial change starts from.
     */
    public Map<String, Object> properties() {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put(NAME, name);
        p.put(USERS, new ArrayList<>(new TreeSet<>(users)));
        p.put(DATABASES, new ArrayList<>(new TreeSet<>(databases)));
        p.put(DEFAULT, isDefault);
        p.put(MAX_CONCURRENT, maxConcurrentStatements);
        p.put(CONCURRENCY_POLICY, word(concurrencyPolicy));
        p.put(MAX_QUEUE_WAIT, maxQueueWaitMillis);
        p.put(CPU, cpuPerStatementMillis);
        p.put(CPU_POLICY, word(cpuPolicy));
        p.put(TIMEOUT, statementTimeoutMillis);
        p.put(TIMEOUT_POLICY, word(timeoutPolicy));
        p.put(MEMORY, memoryPerStatementMb);
        p.put(MEMORY_POLICY, word(memoryPolicy));
        p.put(IO, ioPagesPerSecond);
        p.put(IO_POLICY, word(ioPolicy));
        p.put(MAX_SESSIONS, maxSessions);
        p.put(SESSIONS_POLICY, word(sessionsPolicy));
        p.put(USER_MAX_SESSIONS, userMaxSessions);
        p.put(USER_STATEMENTS_PER_HOUR, userStatementsPerHour);
        p.put(USER_STORAGE, userStorageMb);
        return p;
    }
}
