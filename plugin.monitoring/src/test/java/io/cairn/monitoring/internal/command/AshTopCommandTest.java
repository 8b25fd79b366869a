package io.cairn.monitoring.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.monitoring.internal.AshComponent;
import io.cairn.monitoring.internal.Components;
import io.cairn.monitoring.internal.TestDatabase;
import io.cairn.txn.Session;
import io.cairn.txn.WaitClass;

/** What cairn:ash-top prints, and how it refuses bad options. */
class AshTopCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTopSqlWaitEventsAndSessions() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir);
                Session a = db.transactions().openSession("ann", "app");
                Session b = db.transactions().openSession("bob", "app")) {
            AshComponent ash = Components.unstartedAsh(db);
            a.beginStatement("SELECT *\n  FROM orders");
            b.beginStatement("UPDATE stock SET n = n - 1");
            b.beginWait("data file read", WaitClass.USER_IO);
            Components.sample(ash);
            b.endWait();
            Components.sample(ash);
            String out = print(ash, 5, 10);
            assertTrue(out.contains("sales: 4 active session samples in the last 5 minute(s), one every 1000 ms"), out);
            assertTrue(out.contains("Top SQL") && out.contains("SELECT * FROM orders"), "whitespace folded:\n" + out);
            assertTrue(out.lines().anyMatch(l -> l.contains("ON CPU") && l.contains("75.0") && l.contains("CPU")), out);
            assertTrue(out.lines().anyMatch(l -> l.contains("data file read") && l.contains("User I/O")), out);
            assertTrue(out.lines().anyMatch(l -> l.contains(Long.toString(b.id())) && l.contains("bob, mostly")), out);
        }
    }

    @Test
    void saysSoWhenTheWindowIsEmptyAndRejectsBadOptions() throws Exception {
        try (TestDatabase db = new TestDatabase("sales", dir)) {
            AshComponent ash = Components.unstartedAsh(db);
            assertEquals("no active session samples for database 'sales' in the last 5 minute(s)", print(ash, 5, 10).trim());
            AshTopCommand c = new AshTopCommand();
            c.ash = ash;
            c.minutes = 0;
            assertEquals("--minutes must be between 1 and 1440, was 0",
                    assertThrows(IllegalArgumentException.class, c::execute).getMessage());
            c.minutes = 5;
            c.top = 0;
            assertEquals("--top must be between 1 and 1000, was 0",
                    assertThrows(IllegalArgumentException.class, c::execute).getMessage());
        }
    }

    private static String print(AshComponent ash, int minutes, int top) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AshTopCommand.print(out, ash.window(minutes * 60L, "sales"), "sales", minutes, top, ash.intervalMillis());
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
