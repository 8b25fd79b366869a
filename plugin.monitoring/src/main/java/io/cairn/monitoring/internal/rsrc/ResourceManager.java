package io.cairn.monitoring.internal.rsrc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.sql.TableStorage;
import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.SessionRequest;
import io.cairn.sql.instrument.StatementHandle;

/**
 * The resource manager: maps sessions to {@link ResourceGroup}s by user (and database) and enforces
 * each group's limits through one {@link AdmissionController} per database. Concurrency and
 * sessions are decided at admission (a statement over the concurrency limit waits in the kernel's
 * queue until a slot frees); CPU time and elapsed time of running statements are watched by one
 * daemon thread that cancels statements over their group's limit; memory and I/O rate are checked
 * on the statement's own thread at the engine's progress calls (cancel or throttle). Plain Java:
 * OSGi wiring is in {@link ResourceManagerComponent}.
 */
public final class ResourceManager implements AutoCloseable {

    /** Names the controller in the engine's error messages. */
    public static final String CONTROLLER_NAME = "resource manager";
    /** SQLSTATE of a statement refused by the storage quota: configuration_limit_exceeded (the disk is not full). */
    public static final String STORAGE_QUOTA_SQLSTATE = "53400";
    /**
     * How old a reading of the users' storage may be when a statement is checked against the quota:
     * reading it costs a catalog read and a lookup per table, so it is taken at most once a second per
     * database, and a user may pass the quota by what one second of statements writes.
     */
    static final long STORAGE_MAX_AGE_NANOS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManager.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Transaction control never waits in a queue or is refused: a queued COMMIT could hold the locks the running statements wait for. */
    private static final java.util.Set<String> UNGOVERNED = java.util.Set.of("COMMIT", "ROLLBACK", "BEGIN",
            "SAVEPOINT", "RELEASE SAVEPOINT", "SET PARAMETER", "SET TRANSACTION", "SHOW");

    /** Runtime state per group name, kept across reconfigurations so statistics and running counts carry over. */
    private final Map<String, GroupState> states = new ConcurrentHashMap<>();
    /** The active groups by name; replaced as a whole (copy on write) when one changes. */
    private volatile Map<String, ResourceGroup> groups = Map.of();
    /** Lower-cased user to the active groups listing it, sorted by name. */
    private volatile Map<String, List<ResourceGroup>> byUser = Map.of();
    private volatile List<ResourceGroup> defaults = List.of();
    private final Map<StatementHandle, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, OpenSession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, AdmissionController> controllers = new ConcurrentHashMap<>();
    /** Each database's tables with owners and sizes (Database.tableStorage), by database name. */
    private final Map<String, java.util.function.Supplier<List<TableStorage>>> storageSources = new ConcurrentHashMap<>();
    /** The last reading of each database's storage by owner, reused while it is younger than {@link #storageMaxAgeNanos}. */
    private final Map<String, OwnerStorage> ownerStorage = new ConcurrentHashMap<>();
    /** Statements refused by the storage quota, by database and user ("db\0user"). */
    private final Map<String, java.util.concurrent.atomic.LongAdder> storageRejects = new ConcurrentHashMap<>();
    private volatile long storageMaxAgeNanos = STORAGE_MAX_AGE_NANOS;
    private final long checkIntervalMillis;
    private ScheduledExecutorService watchdog;
    private boolean closed;
    private final boolean cpuMeasurable;

