package io.cairn.sql.internal.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.cairn.sql.SqlException;
import io.cairn.sql.instrument.AccessPath;
import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.SessionRequest;
import io.cairn.sql.instrument.StatementDigest;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementHandle;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.instrument.StatementStart;
import io.cairn.sql.internal.exec.CancelFlag;
import io.cairn.sql.internal.exec.Operator;
import io.cairn.sql.internal.exec.StatementProbe;
import io.cairn.sql.internal.expr.EvalContext;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.storage.IoCounter;
import io.cairn.txn.Session;
import io.cairn.txn.WaitClass;
import io.cairn.txn.WaitEvents;
import io.cairn.txn.WaitTally;

/**
 * The statement instrumentation of one engine: the registered {@link StatementListener}s and
 * {@link AdmissionController}s, and the wrapper that runs a statement with them. While none is
 * registered {@link #active()} is false and the engine takes its plain path: no digest, no
 * clocks, no events.
 */
final class Instrumentation {

    /** System.Logger, not SLF4J: the engine also runs embedded (JDBC) where SLF4J may be absent. */
    private static final System.Logger LOG = System.getLogger(Instrumentation.class.getName());
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = cpuTimeSupported();
    /** Longest slice of an admission delay between checks of the cancel flag. */
    private static final long DELAY_SLICE_NANOS = 20_000_000;

    /** The registered services, replaced as a whole when one comes or goes (copy on write). */
    private record Services(StatementListener[] listeners, AdmissionController[] controllers, boolean cpuTime,
            boolean startEvents) {
        Services(StatementListener[] listeners, AdmissionController[] controllers) {
            this(listeners, controllers, Arrays.stream(listeners).anyMatch(Instrumentation::wantsCpuTime),
                    Arrays.stream(listeners).anyMatch(Instrumentation::wantsStart));
        }

        boolean active() {
            return listeners.length > 0 || controllers.length > 0;
        }
    }

    private volatile Services services = new Services(new StatementListener[0], new AdmissionController[0]);
    private final PlanHash.Cache plans = new PlanHash.Cache();
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder controllerFailures = new LongAdder();
    private final SqlEngine engine;

    Instrumentation(SqlEngine engine) {
        this.engine = engine;
    }

    /** Wall-clock epoch nanoseconds minus System.nanoTime(): one clock read per statement instead of two. */
    private static volatile long wallOffsetNanos;
    private static volatile long calibratedAt = Long.MIN_VALUE;

    /** The wall-clock time of {@code nanoTime} in epoch milliseconds, recalibrated once a second. */
    static long wallMillis(long nanoTime) {
        long at = calibratedAt;
        if (at == Long.MIN_VALUE || nanoTime - at > 1_000_000_000L || nanoTime - at < 0) {
            wallOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
            calibratedAt = nanoTime;
        }
        return (nanoTime + wallOffsetNanos) / 1_000_000L;
    }

    private static boolean cpuTimeSupported() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    boolean active() {
        return services.active();
    }

    /** False when the listener keeps the default (empty) statementStarted: then no start event is built. */
    private static boolean wantsStart(StatementListener l) {
        try {
            return l.getClass().getMethod("statementStarted", StatementStart.class).getDeclaringClass()
                    != StatementListener.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true;
        }
    }

    private static boolean wantsCpuTime(StatementListener l) {
        try {
            return l.wantsCpuTime();
        } catch (RuntimeException e) {
            return true;
        }
    }

    boolean hasControllers() {
        return services.controllers.length > 0;
    }

    synchronized void addListener(StatementListener l) {
        Services s = services;
        if (!Arrays.asList(s.listeners).contains(l)) {
            StatementListener[] ls = Arrays.copyOf(s.listeners, s.listeners.length + 1);
            ls[ls.length - 1] = l;
            services = new Services(ls, s.controllers);
            if (ls.length == 1) {
                IoCounter.enable(); // page and log counting on while someone listens
            }
        }
    }

    synchronized void removeListener(StatementListener l) {
        Services s = services;
        StatementListener[] ls = Arrays.stream(s.listeners).filter(x -> x != l).toArray(StatementListener[]::new);
        services = new Services(ls, s.controllers);
        if (ls.length == 0 && s.listeners.length > 0) {
            IoCounter.disable();
        }
    }

