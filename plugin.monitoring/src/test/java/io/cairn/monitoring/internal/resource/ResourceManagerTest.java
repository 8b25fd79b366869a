package io.cairn.monitoring.internal.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.instrument.StatementStart;
import io.cairn.sql.internal.engine.SqlEngine;

/** Each policy of the resource manager under real statements through JDBC. */
class ResourceManagerTest {

    @TempDir
    Path dir;

    private final List<Connection> open = new ArrayList<>();
    private ResourceManager manager;

    @AfterEach
    void close() throws SQLException {
        for (Connection c : open) {
            c.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    /** Opens the database as {@code user}; the first connection loads a 150-row table and installs the manager. */
    private Connection connect(String user) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath() + ";user=" + user);
        open.add(c);
        return c;
    }

    private SqlEngine setUp(String groups) throws SQLException {
        Connection admin = connect("dba");
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE n (i INT PRIMARY KEY)");
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 150; i++) {
                values.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
            }
            st.executeUpdate("INSERT INTO n VALUES " + values);
        }
        manager = new ResourceManager(ResourceGroup.parse(groups), 5);
        SqlEngine engine = admin.unwrap(SqlEngine.class);
        engine.addAdmissionController(manager);
        return engine;
    }

    @Test
    void aCpuHeavyStatementIsTerminatedAtItsGroupsCpuLimit() throws Exception {
        setUp("reporting: users=rita, cpuMillis=100");
        Connection rita = connect("rita");
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement st = rita.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM n a, n b, n c")) { // 3.4 million rows
                rs.next();
            }
        });
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("CPU time limit of 100 ms per statement of resource group 'reporting' exceeded"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L);
        try (Statement st = connect("dba").createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM n a, n b")) {
            rs.next();
            assertEquals(22_500, rs.getLong(1), "users in no group are not limited");
        }
        assertEquals(1, manager.figures().get("reporting")[4], "one statement cancelled");
    }

    @Test
    void aGroupLimitedToTwoConcurrentStatementsQueuesTheThird() throws Exception {
        SqlEngine engine = setUp("batch: users=bob, maxConcurrent=2, queueMillis=60000");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        engine.addStatementListener(new StatementListener() {
            @Override
            public void statementStarted(StatementStart start) {
                if (start.user().equals("bob")) {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void statementEnded(StatementEnd end) {
                if (end.user().equals("bob")) {
                    running.decrementAndGet();
                }
            }
        });
        List<Connection> bobs = List.of(connect("bob"), connect("bob"), connect("bob"));
        CyclicBarrier together = new CyclicBarrier(3);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (Connection c : bobs) {
                results.add(pool.submit(() -> {
                    together.await();
                    try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM n a, n b, n c WHERE a.i < 40")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }));
            }
            for (Future<Long> f : results) {
                assertEquals(40L * 150 * 150, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // the listener sees a statement end slightly after the controller freed its slot, so it can
        // count the next one's start first: it proves two ran together, the queue counter the rest
        assertTrue(most.get() >= 2, "two ran together");
        assertTrue(manager.figures().get("batch")[2] >= 1, "the third found both slots taken and waited");
        assertEquals(0, manager.figures().get("batch")[3], "none rejected");
    }

    @Test
    void aStatementQueuedLongerThanTheGroupAllowsIsRejected() throws Exception {
        setUp("batch: users=bob, maxConcurrent=1, queueMillis=50");
        Connection first = connect("bob");
        Connection second = connect("bob");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> longOne = pool.submit(() -> {
                try (Statement st = first.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM n a, n b, n c")) {
                    rs.next();
                }
                return null;
            });
            while (manager.figures().get("batch")[1] < 1) {
                Thread.sleep(5);
            }
            SQLException e = assertThrows(SQLException.class, () -> second.createStatement().executeQuery("SELECT 1"));
            assertEquals("53000", e.getSQLState());
            assertTrue(e.getMessage().contains("runs at most 1 statements at once and none ended within 50 ms"),
                    e.getMessage());
            longOne.get();
        } finally {
            pool.shutdownNow();
        }
        try (Statement st = second.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            assertTrue(rs.next(), "admitted once the slot is free");
        }
    }

    @Test
    void sessionsBeyondTheGroupsLimitAreRefused() throws Exception {
        setUp("web: users=wendy|walt, maxSessions=2");
        connect("wendy");
        Connection walt = connect("walt");
        SQLException e = assertThrows(SQLException.class, () -> connect("wendy"));
        assertEquals("53300", e.getSQLState());
        assertTrue(e.getMessage().contains("resource group 'web' allows 2 sessions"), e.getMessage());
        walt.close();
        connect("wendy"); // a session closed: room again
        assertEquals(2, manager.figures().get("web")[0]);
    }

    @Test
    void badGroupDefinitionsNameTheProblem() {
        assertEquals("io.cairn.monitoring: resourceGroups: group 'a': cpuMillis must be a whole number, was 'fast'",
                assertThrows(IllegalArgumentException.class,
                        () -> ResourceGroup.parse("a: users=x, cpuMillis=fast")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ResourceGroup.parse("a: users=x; b: users=x")).getMessage().contains("user 'x' is in groups 'a' and 'b'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ResourceGroup.parse("a: users=x, memory=1")).getMessage().contains("'memory=1' is not one of"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ResourceGroup.parse("a: maxSessions=1")).getMessage().contains("needs users="));
        assertTrue(ResourceGroup.parse("").isEmpty());
    }
}
