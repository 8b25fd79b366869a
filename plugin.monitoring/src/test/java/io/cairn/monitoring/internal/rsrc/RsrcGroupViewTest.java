package io.cairn.monitoring.internal.rsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.internal.engine.SqlEngine;

/** v$rsrc_group queried through SQL, and cairn:rsrc-groups' table, after real rejections. */
class RsrcGroupViewTest {

    @TempDir
    Path dir;

    @Test
    void showsEachGroupsLimitsAndCounters() throws Exception {
        String url = "jdbc:cairn:file:" + dir.resolve("db").toAbsolutePath();
        try (Connection admin = DriverManager.getConnection(url); ResourceManager m = new ResourceManager(10)) {
            SqlEngine engine = admin.unwrap(SqlEngine.class);
            engine.addAdmissionController(m.controllerFor("db"));
            engine.registry().addView(new RsrcGroupView(m));
            m.putGroup(ResourceGroup.parse(Map.of("name", "web", "users", "app", "max.sessions", "1"), null));
            Properties p = new Properties();
            p.setProperty("user", "app");
            try (Connection app = DriverManager.getConnection(url, p)) {
                app.createStatement().executeQuery("SELECT 1").close();
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> DriverManager.getConnection(url, p));
                assertEquals("53300", e.getSQLState());
                try (ResultSet rs = admin.createStatement().executeQuery(
                        "SELECT group_name, users, limits, sessions, admitted, rejected, terminated, is_default FROM v$rsrc_group")) {
                    assertTrue(rs.next());
                    assertEquals("web", rs.getString(1));
                    assertEquals("app", rs.getString(2));
                    assertEquals("sessions 1 (reject)", rs.getString(3));
                    assertEquals(1, rs.getInt(4));
                    assertEquals(1, rs.getLong(5));
                    assertEquals(1, rs.getLong(6));
                    assertEquals(0, rs.getLong(7));
                    assertFalse(rs.getBoolean(8));
                    assertFalse(rs.next());
                }
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            RsrcGroupsCommand.print(new PrintStream(buf, true, StandardCharsets.UTF_8), m.stats());
            String out = buf.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("web") && out.contains("sessions 1 (reject)"), out);
            m.removeGroup("web");
            buf.reset();
            RsrcGroupsCommand.print(new PrintStream(buf, true, StandardCharsets.UTF_8), m.stats());
            assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("no resource groups are active"));
            engine.removeAdmissionController(m.controllerFor("db"));
        }
    }
}
