package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.sql.SqlException;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementHandle;
import io.cairn.sql.internal.parser.Statement;
import io.cairn.txn.Session;
import io.cairn.txn.SessionState;
import io.cairn.txn.internal.TransactionManagerImpl;

/** {@link SqlEngine#stream}: the statement stays open, controllers and blocks see it end once, at the right time. */
class ResultStreamTest {

    private Path dir;
    private TransactionManagerImpl manager;
    private SqlEngine engine;
    private Session s1;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cairn-sql-stream");
        manager = DatabaseEngine.open(dir);
        engine = new SqlEngine(manager);
        s1 = engine.openSession("one", "test");
        DatabaseEngine.bigTable(engine, s1, 12); // 4,096 rows
    }

    @AfterEach
    void close() throws Exception {
        s1.close();
        manager.close();
        DatabaseEngine.deleteTree(dir);
    }

    private SqlResult stream(String sql, int first) throws SqlException {
        Statement st = engine.parse(sql);
        return engine.stream(s1, sql, st, new Object[0], null, first);
    }

    private static long drain(ResultStream s, int fetch) throws SqlException {
        long n = 0;
        List<Object[]> rows;
        while (!(rows = s.fetch(fetch)).isEmpty()) {
            n += rows.size();
        }
        return n;
    }

    /** Counts admissions and ends, and keeps the last handle. */
    static final class Counting implements AdmissionController {
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicReference<StatementHandle> last = new AtomicReference<>();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public io.cairn.sql.instrument.Admission admitStatement(StatementHandle h) {
            admitted.incrementAndGet();
            last.set(h);
            return io.cairn.sql.instrument.Admission.admit();
        }

        @Override
        public void statementEnded(StatementHandle h) {
            ended.incrementAndGet();
        }
    }

    @Test
    void aControllerHearsTheEndOnceWhenTheRowsEndAndSeesTheStatementRunningMeanwhile() throws Exception {
        Counting c = new Counting();
        engine.addAdmissionController(c);
        List<StatementEnd> ends = new CopyOnWriteArrayList<>();
        engine.addStatementListener(ends::add);
        SqlResult r = stream("SELECT id, g FROM big", 100);
        assertEquals(100, r.rows().size());
        ResultStream s = r.stream();
        assertNotNull(s);
        assertEquals(0, c.ended.get());
        assertTrue(c.last.get().isRunning());
        assertEquals(SessionState.ACTIVE, manager.sessionRegistry().session(s1.id()).state());
        assertNotNull(manager.sessionRegistry().session(s1.id()).statementText());
        assertEquals(4_096 - 100, drain(s, 1_000));
        assertEquals(1, c.ended.get());
        assertFalse(c.last.get().isRunning());
        assertEquals(SessionState.IDLE, manager.sessionRegistry().session(s1.id()).state());
        StatementEnd end = ends.get(ends.size() - 1);
        assertEquals(4_096, end.rows());
        assertNull(end.sqlState());
        assertTrue(end.pagesHit() + end.pagesRead() > 0);
    }

    @Test
    void aControllersCancelBetweenFetchesStopsTheNextFetch() throws Exception {
        Counting c = new Counting();
        engine.addAdmissionController(c);
        ResultStream s = stream("SELECT id FROM big", 10).stream();
        assertTrue(c.last.get().cancel("too long"));
        SqlException e = assertThrows(SqlException.class, () -> drain(s, 1_000));
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("counting"), e.getMessage());
        assertEquals(1, c.ended.get());
        assertEquals(SessionState.IDLE, manager.sessionRegistry().session(s1.id()).state());
    }

    @Test
    void aSmallResultIsReturnedWholeWithoutAStream() throws Exception {
        SqlResult r = stream("SELECT id FROM big WHERE id <= 5", 100);
        assertNull(r.stream());
        assertEquals(5, r.rows().size());
        assertEquals(SessionState.IDLE, manager.sessionRegistry().session(s1.id()).state());
    }

    @Test
    void inATransactionBlockAnErrorMidStreamUndoesOnlyTheQuery() throws Exception {
        engine.execute(s1, "BEGIN");
        engine.execute(s1, "INSERT INTO big VALUES (100000, 1)");
        ResultStream s = stream("SELECT id, 10 / (id - 3000) FROM big", 100).stream();
        SqlException e = assertThrows(SqlException.class, () -> drain(s, 500));
        assertEquals("22012", e.getSQLState());
        // the block goes on: the statement was rolled back to its savepoint only
        assertEquals(SessionState.IDLE_IN_TRANSACTION, manager.sessionRegistry().session(s1.id()).state());
        engine.execute(s1, "COMMIT");
        assertEquals(1L, engine.execute(s1, "SELECT count(*) FROM big WHERE id = 100000").rows().get(0)[0]);
    }

    @Test
    void anotherStatementBuffersTheRestAndTheBlockSeesBothInOrder() throws Exception {
        engine.execute(s1, "BEGIN");
        ResultStream s = stream("SELECT id FROM big WHERE id > 4000", 10).stream();
        assertNotNull(s);
        engine.execute(s1, "DELETE FROM big WHERE id > 4000");
        assertTrue(s.ended());
        assertEquals(96 - 10, drain(s, 7)); // the rows deleted later are still in the query's result
        engine.execute(s1, "COMMIT");
        assertEquals(4_000L, engine.execute(s1, "SELECT count(*) FROM big").rows().get(0)[0]);
    }

    @Test
    void theStreamKeepsItsPlanCacheTreeUntilItEndsAndThenGivesItBack() throws Exception {
        Session s2 = engine.openSession("two", "test");
        try {
            String sql = "SELECT id, g FROM big WHERE g >= 0";
            engine.execute(s1, sql); // planned and cached
            long misses = engine.planCacheMisses();
            ResultStream s = stream(sql, 10).stream();
            assertEquals(misses, engine.planCacheMisses()); // the cached tree, taken for the stream
            engine.execute(s2, sql); // the tree is busy: another session plans its own
            assertEquals(misses + 1, engine.planCacheMisses());
            drain(s, 1_000);
            long hits = engine.planCacheHits();
            ResultStream again = stream(sql, 10).stream(); // one tree for this stream...
            engine.execute(s2, sql); // ...and the other for s2: both came back
            assertEquals(hits + 2, engine.planCacheHits());
            assertEquals(misses + 1, engine.planCacheMisses());
            again.close();
        } finally {
            engine.forget(s2);
            s2.close();
        }
    }

    @Test
    void aStreamHoldsItsSnapshotAgainstLaterCommits() throws Exception {
        Session s2 = engine.openSession("two", "test");
        try {
            ResultStream s = stream("SELECT id FROM big", 10).stream();
            engine.execute(s2, "DELETE FROM big WHERE id > 100");
            assertEquals(4_096 - 10, drain(s, 1_000)); // the autocommit transaction's snapshot is from its start
            assertEquals(100L, engine.execute(s1, "SELECT count(*) FROM big").rows().get(0)[0]);
        } finally {
            engine.forget(s2);
            s2.close();
        }
    }
}
