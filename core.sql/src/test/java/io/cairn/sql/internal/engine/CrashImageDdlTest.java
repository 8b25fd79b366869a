package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.storage.BackupSession;
import io.cairn.storage.CheckpointMode;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * Crash images of a database building and dropping an index under updates, taken in the middle
 * of statements after a FULL checkpoint has put their uncommitted writes (catalog rows, index
 * entries, row versions) in the log and the data file, then opened in this JVM. The kill -9 test
 * ({@link CreateIndexKillTest}) seldom leaves such writes (one session logs only at its commits),
 * so this is where the lazy recovery of dead transactions meets the engine's startup (catalog read,
 * drop of unreferenced trees) and the next statements: an acknowledged CREATE or DROP INDEX must
 * be there after the crash, and an index must answer as the table does.
 */
class CrashImageDdlTest {

    @TempDir
    Path base;

    private static List<String> column(SqlEngine engine, Session s, String sql) throws SqlException {
        List<String> out = new ArrayList<>();
        for (Object[] r : engine.execute(s, sql).rows()) {
            out.add(String.valueOf(r[0]));
        }
        return out;
    }

    /**
     * What kill -9 would leave: the data file first, then the log, so every page copied has its
     * log group in the copied log (the log may run further: a later crash point). The backup
     * session keeps log segments from being recycled meanwhile.
     */
    private static void crashImage(TransactionManagerImpl tm, Path from, Path to) throws Exception {
        try (BackupSession pin = tm.storage().beginBackup()) {
            Files.createDirectories(to.resolve("wal"));
            try (Stream<Path> files = Files.list(from)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(p)) {
                        Files.copy(p, to.resolve(p.getFileName().toString()));
                    }
                }
            }
            try (Stream<Path> files = Files.list(from.resolve("wal"))) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    try {
                        Files.copy(p, to.resolve("wal").resolve(p.getFileName().toString()));
                    } catch (NoSuchFileException e) {
                        // a spare or preallocation file renamed meanwhile
                    }
                }
            }
        }
    }

    @Test
    void acknowledgedIndexDdlSurvivesCrashImagesWithUncommittedWritesLogged() throws Exception {
        int cycles = Boolean.getBoolean("cairn.test.long") ? 300 : 25;
        Random rnd = new Random(20261126);
        Path dir = base.resolve("c0");
        String expected = ""; // the last index DDL acknowledged before the image, "" if unknown
        List<String> outcomes = new ArrayList<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            TransactionManagerImpl tm = DatabaseEngine.open(dir);
            try {
                SqlEngine engine = new SqlEngine(tm);
                Session s = tm.openSession("crash", "test");
                boolean exists = column(engine, s, "SELECT count(*) FROM v$index_usage WHERE index_name = 't_k'")
                        .get(0).equals("1");
                outcomes.add(expected + (exists ? " -> index" : " -> no index"));
                String context = "cycle " + cycle + ", trees " + tm.tables() + ", cycles so far " + outcomes;
                if (expected.equals("CREATED")) {
                    assertTrue(exists, "an acknowledged CREATE INDEX survives; " + context);
                } else if (expected.equals("DROPPED")) {
                    assertTrue(!exists, "an acknowledged DROP INDEX survives; " + context);
                }
                if (exists) {
                    for (String p : new String[] {"k = 3", "k < 4", "k BETWEEN 5 AND 9", "k IS NULL"}) {
                        assertEquals(column(engine, s, "SELECT id FROM t WHERE " + p.replace("k", "(k + 0)") + " ORDER BY id"),
                                column(engine, s, "SELECT id FROM t WHERE " + p + " ORDER BY id"), p + "; " + context);
                    }
                }
                if (column(engine, s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")
                        .get(0).equals("0")) {
                    engine.execute(s, "CREATE TABLE t (id INT PRIMARY KEY, k INT, v VARCHAR(20))");
                    engine.execute(s, "INSERT INTO t VALUES (1, 1, 'v')");
                    for (int i = 0; i < 12; i++) {
                        engine.execute(s, "INSERT INTO t SELECT id + (SELECT max(id) FROM t), MOD(id * 7, 40), 'v' FROM t");
                    }
                }

                // the workload runs on; at a random moment the image is taken, whatever statement runs
                Path next = base.resolve("c" + (cycle + 1));
                Path current = dir;
                AtomicReference<String> acked = new AtomicReference<>("");
                AtomicInteger ddlStarted = new AtomicInteger();
                AtomicBoolean copying = new AtomicBoolean();
                AtomicReference<String> ackedAtImage = new AtomicReference<>();
                AtomicReference<Throwable> imageFailure = new AtomicReference<>();
                long delay = rnd.nextInt(200);
                Thread imager = new Thread(() -> {
                    try {
                        Thread.sleep(delay);
                        tm.storage().checkpoint(CheckpointMode.FULL); // uncommitted writes reach the log and the file
                        copying.set(true);
                        int before = ddlStarted.get();
                        String a = acked.get();
                        crashImage(tm, current, next);
                        // the copy takes a while: an index DDL begun meanwhile may or may not be in it (the
                        // second test also catches one whose count this thread read just before its start)
                        ackedAtImage.set(ddlStarted.get() == before && acked.get().equals(a) ? a : "");
                    } catch (Throwable e) {
                        imageFailure.set(e);
                    }
                }, "crash-image");
                imager.start();
                boolean ex = exists;
                for (int step = 0; imager.isAlive() && step < 200; step++) {
                    int id = 1 + rnd.nextInt(4000);
                    engine.execute(s, "UPDATE t SET k = " + (rnd.nextInt(10) == 0 ? "NULL" : rnd.nextInt(40))
                            + " WHERE id BETWEEN " + id + " AND " + (id + 50));
                    engine.execute(s, "DELETE FROM t WHERE id = " + (id + 51));
                    while (copying.get() && imager.isAlive()) {
                        Thread.sleep(1); // no index DDL begins while the files are copied
                    }
                    // in this order, and read in the other by the imager: it never pairs the count from
                    // before a DDL with the acknowledgement of the one before it
                    acked.set(ex ? "DROP START" : "CREATE START");
                    ddlStarted.incrementAndGet();
                    engine.execute(s, ex ? "DROP INDEX t_k" : "CREATE INDEX t_k ON t (k)");
                    ex = !ex;
                    acked.set(ex ? "CREATED" : "DROPPED");
                }
                imager.join();
                assertEquals(null, imageFailure.get(), "the crash image could not be taken");
                expected = ackedAtImage.get();
                assertNotNull(expected, "the image was taken");
                s.close();
            } finally {
                tm.close();
            }
            DatabaseEngine.deleteTree(dir);
            dir = base.resolve("c" + (cycle + 1));
        }
        System.out.println("CrashImageDdlTest: " + cycles + " crash images: " + outcomes);
    }
}
