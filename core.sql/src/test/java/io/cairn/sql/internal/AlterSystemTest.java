package io.cairn.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.Session;
import io.cairn.txn.TransactionOptions;

/** ALTER SYSTEM SET outside OSGi: cairn.properties in the data directory, read back on the next open. */
class AlterSystemTest {

    @TempDir
    Path tmp;

    private DatabaseComponent open() {
        return new DatabaseComponent("sales", "", tmp.toString(), StorageOptions.defaults().withBufferPoolBytes(1 << 20),
                TransactionOptions.defaults());
    }

    private static Map<String, String> parameters(DatabaseComponent db) throws SqlException {
        Map<String, String> m = new HashMap<>();
        try (Session s = db.transactions().openSession("test", "alter system")) {
            for (Object[] row : db.sqlEngine().execute(s, "SELECT name, value FROM v$parameter").rows()) {
                m.put((String) row[0], (String) row[1]);
            }
        }
        return m;
    }

    private static SqlResult run(DatabaseComponent db, String sql) throws SqlException {
        try (Session s = db.transactions().openSession("test", "alter system")) {
            return db.sqlEngine().execute(s, sql);
        }
    }

    @Test
    void savedValuesApplyOnTheNextOpen() throws Exception {
        DatabaseComponent db = open();
        try {
            assertEquals("30000", parameters(db).get("lock_timeout"));
            SqlResult r = run(db, "ALTER SYSTEM SET lock_timeout = '5s'");
            String message = (String) r.rows().get(0)[0];
            assertTrue(message.contains("next opened"), message);
            run(db, "ALTER SYSTEM SET BUFFER_POOL_SIZE TO '2m'");
            run(db, "ALTER SYSTEM SET lock_timeout = 750"); // a bare number of a duration is milliseconds
            assertEquals("30000", parameters(db).get("lock_timeout"), "applies on the next open only");
        } finally {
            db.close();
        }
        Properties saved = new Properties();
        try (var in = Files.newInputStream(db.directory().resolve(SystemParameterFile.FILE))) {
            saved.load(in);
        }
        assertEquals("750ms", saved.getProperty("lockTimeout"));
        assertEquals("2m", saved.getProperty("bufferPoolSize"));

        DatabaseComponent again = open();
        try {
            Map<String, String> p = parameters(again);
            assertEquals("750", p.get("lock_timeout"));
            assertEquals(String.valueOf(2 << 20), p.get("buffer_pool_size"));
        } finally {
            again.close();
        }
    }

    @Test
    void theMemoryBoundIsADatabaseParameter() throws Exception {
        DatabaseComponent db = open();
        try {
            assertEquals("1000000", parameters(db).get("max_memory_rows"));
            run(db, "ALTER SYSTEM SET max_memory_rows = 5");
            for (String bad : new String[] {"'lots'", "0", "-3", "'1e6'", "2000000000"}) {
                SqlException e = assertThrows(SqlException.class, () -> run(db, "ALTER SYSTEM SET max_memory_rows = " + bad),
                        bad);
                assertEquals("22023", e.getSQLState(), bad);
                assertTrue(e.getMessage().contains("max_memory_rows"), e.getMessage());
            }
        } finally {
            db.close();
        }
        DatabaseComponent again = open();
        try {
            assertEquals("5", parameters(again).get("max_memory_rows"));
            assertEquals(5, again.sqlEngine().memoryBound());
            run(again, "CREATE TABLE n (id INT PRIMARY KEY, v INT)");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 20; i++) {
                values.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(20 - i).append(')');
            }
            run(again, "INSERT INTO n VALUES " + values);
            // past 5 rows the sort spills, and still answers
            List<Object[]> rows = run(again, "SELECT v FROM n ORDER BY v").rows();
            assertEquals(20, rows.size());
            assertEquals(0, ((Number) rows.get(0)[0]).intValue());
        } finally {
            again.close();
        }
    }

    @Test
    void badNamesAndValuesAreRejectedAndNothingIsSaved() throws Exception {
        DatabaseComponent db = open();
        try {
            SqlException unknown = assertThrows(SqlException.class, () -> run(db, "ALTER SYSTEM SET lock_timout = '5s'"));
            assertEquals("42704", unknown.getSQLState());
            assertTrue(unknown.getMessage().contains("lock_timeout"), unknown.getMessage());
            SqlException bad = assertThrows(SqlException.class, () -> run(db, "ALTER SYSTEM SET lock_timeout = 'soon'"));
            assertEquals("22023", bad.getSQLState());
            assertTrue(bad.getMessage().contains("lock_timeout") && bad.getMessage().contains("500ms"), bad.getMessage());
            SqlException size = assertThrows(SqlException.class, () -> run(db, "ALTER SYSTEM SET wal_segment_size = 'big'"));
            assertEquals("22023", size.getSQLState());
            assertTrue(size.getMessage().contains("wal_segment_size") && size.getMessage().contains("64m"), size.getMessage());
            try (Session s = db.transactions().openSession("test", "block")) {
                db.sqlEngine().execute(s, "BEGIN");
                assertEquals("25001", assertThrows(SqlException.class,
                        () -> db.sqlEngine().execute(s, "ALTER SYSTEM SET lock_timeout = '5s'")).getSQLState());
                db.sqlEngine().execute(s, "ROLLBACK");
            }
            assertFalse(Files.exists(db.directory().resolve(SystemParameterFile.FILE)));
        } finally {
            db.close();
        }
    }

    @Test
    void aBrokenFileFailsTheOpenNamingIt() throws Exception {
        Path dir = tmp.resolve("databases").resolve("sales");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SystemParameterFile.FILE), "lockTimeout=forever\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::open);
        assertTrue(e.getMessage().contains(SystemParameterFile.FILE) && e.getMessage().contains("lockTimeout"), e.getMessage());
    }
}
