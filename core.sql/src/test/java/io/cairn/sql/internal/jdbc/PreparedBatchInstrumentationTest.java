package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementHandle;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.instrument.StatementStart;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.TransactionManager;

/**
 * Prepared batches inside a transaction run as one engine call (SqlEngine.executeBatch) also while
 * statement listeners and admission controllers are registered, and each entry is still a
 * statement to them: the same start and end events as the entries run one by one, admission
 * before each entry (a rejection ends the batch with its SQLSTATE), and a cancel or kill during
 * the batch stops it.
 */
class PreparedBatchInstrumentationTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final List<AutoCloseable> open = new ArrayList<>();
    private String url;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A fresh database with table t (ids 1-10, u = id) and a connection to it other than the one it returns. */
    private Connection database() throws SQLException {
        url = "jdbc:cairn:mem:prepared-batch-instr-" + DATABASES.incrementAndGet();
        Connection admin = DriverManager.getConnection(url);
        open.add(admin);
        try (Statement s = admin.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, u INT, v VARCHAR(10) NOT NULL, CHECK (u >= 0))");
            s.executeUpdate("CREATE UNIQUE INDEX t_u ON t (u)");
            for (int i = 1; i <= 10; i++) {
                s.executeUpdate("INSERT INTO t VALUES (" + i + ", " + i + ", 'r" + i + "')");
            }
        }
        Connection c = DriverManager.getConnection(url);
        open.add(c);
        return c;
    }

    /** The committed rows of the last database(), as "id:u:v" in key order (read by a connection of its own). */
    private List<String> committed() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection other = DriverManager.getConnection(url);
                Statement s = other.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, u, v FROM t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + ":" + rs.getObject(2) + ":" + rs.getString(3));
            }
        }
        return rows;
    }

    private static void add(PreparedStatement p, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            p.setObject(i + 1, values[i]);
        }
        p.addBatch();
    }

    /**
     * Records every event as a line of its deterministic fields: no times, no page counts, and no
     * WAL bytes for COMMIT (its log carries the pages the background writer has not logged yet).
     */
    private static final class Recorder implements StatementListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<StatementEnd> ends = new CopyOnWriteArrayList<>();

        @Override
        public void statementStarted(StatementStart start) {
            events.add("start " + start.command() + " " + start.digest().hexId() + " " + start.text());
        }

        @Override
        public void statementEnded(StatementEnd end) {
            ends.add(end);
            events.add("end " + end.command() + " " + end.digest().hexId() + " " + end.text() + " plan="
                    + Long.toHexString(end.planHash()) + " rows=" + end.rows() + " error=" + end.sqlState() + " "
                    + end.errorMessage() + " paths=" + end.accessPaths()
                    + (end.command().equals("COMMIT") ? "" : " wal=" + end.walBytes()) + " temp="
                    + end.tempBytes() + " lockWait=" + (end.lockWaitNanos() > 0) + " cpu=" + (end.cpuNanos() >= 0));
        }
    }

    /** Plan-cache lookups so far: a batch that runs as one engine call takes its plan once, entry by entry takes one each. */
    private static long planLookups(Connection c) throws SQLException {
        SqlEngine engine = c.unwrap(SqlEngine.class);
        return engine.planCacheHits() + engine.planCacheMisses();
    }

    /**
     * One transaction of three prepared statements, each run with {@code parameters} either as a
     * batch or entry by entry (executeUpdate, stopping at the first failure as a batch does);
     * returns the update counts or the failure of each, and the number of plan-cache lookups of
     * each statement.
     */
    private static List<String> workload(Connection c, boolean batch, List<Long> lookups) throws SQLException {
        Object[][][] entries = {
            {{100, 100, "a"}, {101, 101, "b"}, {100, 102, "dup"}, {103, 103, "never"}},
            {{"x", 1, 2}, {"y", 50, 60}, {"z", 2, 3}, {"w", 100, 101}},
            {{4}, {5}, {999}},
        };
        String[] texts = {"INSERT INTO t (id, u, v) VALUES (?, ?, ?)", "UPDATE t SET v = ? WHERE id >= ? AND id <= ?",
            "DELETE FROM t WHERE u = ?"};
        List<String> outcomes = new ArrayList<>();
        c.setAutoCommit(false);
        for (int s = 0; s < texts.length; s++) {
            try (PreparedStatement p = c.prepareStatement(texts[s])) {
                long before = planLookups(c);
                if (batch) {
                    for (Object[] e : entries[s]) {
                        add(p, e);
                    }
                    try {
                        outcomes.add(java.util.Arrays.toString(p.executeLargeBatch()));
                    } catch (BatchUpdateException e) {
                        outcomes.add(java.util.Arrays.toString(e.getLargeUpdateCounts()) + " " + e.getSQLState());
                    }
                } else {
                    List<Long> counts = new ArrayList<>();
                    String error = "";
                    for (Object[] e : entries[s]) {
                        for (int i = 0; i < e.length; i++) {
                            p.setObject(i + 1, e[i]);
                        }
                        try {
                            counts.add(p.executeLargeUpdate());
                        } catch (SQLException x) {
                            error = " " + x.getSQLState();
                            break;
                        }
                    }
                    outcomes.add(counts.toString() + error);
                }
                lookups.add(planLookups(c) - before);
            }
        }
        c.commit();
        return outcomes;
    }

    @Test
    void aListenerSeesTheSameEventsAsWhenTheEntriesRanOneByOne() throws Exception {
        List<List<String>> events = new ArrayList<>();
        List<List<String>> outcomes = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<List<Long>> lookups = new ArrayList<>();
        List<List<StatementEnd>> ends = new ArrayList<>();
        for (boolean batch : new boolean[] {false, true}) {
            Connection c = database();
            Recorder recorder = new Recorder();
            c.unwrap(SqlEngine.class).addStatementListener(recorder);
            List<Long> l = new ArrayList<>();
            outcomes.add(workload(c, batch, l));
            c.unwrap(SqlEngine.class).removeStatementListener(recorder);
            events.add(recorder.events);
            ends.add(recorder.ends);
            lookups.add(l);
            rows.add(committed());
        }
        assertEquals(List.of("[1, 1] 23505", "[2, 0, 2, 2]", "[1, 1, 0]"), outcomes.get(1));
        assertEquals(outcomes.get(0), outcomes.get(1));
        assertEquals(rows.get(0), rows.get(1));
        assertEquals(List.of(3L, 4L, 3L), lookups.get(0), "entry by entry: one plan lookup per statement");
        assertEquals(List.of(1L, 1L, 1L), lookups.get(1), "the batches ran as one engine call each");
        // the very same events, in the same order: one start and one end per entry
        assertEquals(String.join("\n", events.get(0)), String.join("\n", events.get(1)));
        List<StatementEnd> batchEnds = ends.get(1);
        assertEquals(List.of("BEGIN", "INSERT", "INSERT", "INSERT", "UPDATE", "UPDATE", "UPDATE", "UPDATE", "DELETE",
                "DELETE", "DELETE", "COMMIT"), batchEnds.stream().map(StatementEnd::command).toList());
        assertEquals("23505", batchEnds.get(3).sqlState(), "the failing entry's event carries its error");
        assertTrue(batchEnds.get(4).planHash() != 0 && batchEnds.get(8).planHash() != 0, "UPDATE and DELETE have plans");
        assertEquals(io.cairn.sql.instrument.AccessPath.Kind.INDEX_SCAN, batchEnds.get(8).accessPaths().get(0).kind());
        for (StatementEnd e : batchEnds.subList(1, 11)) {
            assertTrue(e.pagesHit() + e.pagesRead() > 0, "each entry counts its own pages: " + e);
            assertTrue(e.cpuNanos() >= 0 && e.elapsedNanos() > 0, "each entry has its own times: " + e);
        }
    }

    @Test
    void aControllerIsAskedBeforeEachEntryAndARejectionEndsTheBatchWithItsSqlState() throws Exception {
        Connection c = database();
        SqlEngine engine = c.unwrap(SqlEngine.class);
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> endedHandles = new CopyOnWriteArrayList<>();
        AdmissionController thirdInsertRejected = new AdmissionController() {
            @Override
            public String name() {
                return "quota";
            }

            @Override
            public Admission admitStatement(StatementHandle h) {
                if (!h.command().equals("INSERT")) {
                    return Admission.admit();
                }
                asked.add(h.text() + " running=" + h.isRunning() + " grows=" + h.growsStorage());
                return asked.size() == 3 ? Admission.reject("over quota", "53400") : Admission.admit();
            }

            @Override
            public void statementEnded(StatementHandle h) {
                if (h.command().equals("INSERT")) {
                    endedHandles.add(h.text() + " running=" + h.isRunning());
                }
            }
        };
        Recorder recorder = new Recorder();
        engine.addAdmissionController(thirdInsertRejected);
        engine.addStatementListener(recorder);
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
            for (int i = 0; i < 5; i++) {
                add(p, 100 + i, 100 + i, "n" + i);
            }
            long before = planLookups(c);
            BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
            assertEquals(1, planLookups(c) - before, "one engine call");
            assertEquals("53400", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("batch entry 2") && e.getMessage().contains("over quota"), e.getMessage());
            assertArrayEquals(new int[] {1, 1}, e.getUpdateCounts());
            // the transaction goes on: the rejected entry ran nothing
            add(p, 102, 102, "again");
            assertArrayEquals(new int[] {1}, p.executeBatch());
        }
        c.commit();
        engine.removeStatementListener(recorder);
        engine.removeAdmissionController(thirdInsertRejected);
        String text = "INSERT INTO t (id, u, v) VALUES (?, ?, ?)";
        assertEquals(List.of(text + " running=true grows=true", text + " running=true grows=true",
                text + " running=true grows=true", text + " running=true grows=true"), asked,
                "asked before each entry, while it is the running statement; none after the rejection");
        assertEquals(List.of(text + " running=false", text + " running=false", text + " running=false"), endedHandles,
                "every admitted entry ends once; the rejected one never started");
        assertEquals(List.of(1L, 1L, 1L), recorder.ends.stream().filter(x -> x.command().equals("INSERT"))
                .map(StatementEnd::rows).toList(), "no events for the rejected entry");
        assertEquals(3, recorder.events.stream().filter(x -> x.startsWith("start INSERT")).count());
        List<String> rows = committed();
        assertTrue(rows.containsAll(List.of("100:100:n0", "101:101:n1", "102:102:again")), rows.toString());
        assertEquals(13, rows.size());
    }

    /**
     * Runs a 10,000-entry INSERT batch whose listener, at the end of entry 100, lets {@code stop}
     * run on another thread and waits for it: whatever it does lands between two entries, where
     * no entry is looking.
     */
    private static BatchUpdateException stoppedAtEntry100(Connection c, StopFrom stop) throws Exception {
        c.setAutoCommit(false);
        PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)");
        SqlEngine engine = c.unwrap(SqlEngine.class);
        AtomicInteger inserts = new AtomicInteger();
        CountDownLatch stopped = new CountDownLatch(1);
        StatementListener listener = new StatementListener() {
            @Override
            public void statementEnded(StatementEnd end) {
                if (end.command().equals("INSERT") && inserts.incrementAndGet() == 100) {
                    CompletableFuture.runAsync(() -> {
                        try {
                            stop.stop(end.sessionId(), p);
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        } finally {
                            stopped.countDown();
                        }
                    });
                    try {
                        assertTrue(stopped.await(20, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        engine.addStatementListener(listener);
        try {
            for (int i = 0; i < 10_000; i++) {
                add(p, 1000 + i, 1000 + i, "n");
            }
            long before = planLookups(c);
            BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
            assertEquals(1, planLookups(c) - before, "one engine call");
            assertEquals(100, inserts.get(), "no entry ran after the stop");
            return e;
        } finally {
            engine.removeStatementListener(listener);
        }
    }

    private interface StopFrom {
        void stop(long sessionId, PreparedStatement batch) throws Exception;
    }

    @Test
    void aCancelBetweenEntriesStopsTheBatchAndKeepsTheEntriesBefore() throws Exception {
        Connection c = database();
        BatchUpdateException e = stoppedAtEntry100(c, (sid, batch) -> batch.cancel()); // JDBC Statement.cancel()
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertEquals(100, e.getUpdateCounts().length);
        c.commit(); // the transaction goes on with the entries before the cancel
        assertEquals(110, committed().size());
    }

    @Test
    void sessionKillDuringABatchStopsIt() throws Exception {
        Connection c = database();
        SqlEngine engine = c.unwrap(SqlEngine.class);
        BatchUpdateException e = stoppedAtEntry100(c,
                (sid, batch) -> assertEquals(SqlEngine.KillResult.CANCELLED, engine.cancelStatement(sid, "cairn:session-kill")));
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("cairn:session-kill"), e.getMessage());
        assertEquals(100, e.getUpdateCounts().length);
        c.rollback();
        assertEquals(10, committed().size());
    }

    @Test
    void sessionKillCloseDuringABatchStopsItAndClosesTheConnection() throws Exception {
        Connection c = database();
        SqlEngine engine = c.unwrap(SqlEngine.class);
        BatchUpdateException e = stoppedAtEntry100(c,
                (sid, batch) -> assertEquals(SqlEngine.KillResult.CLOSED, engine.closeSession(sid, "cairn:session-kill")));
        assertEquals("57P01", e.getSQLState(), e.getMessage());
        assertEquals(100, e.getUpdateCounts().length);
        assertTrue(c.isClosed(), "the killed session's connection is closed");
        assertEquals(10, committed().size(), "its transaction rolled back");
    }

    @Test
    void aCancelledLockWaitIsTheFailingEntrysEventWithItsWait() throws Exception {
        Connection c = database();
        SqlEngine engine = c.unwrap(SqlEngine.class);
        TransactionManager manager = engine.manager();
        Recorder recorder = new Recorder();
        AdmissionController admitAll = () -> "admit-all";
        engine.addStatementListener(recorder);
        engine.addAdmissionController(admitAll);
        try (Connection holder = DriverManager.getConnection(url)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (103, 103, 'holder')"); // row lock on key 103
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")) {
                add(p, 101, 101, "a");
                add(p, 102, 102, "b");
                add(p, 103, 103, "waits");
                add(p, 104, 104, "never run");
                int waiters = manager.locks().waiters().size();
                long before = planLookups(c);
                CompletableFuture<int[]> f = CompletableFuture.supplyAsync(() -> {
                    try {
                        return p.executeBatch();
                    } catch (SQLException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (manager.locks().waiters().size() <= waiters) {
                    if (f.isDone() || System.nanoTime() > deadline) {
                        fail("the third entry should wait for the row lock: " + f);
                    }
                    Thread.onSpinWait();
                }
                p.cancel();
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
                BatchUpdateException b = assertInstanceOf(BatchUpdateException.class, e.getCause());
                assertEquals("57014", b.getSQLState(), b.getMessage());
                assertArrayEquals(new int[] {1, 1}, b.getUpdateCounts());
                assertEquals(1, planLookups(c) - before, "one engine call");
            }
            holder.rollback();
            c.commit();
        } finally {
            engine.removeStatementListener(recorder);
            engine.removeAdmissionController(admitAll);
        }
        List<StatementEnd> inserts = recorder.ends.stream()
                .filter(x -> x.text().equals("INSERT INTO t (id, u, v) VALUES (?, ?, ?)")).toList();
        assertEquals(List.of("null", "null", "57014"), inserts.stream().map(x -> String.valueOf(x.sqlState())).toList());
        StatementEnd waited = inserts.get(2);
        assertTrue(waited.lockWaitNanos() > 0 && waited.waitNanosByEvent().containsKey("enq: TX - row lock contention"),
                "the entry's own wait: " + waited);
        assertFalse(inserts.get(0).lockWaitNanos() > 0 || inserts.get(1).lockWaitNanos() > 0, "the others did not wait");
        assertEquals(List.of("101:101:a", "102:102:b"), committed().subList(10, 12));
    }
}