    synchronized void addController(AdmissionController c) {
        Services s = services;
        if (!Arrays.asList(s.controllers).contains(c)) {
            AdmissionController[] cs = Arrays.copyOf(s.controllers, s.controllers.length + 1);
            cs[cs.length - 1] = c;
            services = new Services(s.listeners, cs);
            if (cs.length == 1) {
                IoCounter.enable(); // controllers see a running statement's pages (StatementHandle.pagesRead)
            }
        }
    }

    synchronized void removeController(AdmissionController c) {
        Services s = services;
        AdmissionController[] cs = Arrays.stream(s.controllers).filter(x -> x != c).toArray(AdmissionController[]::new);
        services = new Services(s.listeners, cs);
        if (cs.length == 0 && s.controllers.length > 0) {
            IoCounter.disable();
        }
    }

    long listenerFailures() {
        return listenerFailures.sum();
    }

    long controllerFailures() {
        return controllerFailures.sum();
    }

    // ---- sessions

    /** Asks every controller whether a session may open; fails with 53300 on a rejection. */
    void admitSession(Session session, String clientInfo) throws SqlException {
        AdmissionController[] cs = services.controllers;
        if (cs.length == 0) {
            return;
        }
        SessionRequest req = new SessionRequest(engine.databaseName(), session.id(), session.user(), clientInfo);
        long delay = 0;
        for (AdmissionController c : cs) {
            Admission a;
            try {
                a = c.admitSession(req);
            } catch (RuntimeException e) {
                controllerFailed(c, e);
                continue;
            }
            if (a == null || a.decision() == Admission.Decision.ADMIT) {
                continue;
            }
            if (a.decision() == Admission.Decision.REJECT) {
                sessionClosed(session.id());
                throw new SqlException("session rejected by admission controller " + c.name() + ": " + a.reason(), "53300");
            }
            delay += a.delay().toNanos();
        }
        if (delay > 0) {
            waitAdmission(session, delay, null);
        }
    }

    void sessionClosed(long sessionId) {
        for (AdmissionController c : services.controllers) {
            try {
                c.sessionClosed(sessionId);
            } catch (RuntimeException e) {
                controllerFailed(c, e);
            }
        }
    }

    // ---- statements

    /**
     * Runs a statement under admission control and with start and end events: the instrumented
     * counterpart of the engine's plain path, used while any service is registered. {@code start}
     * is the statement's start ({@link System#nanoTime()}) the engine read already. A batch entry
     * is instrumented by the same three steps ({@link #begin}, {@link #admit(Run, Session, CancelFlag)},
     * {@link #finish}) around its own execution ({@link SqlEngine#executeBatch}).
     */
    SqlResult run(Session session, SqlEngine.SessionState ss, Statement st, ParsedText parsed, EvalContext eval,
            CancelFlag cancel, long deadline, long start) throws SqlException {
        Run run = begin(session, ss, parsed, cancel, deadline, start);
        SqlResult result = null;
        SqlException error = null;
        try {
            admit(run, session, cancel);
            result = engine.run(session, ss, st, parsed.sql, eval, cancel, deadline);
            if (ss.stream != null) { // a streaming SELECT: it reports its end when its rows end (ResultStream)
                boolean streamCpu = run.cpuTime;
                long streamCpu0 = run.cpu0;
                if (run.wantsCpu && !run.cpuTime) { // runs on over fetches: the clock from now, the first rows estimated
                    streamCpu = true;
                    streamCpu0 = THREADS.getCurrentThreadCpuTime()
                            - Math.max(0, System.nanoTime() - run.t0 - ss.waits.totalNanos());
                }
                ss.stream.instrumented(this, run.services.listeners, run, run.t0, run.wall, streamCpu, streamCpu0,
                        run.measure ? ss.waits : null, run.io, run.read0, run.hit0, run.wal0);
            }
            return result;
        } catch (SqlException e) {
            error = e;
            throw e;
        } catch (RuntimeException | Error e) {
            error = new SqlException("internal error: " + e, "XX000"); // the end event must not report success
            throw e;
        } finally {
            finish(run, ss, session, result == null ? 0 : result.isQuery() ? result.rows().size() : result.updateCount(),
                    error);
        }
    }

