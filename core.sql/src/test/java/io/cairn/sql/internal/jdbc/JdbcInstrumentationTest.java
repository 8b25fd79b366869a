package io.cairn.sql.internal.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.cairn.sql.instrument.Admission;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.SessionRequest;
import io.cairn.sql.instrument.StatementEnd;
import io.cairn.sql.internal.engine.SqlEngine;

/** Client info, admission and instrumentation as a JDBC application sees them. */
class JdbcInstrumentationTest {

    @Test
    void clientInfoReachesVSessionAndListenersSeeJdbcStatements() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:cairn:mem:instr-client;user=alice")) {
            SqlEngine engine = c.unwrap(SqlEngine.class);
            List<StatementEnd> ends = new CopyOnWriteArrayList<>();
            engine.addStatementListener(ends::add);
            c.setClientInfo("ApplicationName", "billing");
            c.setClientInfo("ClientHostname", "web-7");
            c.setClientInfo("module", "invoices");
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT username, application_name, client_hostname, module"
                            + " FROM v$session WHERE application_name = 'billing'")) {
                assertTrue(rs.next());
                assertEquals("alice", rs.getString(1));
                assertEquals("web-7", rs.getString(3));
                assertEquals("invoices", rs.getString(4));
            }
            assertEquals("select username, application_name, client_hostname, module from v$session where"
                    + " application_name = ?", ends.get(ends.size() - 1).digest().text());
            assertEquals("alice", ends.get(ends.size() - 1).user());
        }
    }

    @Test
    void aConnectionWhoseSessionWasKilledIsClosedAndTheDatabaseStaysOpen() throws Exception {
        try (Connection dba = DriverManager.getConnection("jdbc:cairn:mem:instr-kill");
                Connection app = DriverManager.getConnection("jdbc:cairn:mem:instr-kill")) {
            try (Statement s = dba.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            }
            app.setClientInfo("ApplicationName", "victim");
            app.setAutoCommit(false);
            try (Statement s = app.createStatement()) {
                s.execute("INSERT INTO t VALUES (1)");
            }
            long sid;
            try (Statement s = dba.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sid FROM v$session WHERE application_name = 'victim'")) {
                assertTrue(rs.next());
                sid = rs.getLong(1);
            }
            assertEquals(SqlEngine.KillResult.CLOSED, dba.unwrap(SqlEngine.class).closeSession(sid, "the test"));
            SQLException e = assertThrows(SQLException.class, () -> app.createStatement().execute("SELECT 1"));
            assertEquals("57P01", e.getSQLState());
            assertTrue(app.isClosed());
            app.close(); // closing again releases nothing twice
            try (Statement s = dba.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "the killed session's insert was rolled back");
            }
        }
        assertTrue(!EmbeddedDatabase.isOpen("mem:instr-kill"), "the last connection closed the database");
    }

    @Test
    void anAdmissionControllerCanRefuseAConnection() throws Exception {
        try (Connection first = DriverManager.getConnection("jdbc:cairn:mem:instr-admission")) {
            SqlEngine engine = first.unwrap(SqlEngine.class);
            engine.addAdmissionController(new AdmissionController() {
                @Override
                public String name() {
                    return "no batch users";
                }

                @Override
                public Admission admitSession(SessionRequest r) {
                    return r.user().equals("batch") ? Admission.reject("batch runs at night") : Admission.admit();
                }
            });
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection("jdbc:cairn:mem:instr-admission;user=batch"));
            assertEquals("53300", e.getSQLState());
            assertEquals("session rejected by admission controller no batch users: batch runs at night", e.getMessage());
            try (Connection ok = DriverManager.getConnection("jdbc:cairn:mem:instr-admission;user=web")) {
                assertTrue(ok.isValid(1));
            }
        }
    }
}
