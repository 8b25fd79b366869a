package io.cairn.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseComponentTest {

    @TempDir
    Path tmp;

    @Test
    void defaultDirectoryLivesUnderTheContainerHome() {
        DatabaseComponent db = new DatabaseComponent("sales", "", tmp.toString());
        assertEquals(tmp.resolve("databases").resolve("sales"), db.directory());
        assertTrue(Files.isDirectory(db.directory()));
    }

    @Test
    void configuredDirectoryWins() {
        Path dir = tmp.resolve("elsewhere");
        DatabaseComponent db = new DatabaseComponent("default", dir.toString(), "/nonexistent");
        assertEquals(dir, db.directory());
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void rejectsNamesThatAreNotIdentifiers() {
        for (String bad : new String[] {"", "1abc", "a b", "../x", "a-b", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DatabaseComponent(bad, "", tmp.toString()));
            assertTrue(e.getMessage().contains("invalid database name"), e.getMessage());
        }
    }

    @Test
    void unusableDirectoryFailsWithTheDatabaseName() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Exception e = assertThrows(RuntimeException.class,
                () -> new DatabaseComponent("default", file.resolve("db").toString(), tmp.toString()));
        assertTrue(e.getMessage().contains("'default'"), e.getMessage());
    }
}