    /**
     * A statement (or batch entry) starts under instrumentation: its run record, and the figures
     * its end subtracts from (clocks, page and log counters, wait tally). Cannot fail; the caller
     * then calls {@link #admit(Run, Session, CancelFlag)} and, whatever happens, {@link #finish}.
     */
    Run begin(Session session, SqlEngine.SessionState ss, ParsedText parsed, CancelFlag cancel, long deadline,
            long start) {
        Services svc = services;
        boolean measure = svc.listeners.length > 0;
        boolean wantsCpu = measure && CPU_TIME && svc.cpuTime;
        boolean cpuTime = wantsCpu && parsed.cpuHistory().measureNext();
        // the digest comes with the parse-cache entry: one lookup by text for both
        Run run;
        Run current = ss.instrumented; // a statement a procedure runs nests in its caller's
        if (svc.controllers.length == 0 && (current == null || !current.open)) {
            // no handle can outlive the statement: the session's one Run serves statement after statement
            run = ss.spareRun;
            if (run == null || run.session != session) {
                run = new Run(engine.databaseName(), session, parsed, null, 0);
                ss.spareRun = run;
            } else {
                run.reuse(parsed);
            }
        } else {
            run = new Run(engine.databaseName(), session, parsed, cancel, deadline);
            run.running = true;
        }
        if (run.services != svc) { // a reused run stores it only when a service came or went (see reuse)
            run.services = svc;
        }
        run.measure = measure;
        run.wantsCpu = wantsCpu;
        run.cpuTime = cpuTime;
        run.growsStorage = parsed.growsStorage;
        run.t0 = start;
        run.wall = wallMillis(start);
        run.cpu0 = cpuTime ? THREADS.getCurrentThreadCpuTime() : 0;
        if (measure) {
            WaitTally tally = ss.waits; // the session's own, reused: read back on this thread before the next statement
            tally.clear();
            session.tallyWaits(tally);
        }
        // the controllers' handles read pages too (pagesRead, pagesHit)
        IoCounter io = measure || svc.controllers.length > 0 ? ss.ioCounter() : null;
        if (run.io != io) {
            run.io = io;
        }
        if (io != null) {
            run.read0 = io.pagesRead();
            run.hit0 = io.pagesHit();
            run.wal0 = io.walBytes();
        }
        session.setStatementIdentity(run.digest().id(), 0);
        run.outer = current != null && current != run && current.open ? current : null;
        if (current != run) {
            ss.instrumented = run; // the reused run stays in place: no reference store per statement
        }
        run.open = true;
        return run;
    }

    /**
     * Asks the controllers whether the statement of {@code run} may run (a rejection, or a cancel
     * while queued or delayed, fails it: nothing of it runs and listeners hear nothing of it),
     * then gives the listeners its start event.
     */
    void admit(Run run, Session session, CancelFlag cancel) throws SqlException {
        Services svc = run.services;
        admit(svc.controllers, session, run, cancel);
        if (svc.startEvents) {
            StatementStart started = new StatementStart(run.database, run.sessionId, run.user, run.command(),
                    run.digest(), run.text(), run.startTime(run.wall));
            for (StatementListener l : svc.listeners) {
                try {
                    l.statementStarted(started);
                } catch (RuntimeException | LinkageError e) {
                    listenerFailed(l, e);
                }
            }
        }
    }

