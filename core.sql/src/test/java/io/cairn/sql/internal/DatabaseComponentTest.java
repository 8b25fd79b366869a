package io.cairn.sql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.storage.StorageOptions;
import io.cairn.storage.Tree;
import io.cairn.txn.TransactionOptions;

class DatabaseComponentTest {

    @TempDir
    Path tmp;

    private DatabaseComponent open(String name, String directory) {
        return new DatabaseComponent(name, directory, tmp.toString(), StorageOptions.defaults().withBufferPoolBytes(1 << 20),
                TransactionOptions.defaults());
    }

    @Test
    void statementListenersAndControllersHonourTheDatabaseProperty() throws Exception {
        DatabaseComponent db = open("sales", "");
        try {
            java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.cairn.sql.instrument.StatementListener mine = e -> seen.add("mine " + e.command());
            io.cairn.sql.instrument.StatementListener other = e -> seen.add("other " + e.command());
            io.cairn.sql.instrument.StatementListener all = e -> seen.add("all " + e.command());
            db.addStatementListener(mine, java.util.Map.of("cairn.database", "sales"));
            db.addStatementListener(other, java.util.Map.of("cairn.database", new String[] {"hr", "ops"}));
            db.addStatementListener(all, java.util.Map.of());
            io.cairn.sql.instrument.AdmissionController refuseAll = new io.cairn.sql.instrument.AdmissionController() {
                @Override
                public String name() {
                    return "hr only";
                }

                @Override
                public io.cairn.sql.instrument.Admission admitStatement(io.cairn.sql.instrument.StatementHandle h) {
                    return io.cairn.sql.instrument.Admission.reject("not for this database");
                }
            };
            db.addAdmissionController(refuseAll, java.util.Map.of("cairn.database", "hr"));
            io.cairn.txn.Session s = db.sqlEngine().openSession("u", "test");
            try {
                db.sqlEngine().execute(s, "SELECT 1");
                assertEquals(java.util.List.of("mine SELECT", "all SELECT"), seen);
                db.removeStatementListener(mine);
                db.removeStatementListener(all);
                seen.clear();
                db.sqlEngine().execute(s, "SELECT 1");
                assertTrue(seen.isEmpty());
                db.removeAdmissionController(refuseAll); // never added here: removing is harmless
            } finally {
                db.sqlEngine().forget(s);
                s.close();
            }
        } finally {
            db.close();
        }
    }

    @Test
    void defaultDirectoryLivesUnderTheContainerHome() {
        DatabaseComponent db = open("sales", "");
        try {
            assertEquals(tmp.resolve("databases").resolve("sales"), db.directory());
            assertTrue(Files.isDirectory(db.directory()));
        } finally {
            db.close();
        }
    }

    @Test
    void configuredDirectoryWins() {
        Path dir = tmp.resolve("elsewhere");
        DatabaseComponent db = open("default", dir.toString());
        try {
            assertEquals(dir, db.directory());
        } finally {
            db.close();
        }
    }

