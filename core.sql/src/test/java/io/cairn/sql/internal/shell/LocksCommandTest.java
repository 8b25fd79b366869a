package io.cairn.sql.internal.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.txn.TransactionManager;

/** cairn:locks names the tables a user created, not the storage trees the locks are taken on. */
class LocksCommandTest {

    @Test
    void heldLocksShowTheSqlTableName() throws Exception {
        String url = "jdbc:cairn:mem:locks-command";
        try (Connection admin = DriverManager.getConnection(url); Connection holder = DriverManager.getConnection(url)) {
            try (Statement s = admin.createStatement()) {
                s.executeUpdate("CREATE TABLE acct (id INT PRIMARY KEY, bal INT)");
                s.executeUpdate("CREATE INDEX acct_bal ON acct (bal)");
                s.executeUpdate("INSERT INTO acct VALUES (1, 10)");
            }
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("UPDATE acct SET bal = 11 WHERE id = 1");
            }
            TransactionManager manager = admin.unwrap(SqlEngine.class).manager();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            LocksCommand.print(manager.locks(), LocksCommand.objectNames(manager), new PrintStream(bytes, true,
                    StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("acct "), out);
            assertFalse(out.contains("sql.t"), "no storage tree names: " + out);
            assertTrue(out.contains("locks held "), out);
            holder.rollback();
        }
    }
}