    /**
     * The statement of {@code run} ended ({@code error} null: with {@code rows} rows returned or
     * changed): the controllers that admitted it and, if it was admitted, the listeners hear of
     * it (unless a streaming SELECT took both over).
     */
    void finish(Run run, SqlEngine.SessionState ss, Session session, long rows, SqlException error) {
        run.open = false;
        if (run.outer != null) {
            ss.instrumented = run.outer; // the caller's statement goes on
            run.outer = null;
        }
        if (run.running) {
            run.running = false; // handles of controllers see the end
        }
        long cpu = run.cpuTime ? THREADS.getCurrentThreadCpuTime() - run.cpu0 : -1;
        boolean reports = run.admittedBy != null || run.measure && run.admitted; // a stream took both over: neither
        long elapsed = reports || run.wantsCpu ? System.nanoTime() - run.t0 : 0; // a stream reads its own end
        WaitTally tally = ss.waits;
        if (run.measure && ss.stream != null) {
            // a streaming SELECT attaches the tally per fetch: its client's think time between
            // fetches is no wait of its own. Otherwise the tally stays attached (cleared at the
            // next statement's start; no waits come between statements), one store fewer per statement.
            session.tallyWaits(null);
        }
        if (run.wantsCpu) {
            run.parsed.cpuHistory().ran(elapsed);
            if (!run.cpuTime) { // a short statement: on the CPU except while it waited (CpuHistory says why)
                cpu = Math.max(0, elapsed - tally.totalNanos());
            }
        }
        session.setStatementIdentity(0, 0);
        if (reports) {
            IoCounter io = run.io;
            ended(run, run.services.listeners, run.admittedBy, run.admitted, run.wall, rows, elapsed, cpu,
                    run.cpuTime, run.measure ? io.pagesRead() - run.read0 : 0,
                    run.measure ? io.pagesHit() - run.hit0 : 0, run.measure ? io.walBytes() - run.wal0 : 0, tally,
                    error);
        }
    }

