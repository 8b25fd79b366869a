package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.sql.instrument.AccessPath;
import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.SessionRequest;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementHandle;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.instrument.StatementStart;
import io.cairn.txn.Session;
import io.cairn.txn.SessionSnapshot;
import io.cairn.txn.WaitEvents;
import io.cairn.txn.internal.TransactionManagerImpl;

/** Statement listeners, admission controllers, per-statement figures, session settings and kills. */
class InstrumentationTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;
    private Session s2;
    private final Recorder recorder = new Recorder();

    /** Keeps every event. */
    static final class Recorder implements StatementListener {
        final List<StatementStart> starts = new CopyOnWriteArrayList<>();
        final List<StatementEnd> ends = new CopyOnWriteArrayList<>();

        @Override
        public void statementStarted(StatementStart start) {
            starts.add(start);
        }

        @Override
        public void statementEnded(StatementEnd end) {
            ends.add(end);
        }

        StatementEnd last() {
            return ends.get(ends.size() - 1);
        }
    }

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-sql-instr");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        engine.setDatabaseName("db1");
        s1 = engine.openSession("one", "test");
        s2 = engine.openSession("two", "test");
    }

    @AfterEach
    void close() throws Exception {
        s1.close();
        s2.close();
        manager.close();
        DatabaseEngine.deleteTree(dir);
    }

    private void bigTable(int doublings) throws SqlException {
        DatabaseEngine.bigTable(engine, s1, doublings);
    }

    /** Starts a cross join of big (9 doublings) that runs for minutes on s1; returns its outcome once stopped. */
    private CompletableFuture<SqlException> longScan() throws InterruptedException {
        CompletableFuture<SqlException> running = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(s1, "SELECT count(*) FROM big a, big b, big c WHERE a.g + b.g = c.g + 100")));
        waitFor(() -> {
            SessionSnapshot s = manager.sessionRegistry().session(s1.id());
            return s.statementText() != null && s.statementText().contains("big a");
        });
        return running;
    }

    @Test
    void aStatementThatSpilledReportsItsTempBytes() throws Exception {
        bigTable(9);
        engine.addStatementListener(recorder);
        engine.execute(s1, "SELECT id FROM big ORDER BY g DESC, id");
        assertEquals(0, recorder.last().tempBytes(), "512 rows sort in memory");
        engine.setMemoryBound(7);
        try {
            engine.execute(s1, "SELECT id FROM big ORDER BY g DESC, id");
            assertTrue(recorder.last().tempBytes() > 0, "past a 7-row bound the sort writes runs");
            engine.execute(s1, "SELECT id, count(*) FROM big GROUP BY id");
            assertTrue(recorder.last().tempBytes() > 0, "and the hash aggregation spills");
            engine.execute(s1, "SELECT id FROM big WHERE id = 3");
            assertEquals(0, recorder.last().tempBytes(), "a point select writes nothing");
        } finally {
            engine.setMemoryBound(1_000_000);
        }
    }

    @Test
    void aListenerSeesStartAndEndWithRealFigures() throws Exception {
        bigTable(9);
        long expected = ((Number) engine.execute(s1, "SELECT count(*) FROM big WHERE g = 3").rows().get(0)[0]).longValue();
        engine.addStatementListener(recorder);
        engine.execute(s1, "SELECT id FROM big WHERE g = 3");
        assertEquals(1, recorder.starts.size());
        StatementStart start = recorder.starts.get(0);
        StatementEnd end = recorder.last();
        assertEquals("db1", end.database());
        assertEquals(s1.id(), end.sessionId());
        assertEquals("one", end.user());
        assertEquals("SELECT", end.command());
        assertEquals("select id from big where g = ?", end.digest().text());
        assertEquals(start.digest(), end.digest());
        assertEquals(expected, end.rows());
        assertTrue(end.pagesHit() + end.pagesRead() > 0, "the scan read pages");
        assertTrue(end.elapsedNanos() > 0);
        if (java.lang.management.ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()) {
            assertTrue(end.cpuNanos() > 0, "a scan of 512 rows uses CPU");
            assertTrue(end.cpuNanos() <= end.elapsedNanos() + 20_000_000, "CPU time within the elapsed time");
        }
        assertNull(end.sqlState());
        assertNotEquals(0, end.planHash());
        assertEquals(List.of(new AccessPath(AccessPath.Kind.FULL_SCAN, "big", null, "(g = ?)")), end.accessPaths());
        assertEquals(0, end.walBytes(), "a query writes no log");

        engine.execute(s1, "INSERT INTO big VALUES (1000, 1)");
        StatementEnd insert = recorder.last();
        assertEquals(1, insert.rows());
        // the changed leaf's record: a page delta here (its full image was logged by the load)
        assertTrue(insert.walBytes() > 0, "the autocommit logged the page it changed: " + insert.walBytes());
        assertEquals(0, insert.planHash());

        SqlException e = assertThrows(SqlException.class, () -> engine.execute(s1, "INSERT INTO big VALUES (1, 1)"));
        assertEquals("23505", recorder.last().sqlState());
        assertEquals(e.getMessage(), recorder.last().errorMessage());
    }

    @Test
    void aCachedPlanReportsTheSameHashAndAccessPathAsItsFirstExecution() throws Exception {
        engine.execute(s1, "CREATE TABLE p (id INT PRIMARY KEY, cat VARCHAR(5))");
        engine.execute(s1, "INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        engine.addStatementListener(recorder);
        String byRange = "SELECT cat FROM p WHERE id >= ? AND id < ?";
        long hitsBefore = engine.planCacheHits();
        engine.execute(s1, byRange, 1, 3);
        StatementEnd planned = recorder.last();
        engine.execute(s1, byRange, 2, 9);
        StatementEnd cached = recorder.last();
        assertEquals(hitsBefore + 1, engine.planCacheHits(), "the second execution reused the plan");
        assertNotEquals(0, planned.planHash());
        assertEquals(planned.planHash(), cached.planHash());
        // bounds known only at open still make a key range, not a full scan
        assertEquals(AccessPath.Kind.PRIMARY_KEY, planned.accessPaths().get(0).kind());
        assertEquals(planned.accessPaths(), cached.accessPaths());
        assertEquals(2, cached.rows());
    }

    @Test
    void thePlanHashIgnoresConstantsButNotTheAccessPath() throws Exception {
        engine.execute(s1, "CREATE TABLE p (id INT PRIMARY KEY, cat VARCHAR(5))");
        engine.execute(s1, "INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        engine.addStatementListener(recorder);
        engine.execute(s1, "SELECT id FROM p WHERE cat = 'a'");
        StatementEnd a = recorder.last();
        engine.execute(s1, "SELECT id FROM p WHERE cat = 'zz'");
        StatementEnd b = recorder.last();
        assertEquals(a.digest(), b.digest());
        assertEquals(a.planHash(), b.planHash());
        assertEquals(AccessPath.Kind.FULL_SCAN, a.accessPaths().get(0).kind());
        engine.execute(s1, "CREATE INDEX p_cat ON p (cat)");
        engine.execute(s1, "SELECT id FROM p WHERE cat = 'b'");
        StatementEnd c = recorder.last();
        assertEquals(a.digest(), c.digest());
        assertNotEquals(a.planHash(), c.planHash(), "an index scan is another plan");
        assertEquals(new AccessPath(AccessPath.Kind.INDEX_SCAN, "p", "p_cat", "(cat = ?)"), c.accessPaths().get(0));
        engine.execute(s1, "SELECT cat FROM p WHERE id = 2");
        assertEquals(AccessPath.Kind.PRIMARY_KEY, recorder.last().accessPaths().get(0).kind());
        // the hash is computed from the plan, so the same plan from a fresh cache hashes the same
        assertEquals(c.planHash(), new PlanHash.Cache().get("x", planOf("SELECT id FROM p WHERE cat = 'q'")).hash());
    }

    private io.cairn.sql.internal.exec.Operator planOf(String sql) throws SqlException {
        AtomicReference<io.cairn.sql.internal.exec.Operator> root = new AtomicReference<>();
        io.cairn.txn.Transaction t = s2.begin(io.cairn.txn.IsolationLevel.READ_COMMITTED);
        try {
            io.cairn.sql.internal.plan.Planner planner = new io.cairn.sql.internal.plan.Planner(
                    new io.cairn.sql.internal.catalog.Catalog(t), manager,
                    new io.cairn.sql.internal.expr.EvalContext(new Object[0], java.time.LocalDateTime.now()));
            planner.useStatistics(name -> io.cairn.sql.internal.catalog.Statistics.read(t, name));
            planner.bind(new io.cairn.sql.internal.exec.ExecContext(t, null, null, 0, 1000));
            root.set(planner.planQuery(((io.cairn.sql.internal.parser.Statement.Select) engine.parse(sql)).query()).root());
            planner.close();
        } finally {
            t.rollback();
        }
        return root.get();
    }

    @Test
    void lockWaitsAndWaitEventsAreTheStatementsOwn() throws Exception {
        engine.execute(s1, "CREATE TABLE acct (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO acct VALUES (1, 0)");
        engine.addStatementListener(recorder);
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "UPDATE acct SET v = 1 WHERE id = 1");
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                engine.execute(s2, "UPDATE acct SET v = 2 WHERE id = 1");
            } catch (SqlException e) {
                throw new RuntimeException(e);
            }
        });
        waitFor(() -> { // s2 waits on s1's row lock, and v$session-level data says so
            SessionSnapshot snap = manager.sessionRegistry().session(s2.id());
            return snap != null && WaitEvents.ROW_LOCK.equals(snap.waitEvent());
        });
        SessionSnapshot waiting = manager.sessionRegistry().session(s2.id());
        assertEquals(s1.id(), waiting.blockingSessionId());
        assertNotNull(waiting.sqlId());
        Thread.sleep(50);
        engine.execute(s1, "COMMIT");
        blocked.get(10, TimeUnit.SECONDS);
        StatementEnd update = recorder.ends.stream().filter(e -> e.sessionId() == s2.id()).findFirst().orElseThrow();
        assertTrue(update.lockWaitNanos() >= TimeUnit.MILLISECONDS.toNanos(40), "lock wait " + update.lockWaitNanos());
        assertEquals(update.lockWaitNanos(), update.waitNanosByEvent().get(WaitEvents.ROW_LOCK));
        StatementEnd commit = recorder.ends.stream().filter(e -> e.command().equals("COMMIT")).findFirst().orElseThrow();
        assertTrue(commit.walBytes() > 0, "COMMIT writes the transaction's log");
        StatementEnd first = recorder.ends.get(1);
        assertEquals(0, first.lockWaitNanos(), "s1's update did not wait");
    }

    @Test
    void aThrowingListenerFailsNoStatementAndIsCounted() throws Exception {
        engine.addStatementListener(new StatementListener() {
            @Override
            public void statementStarted(StatementStart start) {
                throw new IllegalStateException("broken start");
            }

            @Override
            public void statementEnded(StatementEnd end) {
                throw new IllegalStateException("broken end");
            }
        });
        engine.addStatementListener(recorder);
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY)");
        engine.execute(s1, "INSERT INTO t VALUES (1)");
        assertEquals(4, engine.listenerFailures());
        assertEquals(2, recorder.ends.size(), "the other listener still hears of every statement");
        engine.removeStatementListener(recorder);
        engine.execute(s1, "INSERT INTO t VALUES (2)");
        assertEquals(2, recorder.ends.size());
    }

    @Test
    void cpuTimeIsReadOnlyWhenSomeListenerWantsIt() throws Exception {
        List<StatementEnd> ends = new CopyOnWriteArrayList<>();
        StatementListener noCpu = new StatementListener() {
            @Override
            public boolean wantsCpuTime() {
                return false;
            }

            @Override
            public void statementEnded(StatementEnd end) {
                ends.add(end);
            }
        };
        engine.addStatementListener(noCpu);
        engine.execute(s1, "SELECT 1");
        assertEquals(-1, ends.get(0).cpuNanos());
        assertTrue(ends.get(0).elapsedNanos() > 0);
        engine.addStatementListener(recorder); // wants it (the default): now both get it
        engine.execute(s1, "SELECT 1");
        if (java.lang.management.ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()) {
            assertTrue(ends.get(1).cpuNanos() >= 0);
        }
        assertEquals(ends.get(1).cpuNanos(), recorder.last().cpuNanos(), "one measurement, shared");
    }

    @Test
    void shortStatementsReadTheCpuClockOnOneExecutionInSixteen() throws Exception {
        engine.execute(s1, "CREATE TABLE k (id INT PRIMARY KEY, v INT)");
        engine.execute(s1, "INSERT INTO k VALUES (1, 10)");
        engine.addStatementListener(recorder);
        int runs = 64;
        for (int i = 0; i < runs; i++) {
            engine.execute(s1, "SELECT v FROM k WHERE id = 1");
        }
        List<StatementEnd> selects = recorder.ends.stream().filter(e -> e.text().startsWith("SELECT v")).toList();
        assertEquals(runs, selects.size());
        assertTrue(selects.get(0).cpuMeasured(), "a text never run before reads the clock");
        long measured = selects.stream().filter(StatementEnd::cpuMeasured).count();
        // statements slower than a hundred clock reads (a slow machine) read it every time
        assertTrue(measured >= runs / CpuHistory.SAMPLE_EVERY, measured + " measured");
        for (StatementEnd e : selects) {
            assertTrue(e.cpuNanos() >= 0);
            if (!e.cpuMeasured()) { // the estimate: elapsed less the waits
                long waits = e.waitNanosByEvent().values().stream().mapToLong(Long::longValue).sum();
                assertEquals(Math.max(0, e.elapsedNanos() - waits), e.cpuNanos());
            }
        }
    }

    @Test
    void withoutServicesNothingIsMeasured() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY)");
        engine.addStatementListener(recorder);
        engine.removeStatementListener(recorder);
        engine.execute(s1, "INSERT INTO t VALUES (1)");
        assertTrue(recorder.ends.isEmpty());
        assertFalse(new Instrumentation(engine).active());
    }

    /** A controller with a limit on sessions per user and a list of refused digests: a real policy in miniature. */
    static final class Limits implements AdmissionController {
        final int maxSessionsPerUser;
        final java.util.Map<String, AtomicInteger> sessions = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<Long, String> owners = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<String> refusedDigests = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile Duration delay = Duration.ZERO;
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicReference<StatementHandle> lastHandle = new AtomicReference<>();

        Limits(int maxSessionsPerUser) {
            this.maxSessionsPerUser = maxSessionsPerUser;
        }

        @Override
        public String name() {
            return "limits";
        }

        @Override
        public Admission admitSession(SessionRequest r) {
            AtomicInteger n = sessions.computeIfAbsent(r.user(), u -> new AtomicInteger());
            if (n.incrementAndGet() > maxSessionsPerUser) {
                n.decrementAndGet();
                return Admission.reject("user " + r.user() + " has " + maxSessionsPerUser + " sessions already");
            }
            owners.put(r.sessionId(), r.user());
            return Admission.admit();
        }

        @Override
        public void sessionClosed(long sessionId) {
            String user = owners.remove(sessionId);
            if (user != null) {
                sessions.get(user).decrementAndGet();
            }
        }

        @Override
        public Admission admitStatement(StatementHandle h) {
            if (refusedDigests.contains(h.digest().text())) {
                return Admission.reject("statement shape " + h.digest().hexId() + " is quarantined");
            }
            admitted.incrementAndGet();
            lastHandle.set(h);
            return delay.isZero() ? Admission.admit() : Admission.delay(delay, "throttled");
        }

        @Override
        public void statementEnded(StatementHandle h) {
            ended.incrementAndGet();
        }
    }

    @Test
    void admissionRejectsSessionsAndStatementsWithClearStates() throws Exception {
        Limits limits = new Limits(1);
        engine.addAdmissionController(limits);
        Session a = engine.openSession("carol", "test");
        SqlException full = assertThrows(SqlException.class, () -> engine.openSession("carol", "test"));
        assertEquals("53300", full.getSQLState());
        assertTrue(full.getMessage().contains("limits") && full.getMessage().contains("carol has 1 sessions"), full.getMessage());
        int open = manager.sessionRegistry().sessions().size();
        engine.forget(a);
        a.close();
        Session b = engine.openSession("carol", "test"); // the slot was given back
        assertEquals(open, manager.sessionRegistry().sessions().size());

        engine.execute(b, "CREATE TABLE t (id INT PRIMARY KEY)");
        limits.refusedDigests.add("delete from t where id = ?");
        SqlException refused = assertThrows(SqlException.class, () -> engine.execute(b, "DELETE FROM t WHERE id = 5"));
        assertEquals("53000", refused.getSQLState());
        assertTrue(refused.getMessage().contains("admission controller limits") && refused.getMessage().contains("quarantined"),
                refused.getMessage());
        engine.execute(b, "INSERT INTO t VALUES (1)");
        assertEquals(limits.admitted.get(), limits.ended.get(), "every admitted statement ended once");
        engine.forget(b);
        b.close();
    }

    @Test
    void aDelayedStatementWaitsThenRunsAndShowsTheWait() throws Exception {
        Limits limits = new Limits(10);
        limits.delay = Duration.ofMillis(150);
        engine.addAdmissionController(limits);
        engine.addStatementListener(recorder);
        long t0 = System.nanoTime();
        engine.execute(s1, "SELECT 1");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150));
        StatementEnd end = recorder.last();
        assertTrue(end.waitNanosByEvent().get(WaitEvents.ADMISSION_DELAY) >= TimeUnit.MILLISECONDS.toNanos(150),
                end.waitNanosByEvent().toString());
        assertTrue(end.elapsedNanos() >= TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void aKillEndsAnAdmissionDelayAndTheSessionShowsTheWait() throws Exception {
        Limits limits = new Limits(10);
        limits.delay = Duration.ofSeconds(30);
        engine.addAdmissionController(limits);
        CompletableFuture<SqlException> held = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                () -> engine.execute(s1, "SELECT 1")));
        waitFor(() -> WaitEvents.ADMISSION_DELAY.equals(manager.sessionRegistry().session(s1.id()).waitEvent()));
        assertEquals(io.cairn.txn.WaitClass.SCHEDULER, manager.sessionRegistry().session(s1.id()).waitClass());
        assertEquals(SqlEngine.KillResult.CANCELLED, engine.cancelStatement(s1.id(), "cairn:session-kill"));
        SqlException e = held.get(5, TimeUnit.SECONDS);
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("cairn:session-kill"), e.getMessage());
        assertEquals(limits.admitted.get(), limits.ended.get(), "the delayed statement still ended once for the controller");
    }

    @Test
    void aControllerCancelsARunningStatementLater() throws Exception {
        bigTable(9);
        Limits limits = new Limits(10);
        engine.addAdmissionController(limits);
        CompletableFuture<SqlException> running = longScan();
        waitFor(() -> limits.lastHandle.get() != null && limits.lastHandle.get().text().contains("big a"));
        StatementHandle h = limits.lastHandle.get();
        Thread.sleep(100);
        assertTrue(h.isRunning());
        assertTrue(h.cancel("it used more than its CPU share"));
        SqlException e = running.get(10, TimeUnit.SECONDS);
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("admission controller limits: it used more than its CPU share"), e.getMessage());
        assertFalse(h.isRunning());
        assertFalse(h.cancel("again"));
        assertEquals(512L, ((Number) engine.execute(s1, "SELECT count(*) FROM big").rows().get(0)[0]).longValue());
    }

    /** Queues every statement of user "one" until the test grants it; records what it hears. */
    static class Queue implements AdmissionController {
        final Duration maxWait;
        final List<StatementHandle> queued = new CopyOnWriteArrayList<>();
        final List<StatementHandle> abandoned = new CopyOnWriteArrayList<>();
        final List<StatementHandle> ended = new CopyOnWriteArrayList<>();

        Queue(Duration maxWait) {
            this.maxWait = maxWait;
        }

        @Override
        public String name() {
            return "queue";
        }

        @Override
        public Admission admitStatement(StatementHandle h) {
            if (!h.user().equals("one")) {
                return Admission.admit();
            }
            queued.add(h);
            return Admission.queue(maxWait, "no slot within " + maxWait.toMillis() + " ms");
        }

        @Override
        public void queueAbandoned(StatementHandle h) {
            abandoned.add(h);
        }

        @Override
        public void statementEnded(StatementHandle h) {
            ended.add(h);
        }
    }

    @Test
    void aQueuedStatementWaitsAsAWaitEventUntilGranted() throws Exception {
        Queue q = new Queue(Duration.ofSeconds(30));
        engine.addAdmissionController(q);
        engine.addStatementListener(recorder);
        CompletableFuture<SqlResult> held = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.execute(s1, "SELECT 42");
            } catch (SqlException e) {
                throw new IllegalStateException(e);
            }
        });
        waitFor(() -> Admission.QUEUED_WAIT_EVENT.equals(manager.sessionRegistry().session(s1.id()).waitEvent()));
        assertEquals(io.cairn.txn.WaitClass.SCHEDULER, manager.sessionRegistry().session(s1.id()).waitClass());
        StatementHandle h = q.queued.get(0);
        assertTrue(h.isQueued());
        engine.execute(s2, "SELECT 1"); // other users are not held
        Thread.sleep(100);
        assertFalse(held.isDone());
        assertTrue(h.grant());
        assertFalse(h.grant(), "a second grant finds nothing waiting");
        assertEquals(42L, ((Number) held.get(5, TimeUnit.SECONDS).rows().get(0)[0]).longValue());
        assertEquals(List.of(h), q.ended.stream().filter(e -> e.user().equals("one")).toList(), "one statementEnded");
        assertTrue(q.abandoned.isEmpty());
        StatementEnd end = recorder.ends.stream().filter(e -> e.text().equals("SELECT 42")).findFirst().orElseThrow();
        assertTrue(end.waitNanosByEvent().get(Admission.QUEUED_WAIT_EVENT) >= TimeUnit.MILLISECONDS.toNanos(100),
                end.waitNanosByEvent().toString());
    }

    @Test
    void cancelKillAndQueryTimeoutEndAQueueWaitAndTheControllerHearsOfIt() throws Exception {
        Queue q = new Queue(Duration.ofSeconds(30));
        engine.addAdmissionController(q);
        // Statement.cancel (the JDBC path) and cairn:session-kill
        for (int i = 0; i < 2; i++) {
            boolean kill = i == 1;
            CompletableFuture<SqlException> held = CompletableFuture.supplyAsync(() -> assertThrows(SqlException.class,
                    () -> engine.execute(s1, "SELECT 1")));
            waitFor(() -> Admission.QUEUED_WAIT_EVENT.equals(manager.sessionRegistry().session(s1.id()).waitEvent()));
            long t0 = System.nanoTime();
            if (kill) {
                assertEquals(SqlEngine.KillResult.CANCELLED, engine.cancelStatement(s1.id(), "cairn:session-kill"));
            } else {
                engine.cancel(s1);
            }
            SqlException e = held.get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the wait ended promptly");
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains(kill ? "cairn:session-kill" : "user request"), e.getMessage());
            StatementHandle h = q.queued.get(i);
            assertEquals(h, q.abandoned.get(i));
            assertFalse(h.grant(), "a statement that gave up cannot be granted");
        }
        // the query timeout counts the queue wait
        SqlException timedOut = assertThrows(SqlException.class,
                () -> engine.execute(s1, "SELECT 1", new Object[0], Duration.ofMillis(200)));
        assertEquals("57014", timedOut.getSQLState());
        assertTrue(timedOut.getMessage().contains("statement timeout"), timedOut.getMessage());
        assertEquals(3, q.abandoned.size());
        assertTrue(q.ended.isEmpty(), "no statement that gave up ends for the controller");
        assertNull(manager.sessionRegistry().session(s1.id()).waitEvent());
    }

    @Test
    void aQueuedStatementIsRejectedWhenItsLongestWaitPasses() throws Exception {
        Queue q = new Queue(Duration.ofMillis(150));
        engine.addAdmissionController(q);
        long t0 = System.nanoTime();
        SqlException e = assertThrows(SqlException.class, () -> engine.execute(s1, "SELECT 1"));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150));
        assertEquals("53000", e.getSQLState());
        assertTrue(e.getMessage().contains("admission controller queue: no slot within 150 ms"), e.getMessage());
        assertEquals(q.queued, q.abandoned);
        // a grant given before the decision is returned lets the statement run at once
        AdmissionController eager = new Queue(Duration.ofSeconds(30)) {
            @Override
            public Admission admitStatement(StatementHandle h) {
                Admission a = super.admitStatement(h);
                h.grant();
                return a;
            }
        };
        engine.removeAdmissionController(q);
        engine.addAdmissionController(eager);
        assertEquals(1L, ((Number) engine.execute(s1, "SELECT 1").rows().get(0)[0]).longValue());
    }

    @Test
    void aControllerSeesProgressAndMemoryAndCanThrottleARunningStatement() throws Exception {
        bigTable(12);
        Limits limits = new Limits(10);
        engine.addAdmissionController(limits);
        engine.addStatementListener(recorder);
        // a sort of 4,096 rows: the largest structure holds them all; each row is an array of two numbers
        engine.execute(s1, "SELECT id, g FROM big ORDER BY g, id DESC");
        StatementHandle sorted = limits.lastHandle.get();
        assertEquals(4096, sorted.memoryRows());
        assertTrue(sorted.memoryBytes() >= 4096L * 48 && sorted.memoryBytes() <= 4096L * 200, "" + sorted.memoryBytes());
        assertTrue(sorted.rowsProcessed() >= 4096, "" + sorted.rowsProcessed());
        assertTrue(sorted.pagesHit() + sorted.pagesRead() > 0);
        assertFalse(sorted.isRunning());

        CompletableFuture<SqlException> running = longScan();
        waitFor(() -> limits.lastHandle.get() != null && limits.lastHandle.get().text().contains("big a"));
        StatementHandle h = limits.lastHandle.get();
        waitFor(() -> h.rowsProcessed() > 0);
        long before = h.rowsProcessed();
        h.throttle(Duration.ofMillis(400));
        waitFor(() -> Admission.THROTTLED_WAIT_EVENT.equals(manager.sessionRegistry().session(s1.id()).waitEvent()));
        assertEquals(io.cairn.txn.WaitClass.SCHEDULER, manager.sessionRegistry().session(s1.id()).waitClass());
        long paused = h.rowsProcessed();
        Thread.sleep(150);
        assertEquals(paused, h.rowsProcessed(), "no rows while paused");
        assertTrue(paused >= before);
        h.throttle(Duration.ofSeconds(60)); // a cancel ends even a long pause
        waitFor(() -> h.rowsProcessed() > paused);
        waitFor(() -> Admission.THROTTLED_WAIT_EVENT.equals(manager.sessionRegistry().session(s1.id()).waitEvent()));
        long t0 = System.nanoTime();
        assertTrue(h.cancel("enough"));
        SqlException e = running.get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
        assertEquals("57014", e.getSQLState());
        StatementEnd end = recorder.last();
        assertTrue(end.waitNanosByEvent().get(Admission.THROTTLED_WAIT_EVENT) >= TimeUnit.MILLISECONDS.toNanos(400),
                end.waitNanosByEvent().toString());
    }

    @Test
    void aControllerStopsAStatementFromItsProgressCallbackOnTheFigures() throws Exception {
        bigTable(12);
        AtomicInteger calls = new AtomicInteger();
        engine.addAdmissionController(new AdmissionController() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public void statementProgress(StatementHandle h) {
                calls.incrementAndGet();
                if (h.memoryRows() > 1000) {
                    h.cancel("the statement holds " + h.memoryRows() + " rows");
                }
            }
        });
        SqlException e = assertThrows(SqlException.class, () -> engine.execute(s1, "SELECT id FROM big ORDER BY g"));
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("admission controller memory: the statement holds"), e.getMessage());
        assertTrue(calls.get() >= 4);
        // a statement under the bound runs as before
        assertEquals(4096L, ((Number) engine.execute(s1, "SELECT count(*) FROM big").rows().get(0)[0]).longValue());
    }

    @Test
    void sessionKillCancelsALongScanFromAnotherThread() throws Exception {
        bigTable(9);
        assertEquals(SqlEngine.KillResult.NOT_RUNNING, engine.cancelStatement(s1.id(), "cairn:session-kill"));
        assertEquals(SqlEngine.KillResult.UNKNOWN_SESSION, engine.cancelStatement(987654, "cairn:session-kill"));
        CompletableFuture<SqlException> running = longScan();
        long t0 = System.nanoTime();
        assertEquals(SqlEngine.KillResult.CANCELLED, engine.cancelStatement(s1.id(), "cairn:session-kill"));
        SqlException e = running.get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "stopped promptly");
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("cairn:session-kill"), e.getMessage());
        assertNull(manager.sessionRegistry().session(s1.id()).statementText());
    }

    @Test
    void sessionKillCloseRollsBackAndEndsTheSession() throws Exception {
        engine.execute(s1, "CREATE TABLE t (id INT PRIMARY KEY)");
        engine.execute(s2, "BEGIN");
        engine.execute(s2, "INSERT INTO t VALUES (1)");
        assertEquals(SqlEngine.KillResult.CLOSED, engine.closeSession(s2.id(), "cairn:session-kill"));
        assertNull(manager.sessionRegistry().session(s2.id()), "the session left the registry");
        SqlException gone = assertThrows(SqlException.class, () -> engine.execute(s2, "SELECT 1"));
        assertEquals("57P01", gone.getSQLState());
        assertTrue(gone.getMessage().contains("cairn:session-kill"));
        assertEquals(0L, ((Number) engine.execute(s1, "SELECT count(*) FROM t").rows().get(0)[0]).longValue(),
                "the insert was rolled back");
        engine.execute(s1, "INSERT INTO t VALUES (1)"); // and its lock released
    }

    @Test
    void sessionKillCloseStopsARunningStatementAndThenCloses() throws Exception {
        bigTable(9);
        CompletableFuture<SqlException> running = longScan();
        assertEquals(SqlEngine.KillResult.CLOSED, engine.closeSession(s1.id(), "cairn:session-kill"));
        assertEquals("57014", running.get(10, TimeUnit.SECONDS).getSQLState());
        assertNull(manager.sessionRegistry().session(s1.id()));
        assertEquals("57P01", assertThrows(SqlException.class, () -> engine.execute(s1, "SELECT 1")).getSQLState());
    }

    @Test
    void sessionSettingsAndClientInfoShowInVSession() throws Exception {
        engine.addStatementListener(recorder);
        engine.execute(s1, "SET application_name = 'billing'");
        engine.execute(s1, "SET module = 'invoices'");
        engine.setClientInfo(s1, "ClientUser", "alice");
        engine.setClientInfo(s1, "ClientHostname", "web-7");
        assertFalse(engine.setClientInfo(s1, "Other", "x"));
        engine.execute(s1, "SET transaction_isolation = 'repeatable read'");
        assertEquals("snapshot", engine.execute(s1, "SHOW transaction_isolation").rows().get(0)[0]);
        assertEquals("billing", engine.execute(s1, "SHOW application_name").rows().get(0)[0]);
        Object[] row = engine.execute(s1, "SELECT application_name, client_user, client_hostname, module, sql_id, state"
                + " FROM v$session WHERE sid = " + s1.id()).rows().get(0);
        assertEquals("billing", row[0]);
        assertEquals("alice", row[1]);
        assertEquals("web-7", row[2]);
        assertEquals("invoices", row[3]);
        assertEquals(engine.execute(s1, "SELECT 1").rows().size(), 1);
        assertEquals(16, ((String) row[4]).length(), "the running statement's digest");
        assertEquals("ACTIVE", row[5]);
        assertEquals("42704", assertThrows(SqlException.class, () -> engine.execute(s1, "SET no_such = 1")).getSQLState());
        assertEquals("42704", assertThrows(SqlException.class, () -> engine.execute(s1, "SHOW no_such")).getSQLState());
        assertEquals("22023", assertThrows(SqlException.class,
                () -> engine.execute(s1, "SET transaction_isolation = 'chaos'")).getSQLState());
        assertEquals("22023", assertThrows(SqlException.class,
                () -> engine.execute(s1, "SET statement_timeout = 'soon'")).getSQLState());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