    /** @param checkIntervalMillis how often running statements are checked against CPU and time limits */
    public ResourceManager(long checkIntervalMillis) {
        if (checkIntervalMillis < 1 || checkIntervalMillis > 10_000) {
            throw new IllegalArgumentException("check interval must be between 1 and 10000 ms, was " + checkIntervalMillis);
        }
        boolean cpu = THREADS.isThreadCpuTimeSupported();
        if (cpu && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        this.cpuMeasurable = cpu;
        this.checkIntervalMillis = checkIntervalMillis;
    }

    /** Started with the first group that limits CPU or time: without one nothing wakes up. */
    private synchronized void startWatchdog() {
        if (watchdog == null && !closed) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-rsrc-watchdog");
                t.setDaemon(true);
                return t;
            });
            watchdog.scheduleWithFixedDelay(this::checkRunning, checkIntervalMillis, checkIntervalMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    // ---- groups

    /** Activates or replaces a group (by name). */
    public synchronized void putGroup(ResourceGroup group) {
        if (group.cpuPerStatementMillis() > 0 && !cpuMeasurable) {
            LOG.warn("resource group '{}': this JVM cannot measure thread CPU time; cpu.per.statement.ms is not enforced",
                    group.name());
        }
        if (group.cpuPerStatementMillis() > 0 || group.statementTimeoutMillis() > 0) {
            startWatchdog();
        }
        Map<String, ResourceGroup> next = new TreeMap<>(groups);
        next.put(group.name(), group);
        GroupState state = states.computeIfAbsent(group.name(), n -> new GroupState());
        state.group = group;
        install(next);
        started(state.limitChanged()); // a raised limit lets queued statements go
        LOG.info("resource group '{}' active: users {}{}, limits {}", group.name(), group.users(),
                group.isDefault() ? " (default group)" : "", group.limits());
    }

    /** Deactivates a group: new sessions and statements of its users fall to the next group that covers them. */
    public synchronized void removeGroup(String name) {
        Map<String, ResourceGroup> next = new TreeMap<>(groups);
        if (next.remove(name) != null) {
            install(next);
            LOG.info("resource group '{}' removed", name);
        }
    }

    private void install(Map<String, ResourceGroup> next) {
        Map<String, List<ResourceGroup>> users = new HashMap<>();
        List<ResourceGroup> dflt = new ArrayList<>();
        for (ResourceGroup g : next.values()) { // TreeMap: by name, so conflicts resolve the same way every time
            for (String u : g.users()) {
                List<ResourceGroup> l = users.computeIfAbsent(u, k -> new ArrayList<>());
                if (!l.isEmpty() && l.get(0).databases().isEmpty() && g.databases().isEmpty()) {
                    LOG.warn("user '{}' is listed by resource groups '{}' and '{}'; '{}' governs it", u, l.get(0).name(),
                            g.name(), l.get(0).name());
                }
                l.add(g);
            }
            if (g.isDefault()) {
                dflt.add(g);
            }
        }
        // a group naming the database explicitly wins over one for every database
        Comparator<ResourceGroup> order = Comparator.comparing((ResourceGroup g) -> g.databases().isEmpty())
                .thenComparing(ResourceGroup::name);
        users.values().forEach(l -> l.sort(order));
        dflt.sort(order);
        if (dflt.size() > 1 && dflt.stream().filter(g -> g.databases().isEmpty()).count() > 1) {
            LOG.warn("several default resource groups for every database: {}; '{}' is used",
                    dflt.stream().map(ResourceGroup::name).toList(), dflt.get(0).name());
        }
        this.groups = Map.copyOf(next);
        this.byUser = Map.copyOf(users);
        this.defaults = List.copyOf(dflt);
    }

    /** The group governing {@code user} in {@code database}, or null when none does. */
    public ResourceGroup groupOf(String database, String user) {
        List<ResourceGroup> listed = byUser.get(user == null ? "" : user.toLowerCase(Locale.ROOT));
        if (listed != null) {
            for (ResourceGroup g : listed) {
                if (g.coversDatabase(database)) {
                    return g;
                }
            }
        }
        for (ResourceGroup g : defaults) {
            if (g.coversDatabase(database)) {
                return g;
            }
        }
        return null;
    }

    // ---- admission

    /** The controller to register for {@code database} (one per database: session ids are per database). */
    public AdmissionController controllerFor(String database) {
        return controllers.computeIfAbsent(database, DatabaseController::new);
    }

    private final class DatabaseController implements AdmissionController {
        private final String database;

        DatabaseController(String database) {
            this.database = database;
        }

        @Override
        public String name() {
            return CONTROLLER_NAME;
        }

        @Override
        public Admission admitSession(SessionRequest request) {
            return ResourceManager.this.admitSession(database, request);
        }

        @Override
        public Admission admitStatement(StatementHandle handle) {
            return ResourceManager.this.admitStatement(handle);
        }

        @Override
        public void statementEnded(StatementHandle handle) {
            ResourceManager.this.statementEnded(handle);
        }

        @Override
        public void queueAbandoned(StatementHandle handle) {
            ResourceManager.this.queueAbandoned(handle);
        }

        @Override
        public void statementProgress(StatementHandle handle) {
            ResourceManager.this.statementProgress(handle);
        }

        @Override
        public void sessionClosed(long sessionId) {
            Map<Long, OpenSession> open = sessions.get(database);
            OpenSession s = open == null ? null : open.remove(sessionId);
            if (s != null) {
                s.group.sessions.decrementAndGet();
                s.user.sessions.decrementAndGet();
            }
        }

        @Override
        public String toString() {
            return CONTROLLER_NAME + " of database '" + database + "'";
        }
    }

    Admission admitSession(String database, SessionRequest request) {
        ResourceGroup g = groupOf(request.database(), request.user());
        if (g == null) {
            return Admission.admit();
        }
        GroupState s = states.get(g.name());
        UserQuota u = s.user(request.user());
        int mine = u.sessions.incrementAndGet();
        if (g.userMaxSessions() > 0 && mine > g.userMaxSessions()) {
            u.sessions.decrementAndGet();
            s.rejected.increment();
            return Admission.reject("resource group '" + g.name() + "' allows each user at most " + g.userMaxSessions()
                    + " sessions (user.max.sessions) and user '" + request.user() + "' has " + (mine - 1) + " open");
        }
        int now = s.sessions.incrementAndGet();
        if (g.maxSessions() > 0 && now > g.maxSessions()) {
            if (g.sessionsPolicy() == ResourceGroup.Policy.REJECT) {
                s.sessions.decrementAndGet();
                u.sessions.decrementAndGet();
                s.rejected.increment();
                return Admission.reject("resource group '" + g.name() + "' allows at most " + g.maxSessions()
                        + " sessions (max.sessions) and has " + (now - 1) + " open");
            }
            s.overLimit.increment();
            LOG.info("resource group '{}': session {} of user '{}' is over max.sessions {} ({} open); allowed by sessions.policy=allow",
                    g.name(), request.sessionId(), request.user(), g.maxSessions(), now);
        }
        sessions.computeIfAbsent(database, d -> new ConcurrentHashMap<>()).put(request.sessionId(), new OpenSession(s, u));
        return Admission.admit();
    }

    Admission admitStatement(StatementHandle h) {
        ResourceGroup g = groupOf(h.database(), h.user());
        if (g == null) {
            return Admission.admit();
        }
        GroupState s = states.get(g.name());
        boolean governed = !UNGOVERNED.contains(h.command());
        if (g.userStorageMb() > 0 && h.growsStorage()) {
            Map<String, Long> owners = storageByOwner(h.database(), false);
            long used = owners == null ? 0 : owners.getOrDefault(lower(h.user()), 0L);
            long quota = g.userStorageMb() << 20;
            if (used >= quota) { // a database we cannot read (owners null) is not refused
                s.rejected.increment();
                storageRejects.computeIfAbsent(h.database() + "\0" + lower(h.user()),
                        k -> new java.util.concurrent.atomic.LongAdder()).increment();
                return Admission.reject("resource group '" + g.name() + "' allows each user " + g.userStorageMb()
                        + " MB of tables and indexes per database (user.storage.mb) and user '" + h.user() + "' owns "
                        + mb(used) + " MB (" + used + " bytes) in database '" + h.database()
                        + "'; reads, DELETE, DROP and VACUUM still run (DELETE frees pages after VACUUM)",
                        STORAGE_QUOTA_SQLSTATE);
            }
        }
        if (governed && g.userStatementsPerHour() > 0
                && !s.user(h.user()).tryCount(System.nanoTime(), g.userStatementsPerHour())) {
            s.rejected.increment();
            return Admission.reject("resource group '" + g.name() + "' allows each user " + g.userStatementsPerHour()
                    + " statements per hour (user.statements.per.hour) and user '" + h.user() + "' has run them all");
        }
        long tid = Thread.currentThread().getId(); // admission runs on the statement's thread
        // a thread CPU clock read costs about 1 µs: only groups with a CPU limit pay it (twice per statement)
        long cpu0 = cpuMeasurable && g.cpuPerStatementMillis() > 0 ? THREADS.getCurrentThreadCpuTime() : -1;
        if (governed && g.maxConcurrentStatements() > 0) {
            Running r = new Running(g, s, true, tid, cpu0, System.nanoTime());
            running.put(h, r); // before acquire: a release on another thread may grant it at once
            switch (s.acquire(g, h)) {
                case TAKEN -> {
                    s.admitted.increment();
                    return Admission.admit();
                }
                case QUEUED -> {
                    r.queued = true;
                    return Admission.queue(java.time.Duration.ofMillis(g.maxQueueWaitMillis()), "resource group '"
                            + g.name() + "' allows at most " + g.maxConcurrentStatements()
                            + " concurrent statements (max.concurrent.statements); the statement waited "
                            + g.maxQueueWaitMillis() + " ms in its queue (max.queue.wait.ms) without a free slot");
                }
                default -> {
                    running.remove(h);
                    s.rejected.increment();
                    return Admission.reject("resource group '" + g.name() + "' allows at most "
                            + g.maxConcurrentStatements() + " concurrent statements (max.concurrent.statements) and all are running");
                }
            }
        }
        s.admitted.increment();
        running.put(h, new Running(g, s, false, tid, cpu0, System.nanoTime()));
        return Admission.admit();
    }

    /** Queued statements that got a slot: they count as admitted and their clocks start now. */
    private void started(List<StatementHandle> granted) {
        long now = System.nanoTime();
        for (StatementHandle h : granted) {
            Running r = running.get(h);
            if (r != null) {
                r.startNanos = now; // statement.timeout excludes the queue wait
                r.queued = false;
                r.state.admitted.increment();
            }
        }
    }

    /** A queued statement gave up (cancel, kill, query timeout, max.queue.wait.ms): it never ran. */
    void queueAbandoned(StatementHandle h) {
        Running r = running.remove(h);
        if (r != null) {
            r.state.abandoned(h);
            // the kernel gives up on max.queue.wait.ms only once it passed: that is a rejection (53000);
            // earlier it was a cancel, kill or query timeout, which the statement's own side asked for
            if (System.nanoTime() - r.startNanos >= java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(r.group.maxQueueWaitMillis())) {
                r.state.rejected.increment();
            }
        }
    }

    /**
     * On the statement's thread every few hundred rows: memory and I/O rate. Memory over the limit
     * terminates (or is logged); reading faster than io.pages.per.second pauses the statement until
     * its pages fit the rate since it started (throttle), or terminates it.
     */
    void statementProgress(StatementHandle h) {
        Running r = running.get(h);
        if (r == null || r.flaggedMemory && r.group.ioPagesPerSecond() == 0) {
            return;
        }
        ResourceGroup g = r.group;
        if (g.memoryPerStatementMb() > 0 && !r.flaggedMemory) {
            long bytes = h.memoryBytes();
            if (bytes > g.memoryPerStatementMb() << 20) {
                r.flaggedMemory = true;
                act(h, r, g.memoryPolicy(), "resource group '" + g.name() + "' limits memory per statement to "
                        + g.memoryPerStatementMb() + " MB (memory.per.statement.mb); the statement held about "
                        + mb(bytes) + " MB in " + h.memoryRows() + " rows of a sort or hash table");
            }
        }
        long rate = g.ioPagesPerSecond();
        if (rate > 0 && !r.flaggedIo) {
            long pages = h.pagesRead() + h.pagesHit();
            long elapsed = System.nanoTime() - r.startNanos;
            long due = (long) (pages * 1e9 / rate); // how long these pages take at the limit
            if (g.ioPolicy() == ResourceGroup.Policy.THROTTLE) {
                if (due > elapsed) {
                    // at most a second at a time: a reconfiguration or a cancel applies soon
                    h.throttle(java.time.Duration.ofNanos(Math.min(due - elapsed, 1_000_000_000L)));
                    if (!r.throttled) {
                        r.throttled = true;
                        r.state.throttled.increment();
                    }
                }
            } else if (pages > rate && due > Math.max(elapsed, 1_000_000_000L)) { // a second's pages as a burst
                r.flaggedIo = true;
                act(h, r, g.ioPolicy(), "resource group '" + g.name() + "' limits statements to " + rate
                        + " pages per second (io.pages.per.second); the statement read " + pages + " pages in "
                        + elapsed / 1_000_000 + " ms");
            }
        }
    }

    private static String lower(String user) {
        return user == null ? "" : user.toLowerCase(Locale.ROOT);
    }

    // ---- storage quota

    /** Where {@code database}'s table sizes come from (the component passes Database::tableStorage). */
    public void setStorageSource(String database, java.util.function.Supplier<List<TableStorage>> source) {
        storageSources.put(database, source);
        ownerStorage.remove(database);
    }

    public void removeStorageSource(String database) {
        storageSources.remove(database);
        ownerStorage.remove(database);
    }

    /** Tests set 0 to read the storage at every check. */
    void storageMaxAge(long millis) {
        storageMaxAgeNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private record OwnerStorage(long readNanos, Map<String, Long> bytes) {
    }

    /**
     * Bytes of tables and indexes each owner (lower case) has in {@code database}: a reading at most
     * {@link #STORAGE_MAX_AGE_NANOS} old, or a new one with {@code fresh}; null when the database's
     * storage cannot be read (not open, or it failed: logged).
     */
    Map<String, Long> storageByOwner(String database, boolean fresh) {
        OwnerStorage o = ownerStorage.get(database);
        long now = System.nanoTime();
        if (!fresh && o != null && now - o.readNanos() < storageMaxAgeNanos) {
            return o.bytes();
        }
        java.util.function.Supplier<List<TableStorage>> source = storageSources.get(database);
        if (source == null) {
            return null;
        }
        synchronized (source) { // one reader per database; the others take its reading
            o = ownerStorage.get(database);
            if (!fresh && o != null && System.nanoTime() - o.readNanos() < storageMaxAgeNanos) {
                return o.bytes();
            }
            Map<String, Long> bytes = new HashMap<>();
            try {
                for (TableStorage t : source.get()) {
                    bytes.merge(lower(t.owner()), t.bytes(), Long::sum);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot read the table sizes of database '{}'; its storage quotas are not enforced now", database, e);
                return null;
            }
            o = new OwnerStorage(now, Map.copyOf(bytes));
            ownerStorage.put(database, o);
            return o.bytes();
        }
    }

    /**
     * Every user with a storage quota in {@code database} (or every database when null): users the
     * groups with {@code user.storage.mb} list, and owners of tables a default group with a quota
     * governs; read now, not from the admission's reading.
     */
    public List<UserStorage> userStorage(String database) {
        List<UserStorage> out = new ArrayList<>();
        for (String db : new java.util.TreeSet<>(database == null ? storageSources.keySet() : List.of(database))) {
            Map<String, Long> owners = storageByOwner(db, true);
            if (owners == null) {
                continue;
            }
            java.util.Set<String> users = new java.util.TreeSet<>(owners.keySet());
            for (ResourceGroup g : groups.values()) {
                if (g.userStorageMb() > 0 && g.coversDatabase(db)) {
                    users.addAll(g.users());
                }
            }
            for (String u : users) {
                ResourceGroup g = groupOf(db, u);
                if (g != null && g.userStorageMb() > 0) {
                    java.util.concurrent.atomic.LongAdder r = storageRejects.get(db + "\0" + u);
                    out.add(new UserStorage(g, u, db, owners.getOrDefault(u, 0L), g.userStorageMb() << 20,
                            r == null ? 0 : r.sum()));
                }
            }
        }
        return out;
    }

    /** One user's tables in one database against its group's storage quota. */
    public record UserStorage(ResourceGroup group, String user, String database, long usedBytes, long quotaBytes,
            long rejected) {
        public boolean overQuota() {
            return usedBytes >= quotaBytes;
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    void statementEnded(StatementHandle h) {
        Running r = running.remove(h);
        if (r == null) {
            return;
        }
        if (r.cpu0 >= 0) {
            r.state.cpuNanos.add(Math.max(0, THREADS.getCurrentThreadCpuTime() - r.cpu0)); // still the statement's thread
        }
        r.state.statements.increment();
        if (r.slot) {
            started(r.state.release());
        }
    }

    // ---- the watchdog

    private void checkRunning() {
        try {
            long now = System.nanoTime();
            for (Map.Entry<StatementHandle, Running> e : running.entrySet()) {
                check(e.getKey(), e.getValue(), now);
            }
        } catch (RuntimeException e) {
            LOG.warn("resource manager watchdog failed; it keeps running", e);
        }
    }

    private void check(StatementHandle h, Running r, long now) {
        ResourceGroup g = r.group;
        if (r.flagged || r.queued) {
            return;
        }
        if (g.cpuPerStatementMillis() > 0 && r.cpu0 >= 0) {
            long cpu = THREADS.getThreadCpuTime(r.threadId);
            long usedMillis = cpu < 0 ? -1 : (cpu - r.cpu0) / 1_000_000;
            if (usedMillis > g.cpuPerStatementMillis()) {
                over(h, r, g.cpuPolicy(), "resource group '" + g.name() + "' limits CPU time per statement to "
                        + g.cpuPerStatementMillis() + " ms (cpu.per.statement.ms); the statement used " + usedMillis + " ms");
                return;
            }
        }
        if (g.statementTimeoutMillis() > 0) {
            long elapsedMillis = (now - r.startNanos) / 1_000_000;
            if (elapsedMillis > g.statementTimeoutMillis()) {
                over(h, r, g.timeoutPolicy(), "resource group '" + g.name() + "' limits statements to "
                        + g.statementTimeoutMillis() + " ms (statement.timeout.ms); the statement ran " + elapsedMillis + " ms");
            }
        }
    }

    private void over(StatementHandle h, Running r, ResourceGroup.Policy policy, String why) {
        r.flagged = true; // once per statement: no second cancel, no log flood
        act(h, r, policy, why);
    }

    private void act(StatementHandle h, Running r, ResourceGroup.Policy policy, String why) {
        if (policy == ResourceGroup.Policy.TERMINATE) {
            if (h.cancel(why)) {
                r.state.terminated.increment();
                LOG.info("terminated statement of session {} (user '{}'): {}", h.sessionId(), h.user(), why);
            }
        } else {
            r.state.overLimit.increment();
            LOG.info("statement of session {} (user '{}') is over its limit, allowed by policy: {} [{}]", h.sessionId(),
                    h.user(), why, h.digest().text());
        }
    }

    // ---- statistics

    /** One row per active group, by name. */
    public List<GroupStats> stats() {
        List<GroupStats> out = new ArrayList<>();
        for (ResourceGroup g : groups.values()) {
            GroupState s = states.get(g.name());
            out.add(new GroupStats(g, s.sessions.get(), s.active(), s.queuedNow(), s.admitted.sum(), s.queued.sum(),
                    s.rejected.sum(), s.terminated.sum(), s.overLimit.sum(), s.statements.sum(), s.cpuNanos.sum(),
                    s.throttled.sum()));
        }
        return out;
    }

    /** Active groups, by name. */
    public Collection<ResourceGroup> groups() {
        return groups.values();
    }

    /** Whether any group is active (the component registers controllers only then). */
    public boolean hasGroups() {
        return !groups.isEmpty();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    /** A session admitted into a group. */
    private record OpenSession(GroupState group, UserQuota user) {
    }

    /** A statement admitted while its group was active. */
    private static final class Running {
        final ResourceGroup group;
        final GroupState state;
        final boolean slot;
        final long threadId;
        final long cpu0;
        /** From admission, or from the grant of a queued statement. */
        volatile long startNanos;
        /** Waiting in the kernel's queue: not yet watched. */
        volatile boolean queued;
        volatile boolean flagged;
        // written only on the statement's thread (progress calls)
        boolean flaggedMemory;
        boolean flaggedIo;
        boolean throttled;

        Running(ResourceGroup group, GroupState state, boolean slot, long threadId, long cpu0, long startNanos) {
            this.group = group;
            this.state = state;
            this.slot = slot;
            this.threadId = threadId;
            this.cpu0 = cpu0;
            this.startNanos = startNanos;
        }
    }

    /** A group's figures at one moment; cumulative counters count since the plugin started. */
    public record GroupStats(ResourceGroup group, int sessions, int activeStatements, int queuedStatements,
            long admitted, long queuedTotal, long rejected, long terminated, long overLimit, long ended, long cpuNanos,
            long throttled) {
    }
}
