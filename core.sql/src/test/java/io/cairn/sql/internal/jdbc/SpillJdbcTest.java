package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlFunction;
import io.cairn.sql.SystemView.Column;
import io.cairn.sql.SystemView.ColumnType;
import io.cairn.sql.internal.engine.SqlEngine;

/**
 * Spilling through the driver: a file database spills into its own {@code temp} directory,
 * which opening it empties; {@code Statement.cancel()} and the query timeout stop a spilling sort
 * and leave no temp file.
 */
class SpillJdbcTest {

    @TempDir
    Path dir;

    @Test
    void aFileDatabaseSpillsIntoItsTempDirectoryAndOpeningItRemovesLeftovers() throws Exception {
        Path temp = dir.resolve("temp");
        Files.createDirectories(temp);
        Files.write(temp.resolve("t1.run"), new byte[64]); // left by a crash
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir); Statement s = c.createStatement()) {
            assertEquals(0, files(temp));
            SqlEngine engine = c.unwrap(CairnConnection.class).engine();
            fill(c);
            engine.setMemoryBound(10);
            long before = engine.tempArea().filesCreated();
            try (ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY v DESC, id")) {
                int n = 0;
                int previousV = Integer.MAX_VALUE;
                while (rs.next()) {
                    n++;
                    assertTrue(rs.getInt(1) % 97 <= previousV);
                    previousV = rs.getInt(1) % 97;
                }
                assertEquals(2000, n);
            }
            assertTrue(engine.tempArea().filesCreated() > before, "the sort spilled");
            assertEquals(temp, engine.tempArea().directory());
            assertEquals(0, files(temp));
            engine.setMemoryBound(SqlEngine.DEFAULT_MEMORY_ROWS);
        }
    }

    @Test
    void statementCancelAndQueryTimeoutStopASpillingSort() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:file:" + dir); Statement s = c.createStatement()) {
            SqlEngine engine = c.unwrap(CairnConnection.class).engine();
            fill(c);
            Path temp = engine.tempArea().directory();
            AtomicReference<Runnable> onSpill = new AtomicReference<>(() -> { });
            AtomicBoolean fired = new AtomicBoolean();
            engine.registry().addFunction(new Hook("test.on_spill", () -> {
                if (files(temp) > 0 && fired.compareAndSet(false, true)) {
                    onSpill.get().run();
                }
            }));
            engine.setMemoryBound(10);

            onSpill.set(() -> {
                try {
                    s.cancel(); // what another thread would do; here at a known point of the spill
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT id FROM t ORDER BY test.on_spill(v), id"));
            assertEquals("57014", e.getSQLState());
            assertTrue(fired.get());
            assertEquals(0, files(temp));

            fired.set(false);
            onSpill.set(() -> {
                try {
                    Thread.sleep(1_100); // past the one-second query timeout; the next check stops the sort
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            });
            try (Statement timed = c.createStatement()) {
                timed.setQueryTimeout(1);
                e = assertThrows(SQLException.class, () -> timed.executeQuery("SELECT id FROM t ORDER BY test.on_spill(v), id"));
                assertEquals("57014", e.getSQLState());
                assertTrue(e.getMessage().contains("timeout"), e.getMessage());
            }
            assertTrue(fired.get());
            assertEquals(0, files(temp));

            onSpill.set(() -> { });
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT DISTINCT v FROM t) x")) {
                assertTrue(rs.next());
                assertEquals(97, rs.getInt(1));
            }
        }
    }

    private static void fill(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 1; i <= 2000; i++) {
                p.setInt(1, i);
                p.setInt(2, i % 97);
                p.addBatch();
            }
            p.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static long files(Path temp) {
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(temp)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** test.on_spill(x): runs the hook, returns x. */
    private record Hook(String name, Runnable hook) implements SqlFunction {
        @Override
        public List<Column> parameters() {
            return List.of(new Column("x", ColumnType.INT));
        }

        @Override
        public ColumnType returnType() {
            return ColumnType.INT;
        }

        @Override
        public boolean deterministic() {
            return false;
        }

        @Override
        public Object invoke(Object[] args) {
            hook.run();
            return args[0];
        }
    }
}