    /** The calling thread's CPU time in nanoseconds. */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * A statement's end, for {@link #run} and for a streaming SELECT ({@link ResultStream}, its
     * figures summed over the fetches it ran in): the controllers that admitted it hear of it, and
     * the listeners get its end event if it was admitted.
     */
    void ended(Run run, StatementListener[] listeners, List<Handle> admittedBy, boolean admitted, long wall,
            long rows, long elapsed, long cpu, boolean cpuMeasured, long pagesRead, long pagesHit, long walBytes,
            WaitTally tally, SqlException error) {
        if (admittedBy != null) { // no iterator without controllers
            controllersEnded(admittedBy);
        }
        if (listeners.length > 0 && admitted) {
            StatementEnd end = new StatementEnd(run.database, run.sessionId, run.user, run.command(), run.digest(),
                    run.text(), run.planHash, run.startTime(wall), rows, elapsed, cpu, pagesRead, pagesHit,
                    walBytes, tally.lockWaitNanos(), tally.nanosByEvent(),
                    error == null ? null : error.getSQLState(), error == null ? null : error.getMessage(),
                    run.accessPaths(), cpuMeasured, run.tempBytes);
            for (StatementListener l : listeners) {
                try {
                    l.statementEnded(end);
                } catch (RuntimeException | LinkageError e) {
                    listenerFailed(l, e);
                }
            }
        }
    }

    private void controllersEnded(List<Handle> admittedBy) {
        for (Handle h : admittedBy) {
            try {
                h.controller.statementEnded(h);
            } catch (RuntimeException e) {
                controllerFailed(h.controller, e);
            }
        }
    }

    /**
     * The plan of the running statement is known: its hash goes to the session and the events.
     * A plan from the plan cache ({@code cached} not null) has them computed once for its entry.
     */
    void planned(Session session, Run run, String sql, Operator root, PlanCache.Entry cached) {
        PlanHash.Cache.Entry e;
        if (cached != null) {
            e = cached.hash;
            if (e == null) {
                e = new PlanHash.Cache.Entry(0, PlanHash.of(root), PlanHash.accessPaths(root));
                cached.hash = e;
            }
        } else {
            e = plans.get(sql, root);
        }
        run.planHash = e.hash();
        run.planned = true;
        if (run.accessPaths != e.accessPaths()) { // the same plan again: no reference store
            run.accessPaths = e.accessPaths();
        }
        session.setStatementIdentity(run.digest().id(), e.hash());
    }

    private void admit(AdmissionController[] cs, Session session, Run run, CancelFlag cancel) throws SqlException {
        if (cs.length == 0) {
            run.admitted = true;
            return;
        }
        run.admittedBy = new ArrayList<>(cs.length);
        long delay = 0;
        for (AdmissionController c : cs) {
            Admission a;
            Handle h = new Handle(this, run, c);
            try {
                a = c.admitStatement(h);
            } catch (RuntimeException e) {
                controllerFailed(c, e);
                h.queue.set(Handle.ADMITTED);
                run.admittedBy.add(h); // taken as admitting: it hears of the end too
                continue;
            }
            if (a != null && a.decision() == Admission.Decision.QUEUE) {
                waitQueued(session, run, h, a);
                continue;
            }
            // a grant() that came before the decision is moot now: the handle was admitted or refused
            h.queue.set(Handle.ADMITTED);
            if (a == null || a.decision() != Admission.Decision.REJECT) {
                run.admittedBy.add(h);
                if (a != null && a.decision() == Admission.Decision.DELAY) {
                    delay += a.delay().toNanos();
                }
                continue;
            }
            throw new SqlException("statement rejected by admission controller " + c.name() + ": " + a.reason(),
                    a.sqlState() != null ? a.sqlState() : "53000");
        }
        if (delay > 0) {
            waitAdmission(session, delay, cancel);
        }
        run.admitted = true;
    }

    /**
     * Waits, as wait event "resmgr: queued", until the controller grants {@code h}; gives up on
     * cancel, kill, query timeout or when the queue's longest wait passes, and then tells the
     * controller (unless its grant came first: then the statement counts as admitted).
     */
    private void waitQueued(Session session, Run run, Handle h, Admission a) throws SqlException {
        long maxWait = a.delay().toNanos();
        boolean interrupted = false;
        if (h.queue.compareAndSet(Handle.NEW, Handle.WAITING)) {
            session.beginWait(Admission.QUEUED_WAIT_EVENT, WaitClass.SCHEDULER);
            Thread waiter = Thread.currentThread();
            // a cancel, kill or query timeout wakes the wait at once (the slices only bound a lost wake-up)
            try (var wake = run.cancel.signal().onCancel(() -> LockSupport.unpark(waiter))) {
                long start = System.nanoTime();
                while (h.queue.get() == Handle.WAITING) {
                    long now = System.nanoTime();
                    long left = maxWait - (now - start);
                    if (run.deadline != 0) {
                        left = Math.min(left, run.deadline - now);
                    }
                    if (left <= 0 || run.cancel.get()) {
                        break;
                    }
                    LockSupport.parkNanos(h, Math.min(left, DELAY_SLICE_NANOS)); // grant() and cancel unpark
                    if (Thread.interrupted()) {
                        interrupted = true;
                        break;
                    }
                }
            } finally {
                session.endWait();
            }
        }
        boolean abandoned = h.queue.compareAndSet(Handle.WAITING, Handle.ABANDONED);
        if (!abandoned) { // granted (perhaps at the last moment): the controller counts it as running
            run.admittedBy.add(h);
        }
        SqlException stop = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
            stop = new SqlException("interrupted while queued by admission controller " + h.controller.name(), "57014");
        } else if (run.cancel.get()) {
            String why = run.cancel.reason() != null ? run.cancel.reason() : "user request";
            stop = new SqlException("canceling statement due to " + why, "57014");
        } else if (run.deadline != 0 && System.nanoTime() - run.deadline > 0) {
            stop = new SqlException("canceling statement due to statement timeout", "57014");
        } else if (abandoned) {
            stop = new SqlException("statement rejected by admission controller " + h.controller.name() + ": "
                    + a.reason(), "53000");
        }
        if (abandoned) {
            try {
                h.controller.queueAbandoned(h);
            } catch (RuntimeException e) {
                controllerFailed(h.controller, e);
            }
        }
        if (stop != null) {
            throw stop;
        }
    }

    /** Waits out an admission delay as wait event "resmgr: admission delay", stopping early on cancel. */
    private static void waitAdmission(Session session, long nanos, CancelFlag cancel) throws SqlException {
        session.beginWait(WaitEvents.ADMISSION_DELAY, WaitClass.SCHEDULER);
        Thread waiter = Thread.currentThread();
        try (var wake = cancel == null ? null : cancel.signal().onCancel(() -> LockSupport.unpark(waiter))) {
            long end = System.nanoTime() + nanos;
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                if (cancel != null && cancel.get()) {
                    break;
                }
                LockSupport.parkNanos(Math.min(left, DELAY_SLICE_NANOS));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new SqlException("interrupted while waiting for admission", "57014");
                }
            }
        } finally {
            session.endWait();
        }
        if (cancel != null && cancel.get()) {
            String why = cancel.reason() != null ? cancel.reason() : "user request";
            throw new SqlException("canceling statement due to " + why, "57014");
        }
    }

    private void listenerFailed(StatementListener l, Throwable e) {
        listenerFailures.increment();
        long n = listenerFailures.sum();
        if (n <= 10 || Long.bitCount(n) == 1) { // the first few, then every power of two: visible, not a flood
            LOG.log(System.Logger.Level.WARNING, "database '" + engine.databaseName() + "': statement listener " + l
                    + " failed (" + n + " failures so far); the statement is unaffected", e);
        }
    }

    private void controllerFailed(AdmissionController c, Throwable e) {
        controllerFailures.increment();
        long n = controllerFailures.sum();
        if (n <= 10 || Long.bitCount(n) == 1) {
            LOG.log(System.Logger.Level.WARNING, "database '" + engine.databaseName() + "': admission controller "
                    + c.name() + " failed (" + n + " failures so far); taken as admitting", e);
        }
    }

    static String cut(String sql) {
        return sql.length() <= StatementListener.MAX_TEXT_LENGTH ? sql : sql.substring(0, StatementListener.MAX_TEXT_LENGTH);
    }

    private static final ConcurrentHashMap<Class<?>, String> COMMANDS = new ConcurrentHashMap<>();

    /** SELECT, INSERT, CREATE TABLE...: the statement record's name in words. */
    /**
     * Statements that can make tables or indexes take more pages: INSERT, UPDATE (a row may grow,
     * and every index entry of a changed column is new), CREATE TABLE, CREATE INDEX, REINDEX (it
     * builds a new tree before dropping the old) and EXPLAIN ANALYZE of one, which runs it.
     */
    static boolean growsStorage(Statement st) {
        return st instanceof Statement.Insert || st instanceof Statement.Update || st instanceof Statement.CreateTable
                || st instanceof Statement.CreateIndex || st instanceof Statement.Reindex
                || st instanceof Statement.Explain e && e.analyze() && growsStorage(e.statement());
    }

    static String command(Statement st) {
        String known = COMMANDS.get(st.getClass());
        return known != null ? known : COMMANDS.computeIfAbsent(st.getClass(), c -> {
            String n = c.getSimpleName();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n.length(); i++) {
                char ch = n.charAt(i);
                if (i > 0 && Character.isUpperCase(ch)) {
                    sb.append(' ');
                }
                sb.append(ch);
            }
            return sb.toString().toUpperCase(Locale.ROOT);
        });
    }

    /**
     * One statement between admission and its end; while controllers are registered also the
     * executor's {@link StatementProbe}, publishing progress for their handles and serving pauses.
     */
    static final class Run implements StatementProbe {
        private static final java.lang.invoke.VarHandle PAUSE_NANOS;
        static {
            try {
                PAUSE_NANOS = java.lang.invoke.MethodHandles.lookup().findVarHandle(Run.class, "pauseNanos", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final String database;
        final long sessionId;
        final String user;
        /** The statement's parse-cache entry: its kind, digest and event text (one reference, not three copies). */
        ParsedText parsed;
        /** The statement's cancel request; only a run made for controllers keeps it (their handles cancel through it). */
        CancelFlag cancel;
        final Session session;
        /** The query timeout as a System.nanoTime() value, 0 for none. */
        long deadline;
        /** The statement's thread (admission, queue wait and execution all run on it). */
        final Thread thread = Thread.currentThread();
        /** The controllers' handles of an admitted statement; null without controllers. */
        List<Handle> admittedBy;
        /** Read by the controllers' handles; only a run made for controllers sets it (a reused one has none). */
        volatile boolean running;
        boolean admitted;
        /** Whether the statement may make tables or indexes take more pages (StatementHandle.growsStorage). */
        boolean growsStorage;
        long planHash;
        /** The plan's access paths, null for none; a reused run keeps its last plan's, read only if {@link #planned}. */
        List<AccessPath> accessPaths;
        /** Whether this statement's plan is known ({@link #accessPaths} and {@link #planHash} are its). */
        boolean planned;
        /** Between the start and the end of its statement (the session's reused run stays in SessionState). */
        boolean open;
        /** The open statement this one runs inside (on the same session), given back at the end; null mostly. */
        Run outer;
        /**
         * The last start time handed to events and its epoch millisecond: a session's statements
         * within one millisecond share one Instant (they are immutable), one object fewer per event.
         */
        private Instant startTime;
        private long startMillis;
        /** Bytes the statement wrote to temp files, set when its execution context closes. */
        long tempBytes;

        // set by begin for finish, on the statement's thread: primitives, and references stored only
        // when they change (a reused run lives long: see reuse)
        /** The services the statement started with: the same ones hear of its end. */
        Services services;
        /** Some listener is registered (events, waits, pages); some wants CPU time; it is read from the clock. */
        boolean measure;
        boolean wantsCpu;
        boolean cpuTime;
        /** The start (System.nanoTime()), its wall-clock time in epoch milliseconds, the thread CPU clock then. */
        long t0;
        long wall;
        long cpu0;
        /** The statement thread's page and log counters, and their values at the start (null: not counted). */
        IoCounter io;
        long read0;
        long hit0;
        long wal0;

        // the statement's thread writes these at its check points; controllers read them from anywhere
        volatile long rowsProcessed;
        volatile long pagesRead;
        volatile long pagesHit;
        volatile long memoryRows;
        volatile long rowBytes;
        private long rowBytesSum;
        private int rowSamples;
        private int heldCalls;
        /** A throttle's pause the statement's thread has yet to serve (set by controllers, taken at check points). */
        volatile long pauseNanos;

        Run(String database, Session session, ParsedText parsed, CancelFlag cancel, long deadline) {
            this.database = database;
            this.session = session;
            this.deadline = deadline;
            this.sessionId = session.id();
            this.user = session.user();
            this.parsed = parsed;
            this.cancel = cancel;
        }

        /**
         * The next statement of the same session, when no controller is registered: only what
         * listeners read is set again (cancel, deadline and the progress fields serve controllers'
         * handles alone). Few reference stores: this object lives long, and each store of a
         * reference into it costs the garbage collector's write barrier a memory fence.
         */
        void reuse(ParsedText parsed) {
            if (this.parsed != parsed) { // the same one entry after entry of a batch
                this.parsed = parsed;
            }
            this.admitted = false;
            this.planHash = 0;
            this.planned = false;
            this.tempBytes = 0;
        }

        String command() {
            return parsed.command();
        }

        StatementDigest digest() {
            return parsed.digest();
        }

        String text() {
            return parsed.eventText();
        }

        List<AccessPath> accessPaths() {
            return !planned || accessPaths == null ? List.of() : accessPaths;
        }

        Instant startTime(long wallMillis) {
            Instant t = startTime;
            if (t == null || startMillis != wallMillis) {
                t = Instant.ofEpochMilli(wallMillis);
                startTime = t;
                startMillis = wallMillis;
            }
            return t;
        }

        /** Whether the executor should report to this run: only when some controller admitted it. */
        boolean probed() {
            return admittedBy != null && !admittedBy.isEmpty();
        }

        @Override
        public void checkpoint() {
            rowsProcessed += 256; // only this thread writes
            if (io != null) {
                pagesRead = io.pagesRead() - read0;
                pagesHit = io.pagesHit() - hit0;
            }
            for (Handle h : admittedBy) {
                try {
                    h.controller.statementProgress(h);
                } catch (RuntimeException e) {
                    h.failed(e);
                }
            }
            if (pauseNanos > 0) {
                pause((long) PAUSE_NANOS.getAndSet(this, 0L));
            }
        }

        /** A controller's throttle: waits as "resmgr: throttled" until the pause ends, a cancel or the query timeout. */
        private void pause(long nanos) {
            if (nanos <= 0) {
                return;
            }
            session.beginWait(Admission.THROTTLED_WAIT_EVENT, WaitClass.SCHEDULER);
            Thread waiter = Thread.currentThread();
            try (var wake = cancel.signal().onCancel(() -> LockSupport.unpark(waiter))) {
                long end = System.nanoTime() + nanos;
                long left;
                while ((left = end - System.nanoTime()) > 0 && !cancel.get()
                        && (deadline == 0 || System.nanoTime() - deadline < 0)) {
                    LockSupport.parkNanos(this, Math.min(left, DELAY_SLICE_NANOS));
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            } finally {
                session.endWait();
            }
        }

        @Override
        public void held(long rows, Object[] row) {
            if (rows > memoryRows) {
                memoryRows = rows;
            }
            // sizing every row would cost more than the rows: the first 32, then every 64th
            if (row != null && (rowSamples < 32 || (++heldCalls & 63) == 0)) {
                rowBytesSum += estimateBytes(row);
                rowSamples++;
                rowBytes = rowBytesSum / rowSamples;
            }
        }

        long memoryBytes() {
            return memoryRows * rowBytes;
        }
    }

    /**
     * The JVM heap a row held in a sort or hash table takes, roughly (64-bit JVM, compressed
     * references): the row array, its boxed values, and about 32 bytes of the structure's own
     * entry (list slot, hash node).
     */
    static long estimateBytes(Object[] row) {
        long bytes = 32 + ((16 + 4L * row.length + 7) & ~7L);
        for (Object v : row) {
            if (v == null) {
                continue;
            }
            if (v instanceof String str) {
                bytes += 40 + str.length(); // String + its byte[] (Latin-1; other text takes up to twice)
            } else if (v instanceof Long || v instanceof Double) {
                bytes += 24;
            } else if (v instanceof Integer || v instanceof Boolean || v instanceof Float || v instanceof Short
                    || v instanceof Byte) {
                bytes += 16;
            } else if (v instanceof byte[] b) {
                bytes += 16 + b.length;
            } else if (v instanceof java.math.BigDecimal) {
                bytes += 72; // BigDecimal, and its BigInteger when large
            } else {
                bytes += 32; // dates, times, timestamps
            }
        }
        return bytes;
    }

    /** The statement as one controller sees it: cancelling through it names that controller. */
    static final class Handle implements StatementHandle {
        /** Queue states: being asked, waiting in the controller's queue, granted, gave up, admitted otherwise. */
        static final int NEW = 0;
        static final int WAITING = 1;
        static final int GRANTED = 2;
        static final int ABANDONED = 3;
        static final int ADMITTED = 4;

        final Run run;
        final AdmissionController controller;
        final AtomicInteger queue = new AtomicInteger(NEW);
        final Instrumentation owner;

        Handle(Instrumentation owner, Run run, AdmissionController controller) {
            this.owner = owner;
            this.run = run;
            this.controller = controller;
        }

        void failed(RuntimeException e) {
            owner.controllerFailed(controller, e);
        }

        @Override
        public String database() {
            return run.database;
        }

        @Override
        public long sessionId() {
            return run.sessionId;
        }

        @Override
        public String user() {
            return run.user;
        }

        @Override
        public String command() {
            return run.command();
        }

        @Override
        public StatementDigest digest() {
            return run.digest();
        }

        @Override
        public boolean growsStorage() {
            return run.growsStorage;
        }

        @Override
        public String text() {
            return run.text();
        }

        @Override
        public boolean isRunning() {
            return run.running;
        }

        @Override
        public boolean cancel(String reason) {
            if (!run.running) {
                return false;
            }
            run.cancel.cancel("admission controller " + controller.name() + ": " + reason);
            if (queue.get() == WAITING) {
                LockSupport.unpark(run.thread);
            }
            return true;
        }

        @Override
        public boolean grant() {
            while (true) {
                int q = queue.get();
                if (q != NEW && q != WAITING) {
                    return false;
                }
                if (queue.compareAndSet(q, GRANTED)) {
                    if (q == WAITING) {
                        LockSupport.unpark(run.thread);
                    }
                    return true;
                }
            }
        }

        @Override
        public boolean isQueued() {
            return queue.get() == WAITING;
        }

        @Override
        public long rowsProcessed() {
            return run.rowsProcessed;
        }

        @Override
        public long pagesRead() {
            return run.pagesRead;
        }

        @Override
        public long pagesHit() {
            return run.pagesHit;
        }

        @Override
        public long memoryRows() {
            return run.memoryRows;
        }

        @Override
        public long memoryBytes() {
            return run.memoryBytes();
        }

        @Override
        public void throttle(java.time.Duration pause) {
            if (run.running && pause != null && !pause.isNegative() && !pause.isZero()) {
                run.pauseNanos = pause.toNanos();
            }
        }

        @Override
        public String toString() {
            return "statement of session " + run.sessionId + ": " + run.digest().text();
        }
    }
}
