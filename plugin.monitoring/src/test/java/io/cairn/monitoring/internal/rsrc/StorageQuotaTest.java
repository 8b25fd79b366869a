package io.cairn.monitoring.internal.rsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.internal.engine.SqlEngine;

/**
 * The per-user storage quota (user.storage.mb) through real JDBC sessions of an embedded database,
 * with the manager's controller registered in its SQL engine and the engine's table sizes as the
 * manager's storage source, as the OSGi component wires them.
 */
class StorageQuotaTest {

    @TempDir
    Path dir;

    private String url;
    private Connection admin;
    private SqlEngine engine;
    private ResourceManager manager;
    private final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath();
        admin = connect("admin");
        engine = admin.unwrap(SqlEngine.class);
        engine.setDatabaseName("db");
        manager = new ResourceManager(10);
        manager.storageMaxAge(0); // read the sizes at every check, so each statement sees the one before it
        manager.setStorageSource("db", engine::tableStorage);
        engine.addAdmissionController(manager.controllerFor("db"));
        engine.registry().addView(new RsrcUserStorageView(manager));
        manager.putGroup(ResourceGroup.parse(Map.of("name", "quota", "users", "ann,bob", "user.storage.mb", "1"), null));
    }

    @AfterEach
    void close() throws Exception {
        engine.removeAdmissionController(manager.controllerFor("db"));
        manager.close();
        for (Connection c : opened) {
            c.close();
        }
        admin.close();
    }

    private Connection connect(String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        Connection c = DriverManager.getConnection(url, p);
        opened.add(c);
        return c;
    }

    private static final String BODY = "n".repeat(1500);

    private static void insert(Connection c, String table, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, BODY);
            ps.executeUpdate();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertQuotaError(SQLException e) {
        assertEquals("53400", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("admission controller resource manager: resource group 'quota' allows each user 1 MB"
                + " of tables and indexes per database (user.storage.mb) and user 'ann' owns "), e.getMessage());
        assertTrue(e.getMessage().contains(" in database 'db'"), e.getMessage());
    }

    @Test
    void aUserOverQuotaCannotGrowButReadsDeletesAndCanGrowAgainOnceUnder() throws Exception {
        Connection ann = connect("ann");
        ann.createStatement().execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(2000))");
        int inserted = 0;
        SQLException refused = null;
        while (refused == null && inserted < 5000) {
            try {
                insert(ann, "notes", inserted);
                inserted++;
            } catch (SQLException e) {
                refused = e;
            }
        }
        assertTrue(refused != null, "the quota stopped the inserts");
        assertQuotaError(refused);
        // ~1500-byte rows, 5 to a page: 1 MB is about 640 rows; the quota let the user fill it
        assertTrue(inserted > 500 && inserted < 800, inserted + " rows before the quota");
        long used = count(admin, "SELECT SUM(bytes) FROM v$segment WHERE owner = 'ann'");
        assertTrue(used >= 1 << 20, "ann owns " + used + " bytes");

        // no data lost, and everything that does not grow the tables still runs
        assertEquals(inserted, count(ann, "SELECT count(*) FROM notes"));
        assertQuotaError(assertThrows(SQLException.class,
                () -> ann.createStatement().executeUpdate("UPDATE notes SET body = 'short' WHERE id = 1")));
        assertQuotaError(assertThrows(SQLException.class,
                () -> ann.createStatement().execute("CREATE TABLE more (id INT PRIMARY KEY)")));
        assertQuotaError(assertThrows(SQLException.class,
                () -> ann.createStatement().execute("CREATE INDEX notes_body ON notes (body)")));
        assertEquals(inserted, count(ann, "SELECT count(*) FROM notes"));

        // another user of the group is not held back by ann's tables; the view shows both
        Connection bob = connect("bob");
        bob.createStatement().execute("CREATE TABLE bobs (id INT PRIMARY KEY, body VARCHAR(2000))");
        insert(bob, "bobs", 1);
        try (ResultSet rs = admin.createStatement().executeQuery("SELECT username, group_name, database_name, used_bytes,"
                + " quota_bytes, over_quota, rejected FROM v$rsrc_user_storage ORDER BY username")) {
            assertTrue(rs.next());
            assertEquals("ann", rs.getString(1));
            assertEquals("quota", rs.getString(2));
            assertEquals("db", rs.getString(3));
            assertEquals(used, rs.getLong(4));
            assertEquals(1 << 20, rs.getLong(5));
            assertTrue(rs.getBoolean(6));
            assertEquals(4, rs.getLong(7), "INSERT, UPDATE, CREATE TABLE and CREATE INDEX were refused");
            assertTrue(rs.next());
            assertEquals("bob", rs.getString(1));
            assertFalse(rs.getBoolean(6));
            assertFalse(rs.next());
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        RsrcGroupsCommand.printStorage(new PrintStream(buf, true, StandardCharsets.UTF_8), manager.userStorage(null));
        String shell = buf.toString(StandardCharsets.UTF_8);
        assertTrue(shell.contains("ann") && shell.contains("OVER: growth rejected") && shell.contains("bob"), shell);
        assertTrue(manager.stats().get(0).group().limits().contains("storage per user 1 MB"));

        // DELETE frees the pages once VACUUM removed the dead rows; then ann may insert again
        try (Statement st = ann.createStatement()) {
            assertEquals(inserted - 50, st.executeUpdate("DELETE FROM notes WHERE id >= 50"));
        }
        assertQuotaError(assertThrows(SQLException.class, () -> insert(ann, "notes", 10_000)));
        ann.createStatement().execute("VACUUM");
        assertTrue(count(admin, "SELECT SUM(bytes) FROM v$segment WHERE owner = 'ann'") < 1 << 19);
        insert(ann, "notes", 10_000);
        assertEquals(51, count(ann, "SELECT count(*) FROM notes"));

        // DROP TABLE runs over the quota too
        while (count(admin, "SELECT SUM(bytes) FROM v$segment WHERE owner = 'ann'") < 1 << 20) {
            insert(ann, "notes", 20_000 + (int) count(ann, "SELECT count(*) FROM notes"));
        }
        assertQuotaError(assertThrows(SQLException.class, () -> insert(ann, "notes", 99_999)));
        ann.createStatement().execute("DROP TABLE notes");
        ann.createStatement().execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(2000))");
        insert(ann, "notes", 1);
    }

    @Test
    void aTableGivenAwayWithOwnerToCountsForItsNewOwner() throws Exception {
        Connection ann = connect("ann");
        admin.createStatement().execute("CREATE TABLE big (id INT PRIMARY KEY, body VARCHAR(2000))");
        for (int i = 0; i < 800; i++) {
            insert(admin, "big", i); // admin is in no group: no quota
        }
        admin.createStatement().execute("ALTER TABLE big OWNER TO ann");
        assertQuotaError(assertThrows(SQLException.class,
                () -> ann.createStatement().execute("CREATE TABLE mine (id INT PRIMARY KEY)")));
        assertEquals(800, count(ann, "SELECT count(*) FROM big"));
        admin.createStatement().execute("ALTER TABLE big OWNER TO admin");
        ann.createStatement().execute("CREATE TABLE mine (id INT PRIMARY KEY)");
    }
}