    @Test
    void openingADatabaseEmptiesItsTempAreaAndStatementsSpillThere() throws Exception {
        DatabaseComponent db = open("default", "");
        Path temp = db.directory().resolve("temp");
        db.close();
        Files.createDirectories(temp);
        Files.write(temp.resolve("t12.run"), new byte[] {1, 2, 3}); // what a crash mid-sort leaves
        DatabaseComponent again = open("default", "");
        try {
            assertEquals(0, count(temp));
            assertEquals(temp, again.sqlEngine().tempArea().directory());
            io.cairn.txn.Session s = again.sqlEngine().openSession("u", "test");
            again.sqlEngine().execute(s, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            again.sqlEngine().execute(s, "INSERT INTO t VALUES (1, 3), (2, 1), (3, 2), (4, 1)");
            again.sqlEngine().setMemoryBound(2);
            var rows = again.sqlEngine().execute(s, "SELECT id FROM t ORDER BY v, id").rows();
            assertEquals(java.util.List.of(2, 4, 3, 1), rows.stream().map(r -> r[0]).toList());
            assertTrue(again.sqlEngine().tempArea().filesCreated() > 0);
            assertEquals(0, count(temp));
            again.sqlEngine().forget(s);
            s.close();
        } finally {
            again.close();
        }
    }

    private static long count(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void committedDataSurvivesDeactivationAndReactivation() {
        DatabaseComponent db = open("default", "");
        Tree tree = db.storage().createTree("t");
        tree.put(bytes("k"), bytes("v"));
        db.storage().commit(new byte[0]);
        db.close();

        DatabaseComponent again = open("default", "");
        try {
            assertArrayEquals(bytes("v"), again.storage().openTree("t").get(bytes("k")));
        } finally {
            again.close();
        }
    }

    @Test
    void sqlTablesSurviveDeactivationAndReactivation() throws Exception {
        DatabaseComponent db = open("default", "");
        io.cairn.txn.Session s = db.transactions().openSession("test", null);
        db.sqlEngine().execute(s, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))");
        db.sqlEngine().execute(s, "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        s.close();
        db.close();

        DatabaseComponent again = open("default", "");
        try {
            io.cairn.txn.Session s2 = again.transactions().openSession("test", null);
            var result = again.sqlEngine().execute(s2, "SELECT name FROM t ORDER BY id DESC");
            assertEquals("two", result.rows().get(0)[0]);
            assertEquals(2, result.rows().size());
            s2.close();
        } finally {
            again.close();
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsWhileTheFirstIsOpen() {
        DatabaseComponent db = open("default", "");
        try {
            assertThrows(RuntimeException.class, () -> open("default", ""));
        } finally {
            db.close();
        }
    }

    @Test
    void rejectsNamesThatAreNotIdentifiers() {
        for (String bad : new String[] {"", "1abc", "a b", "../x", "a-b", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(bad, ""));
            assertTrue(e.getMessage().contains("invalid database name"), e.getMessage());
        }
    }

    @Test
    void unusableDirectoryFailsWithTheDatabaseName() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Exception e = assertThrows(RuntimeException.class, () -> open("default", file.resolve("db").toString()));
        assertTrue(e.getMessage().contains("'default'"), e.getMessage());
    }

    @Test
    void sizesInConfigurationAcceptUnitsAndRejectNonsenseByName() {
        StorageOptions options = DatabaseComponent.storageOptions(config("256m", "1g", "2GiB"));
        assertEquals(256L << 20, options.bufferPoolBytes());
        assertEquals(1L << 30, options.walSegmentBytes());
        assertEquals(2L << 30, options.checkpointWalBytes());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseComponent.storageOptions(config("lots", "64m", "256m")));
        assertTrue(e.getMessage().contains("bufferPoolSize = 'lots'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseComponent.storageOptions(config("1k", "64m", "256m")));
        assertTrue(e.getMessage().contains("bufferPoolBytes"), e.getMessage());
    }

    @Test
    void lockTimeoutTakesUnitsAndRejectsNonsenseByName() {
        assertEquals(java.time.Duration.ofMillis(500),
                DatabaseComponent.transactionOptions(config("64m", "64m", "256m", "500ms")).lockTimeout());
        assertEquals(java.time.Duration.ofMinutes(2),
                DatabaseComponent.transactionOptions(config("64m", "64m", "256m", "2m")).lockTimeout());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseComponent.transactionOptions(config("64m", "64m", "256m", "soon")));
        assertTrue(e.getMessage().contains("lockTimeout = 'soon'"), e.getMessage());
    }

    @Test
    void maxMemoryRowsIsANumberOfRowsAndRejectsNonsenseByName() {
        assertEquals(5000, DatabaseComponent.memoryRows(config("64m", "64m", "256m", "30s", " 5000 ")));
        for (String bad : new String[] {"lots", "0", "-1", "1m", "5000000000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DatabaseComponent.memoryRows(config("64m", "64m", "256m", "30s", bad)), bad);
            assertTrue(e.getMessage().contains("maxMemoryRows = '" + bad + "'"), e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DatabaseConfig config(String pool, String segment, String checkpoint) {
        return config(pool, segment, checkpoint, "30s");
    }

    private static DatabaseConfig config(String pool, String segment, String checkpoint, String lockTimeout) {
        return config(pool, segment, checkpoint, lockTimeout, "1000000");
    }

    private static DatabaseConfig config(String pool, String segment, String checkpoint, String lockTimeout,
            String memoryRows) {
        return new DatabaseConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DatabaseConfig.class;
            }

            @Override
            public String name() {
                return "default";
            }

            @Override
            public String directory() {
                return "";
            }

            @Override
            public String bufferPoolSize() {
                return pool;
            }

            @Override
            public String walSegmentSize() {
                return segment;
            }

            @Override
            public String checkpointWalSize() {
                return checkpoint;
            }

            @Override
            public String lockTimeout() {
                return lockTimeout;
            }

            @Override
            public String maxMemoryRows() {
                return memoryRows;
            }
        };
    }
}
