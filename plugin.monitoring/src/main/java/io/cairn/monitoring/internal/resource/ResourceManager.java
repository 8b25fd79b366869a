package io.cairn.monitoring.internal.resource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.cairn.monitoring.internal.MonitoringConfig;
import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.SessionRequest;
import io.cairn.sql.instrument.StatementHandle;

/**
 * The resource manager: sessions map to a {@link ResourceGroup} by user, and each group's limits
 * are enforced when sessions open (reject over maxSessions), when statements start (queue over
 * maxConcurrent, reject after queueMillis) and while they run (cancel past cpuMillis of CPU).
 * Users in no group are admitted at once and not watched.
 */
@Component(service = {AdmissionController.class, ResourceManager.class}, immediate = true,
        configurationPid = "io.cairn.monitoring")
public final class ResourceManager implements AdmissionController {

    /** Per group: sessions open, the concurrency gate and figures. */
    static final class GroupState {
        final ResourceGroup group;
        final AtomicInteger sessions = new AtomicInteger();
        final Semaphore slots;
        final AtomicLong queued = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();

        GroupState(ResourceGroup group) {
            this.group = group;
            this.slots = group.maxConcurrent() > 0 ? new Semaphore(group.maxConcurrent(), true) : null;
        }
    }

    /** A running statement of a CPU-limited group: its thread's CPU clock at the start. */
    private record Watched(GroupState state, long threadId, long cpuAtStart) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, GroupState> byUser = new ConcurrentHashMap<>();
    private final Map<Long, GroupState> sessionGroups = new ConcurrentHashMap<>();
    private final Map<StatementHandle, Watched> watched = new ConcurrentHashMap<>();
    private final Map<StatementHandle, GroupState> holding = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    @Activate
    public ResourceManager(MonitoringConfig config) {
        this(ResourceGroup.parse(config.resourceGroups()), 10);
    }

    public ResourceManager(Map<String, ResourceGroup> groups, long watchMillis) {
        for (ResourceGroup g : groups.values()) {
            GroupState s = new GroupState(g);
            g.users().forEach(u -> byUser.put(u, s));
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-resource-manager");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::enforceCpu, watchMillis, watchMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return "resource manager";
    }

    @Override
    public Admission admitSession(SessionRequest request) {
        GroupState s = byUser.get(request.user());
        if (s == null) {
            return Admission.admit();
        }
        int max = s.group.maxSessions();
        if (max > 0 && s.sessions.incrementAndGet() > max) {
            s.sessions.decrementAndGet();
            s.rejected.incrementAndGet();
            return Admission.reject("resource group '" + s.group.name() + "' allows " + max + " sessions");
        }
        if (max <= 0) {
            s.sessions.incrementAndGet();
        }
        sessionGroups.put(request.sessionId(), s);
        return Admission.admit();
    }

    @Override
    public void sessionClosed(long sessionId) {
        GroupState s = sessionGroups.remove(sessionId);
        if (s != null) {
            s.sessions.decrementAndGet();
        }
    }

    @Override
    public Admission admitStatement(StatementHandle handle) {
        GroupState s = byUser.get(handle.user());
        if (s == null) {
            return Admission.admit();
        }
        if (s.slots != null) {
            // the queue: this statement's thread waits for a slot, in arrival order
            if (!s.slots.tryAcquire()) {
                s.queued.incrementAndGet();
                boolean got;
                try {
                    got = s.group.queueMillis() > 0 && s.slots.tryAcquire(s.group.queueMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    got = false;
                }
                if (!got) {
                    s.rejected.incrementAndGet();
                    return Admission.reject("resource group '" + s.group.name() + "' runs at most "
                            + s.group.maxConcurrent() + " statements at once and none ended within "
                            + s.group.queueMillis() + " ms");
                }
            }
            holding.put(handle, s);
        }
        if (s.group.cpuMillis() > 0) {
            long tid = Thread.currentThread().getId();
            watched.put(handle, new Watched(s, tid, THREADS.getThreadCpuTime(tid)));
        }
        return Admission.admit();
    }

    @Override
    public void statementEnded(StatementHandle handle) {
        watched.remove(handle);
        GroupState s = holding.remove(handle);
        if (s != null) {
            s.slots.release();
        }
    }

    /** On the watchdog thread: cancels statements past their group's CPU limit. */
    void enforceCpu() {
        for (Map.Entry<StatementHandle, Watched> e : watched.entrySet()) {
            Watched w = e.getValue();
            long now = THREADS.getThreadCpuTime(w.threadId());
            long limitNanos = TimeUnit.MILLISECONDS.toNanos(w.state().group.cpuMillis());
            if (now >= 0 && w.cpuAtStart() >= 0 && now - w.cpuAtStart() > limitNanos && e.getKey().isRunning()) {
                if (e.getKey().cancel("CPU time limit of " + w.state().group.cpuMillis() + " ms per statement of resource group '"
                        + w.state().group.name() + "' exceeded")) {
                    w.state().cancelled.incrementAndGet();
                }
                watched.remove(e.getKey());
            }
        }
    }

    /** Figures of a group, for v$rsrc_group: sessions, running, queued, rejected, cancelled. */
    public Map<String, long[]> figures() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        for (GroupState s : new java.util.HashSet<>(byUser.values())) {
            int running = s.slots == null ? -1 : s.group.maxConcurrent() - s.slots.availablePermits();
            out.put(s.group.name(), new long[] {s.sessions.get(), running, s.queued.get(), s.rejected.get(),
                s.cancelled.get()});
        }
        return out;
    }

    @Deactivate
    public void close() {
        watchdog.shutdownNow();
    }
}
