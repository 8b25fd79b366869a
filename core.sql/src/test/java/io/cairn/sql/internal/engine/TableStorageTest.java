package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.TableStorage;

/** Table owners and sizes as a DBA and the resource manager see them: v$segment and Database.tableStorage(). */
class TableStorageTest {

    @TempDir
    Path dir;

    private Connection connect(String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection("jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath(), p);
    }

    private static TableStorage table(SqlEngine engine, String name) {
        return engine.tableStorage().stream().filter(t -> t.table().equals(name)).findFirst().orElse(null);
    }

    private static long segmentBytes(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT SUM(bytes) FROM v$segment WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aUsersTablesGrowWithRowsShrinkAfterVacuumAndKeepOwnerAndSizeAcrossReopen() throws Exception {
        long grown;
        try (Connection ann = connect("ann"); Connection bob = connect("bob")) {
            SqlEngine engine = ann.unwrap(SqlEngine.class);
            try (Statement s = ann.createStatement()) {
                s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(400))");
                s.execute("CREATE INDEX notes_body ON notes (body)");
            }
            bob.createStatement().execute("CREATE TABLE tiny (id INT PRIMARY KEY)");
            TableStorage empty = table(engine, "notes");
            assertEquals("ann", empty.owner());
            assertEquals(1, empty.tablePages());
            assertEquals(1, empty.indexPages());
            assertEquals(1, empty.indexes());
            assertEquals(2 * 8192, segmentBytes(ann, "ann"));
            try (PreparedStatement ps = ann.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                for (int i = 0; i < 2000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "note " + i + " " + "x".repeat(300));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            TableStorage full = table(engine, "notes");
            assertTrue(full.tablePages() > 60, "2000 rows of ~310 bytes: " + full);
            assertTrue(full.indexPages() > 60, "and as many index entries: " + full);
            grown = segmentBytes(ann, "ann");
            assertEquals(full.bytes(), grown, "v$segment and tableStorage agree");
            assertEquals(8192, segmentBytes(bob, "bob"), "bob's table is not charged to ann");

            try (Statement s = ann.createStatement()) {
                s.execute("DELETE FROM notes WHERE id >= 100");
                assertEquals(grown, segmentBytes(ann, "ann"), "dead rows keep their pages until VACUUM");
                s.execute("VACUUM");
            }
            long vacuumed = segmentBytes(ann, "ann");
            assertTrue(vacuumed < grown / 4, "VACUUM freed the deleted rows' pages: " + vacuumed + " of " + grown);
            try (PreparedStatement ps = ann.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                for (int i = 100; i < 1000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "again " + i + " " + "y".repeat(300));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            grown = segmentBytes(ann, "ann");
        }
        try (Connection c = connect("carol")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            assertEquals(grown, segmentBytes(c, "ann"), "the same size after reopen");
            assertEquals("ann", table(engine, "notes").owner());
            assertEquals("bob", table(engine, "tiny").owner());
            c.createStatement().execute("DROP TABLE notes");
            assertEquals(0, segmentBytes(c, "ann"), "a dropped table is charged to nobody");
        }
    }
}
