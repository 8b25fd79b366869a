package io.cairn.sql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.txn.Session;
import io.cairn.txn.internal.TransactionManagerImpl;

/**
 * Kills (SIGKILL) a child JVM that builds and drops an index over and over while it changes the
 * table; after each kill the database must hold either no index or a complete one, and exactly
 * the state of the last acknowledged statement.
 */
class CreateIndexKillTest {

    @TempDir
    Path dir;

    private static final String[] PREDICATES = {"k = 3", "k < 4", "k BETWEEN 5 AND 9", "k IS NULL", "k IS NOT NULL"};

    /** The child: fills t once, then CREATE INDEX / DROP INDEX with updates between, printing each step. */
    public static final class Workload {
        public static void main(String[] args) throws Exception {
            Path d = Path.of(args[0]);
            Random rnd = new Random(Long.parseLong(args[1]));
            TransactionManagerImpl tm = DatabaseEngine.open(d);
            SqlEngine engine = new SqlEngine(tm);
            Session s = tm.openSession("kill", "test");
            if (engine.execute(s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")
                    .rows().get(0)[0].toString().equals("0")) {
                engine.execute(s, "CREATE TABLE t (id INT PRIMARY KEY, k INT, v VARCHAR(20))");
                engine.execute(s, "INSERT INTO t VALUES (1, 1, 'v')");
                for (int i = 0; i < 14; i++) {
                    engine.execute(s, "INSERT INTO t SELECT id + (SELECT max(id) FROM t), MOD(id * 7, 40), 'v' FROM t");
                }
            }
            boolean exists = engine.execute(s, "SELECT count(*) FROM v$index_usage WHERE index_name = 't_k'")
                    .rows().get(0)[0].toString().equals("1");
            System.out.println("READY");
            System.out.flush();
            for (;;) {
                int id = 1 + rnd.nextInt(20_000);
                engine.execute(s, "UPDATE t SET k = " + (rnd.nextInt(10) == 0 ? "NULL" : rnd.nextInt(40))
                        + " WHERE id BETWEEN " + id + " AND " + (id + 50));
                engine.execute(s, "DELETE FROM t WHERE id = " + (id + 51));
                System.out.println(exists ? "DROP START" : "CREATE START");
                System.out.flush();
                engine.execute(s, exists ? "DROP INDEX t_k" : "CREATE INDEX t_k ON t (k)");
                exists = !exists;
                System.out.println(exists ? "CREATED" : "DROPPED");
                System.out.flush();
            }
        }
    }

    private static List<String> column(SqlEngine engine, Session s, String sql) throws SqlException {
        List<String> out = new ArrayList<>();
        for (Object[] r : engine.execute(s, sql).rows()) {
            out.add(String.valueOf(r[0]));
        }
        return out;
    }

    @Test
    void aKillDuringOrAfterCreateIndexLeavesNoIndexOrACompleteOne() throws Exception {
        int kills = Boolean.getBoolean("cairn.test.long") ? 40 : 6;
        Random rnd = new Random(20261125);
        int sawIndex = 0;
        List<String> outcomes = new ArrayList<>();
        for (int cycle = 0; cycle < kills; cycle++) {
            CountDownLatch ready = new CountDownLatch(1);
            AtomicReference<String> last = new AtomicReference<>("");
            java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    Workload.class.getName(), dir.toString(), Long.toString(7 + cycle)).start();
            StringBuilder err = new StringBuilder();
            Thread out = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.equals("READY")) {
                            ready.countDown();
                        } else {
                            last.set(line);
                            if (!line.endsWith("START")) {
                                steps.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // killed
                }
            });
            Thread errs = new Thread(() -> {
                try {
                    err.append(new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // killed
                }
            });
            out.start();
            errs.start();
            if (!ready.await(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("child did not start: " + err);
            }
            // after a few finished statements, at a random moment: often inside a build or its commit
            int target = 1 + rnd.nextInt(5);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (steps.get() < target && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Thread.sleep(rnd.nextInt(150));
            child.destroyForcibly();
            child.waitFor();
            out.join();
            errs.join();
            assertTrue(!err.toString().contains("Exception"), () -> "child failed: " + err);
            // the crash image as the kill left it, kept if this cycle fails: the open below changes it
            Path image = crashImageCopy();
            if (Files.exists(image)) {
                DatabaseEngine.deleteTree(image);
            }
            copyDirectory(dir, image);
            String failureContext = "; crash image kept in " + image.toAbsolutePath() + "; child's stderr: " + err;

            try (TransactionManagerImpl tm = DatabaseEngine.open(dir)) {
                assertTrue(tm.storage().verify().clean(), () -> "verify: " + tm.storage().verify().issues());
                SqlEngine engine = new SqlEngine(tm);
                Session s = tm.openSession("check", "test");
                boolean exists = column(engine, s,
                        "SELECT count(*) FROM v$index_usage WHERE index_name = 't_k'").get(0).equals("1");
                String acked = last.get();
                outcomes.add(acked + (exists ? " -> index" : " -> no index"));
                if (acked.equals("CREATED")) {
                    String indexes = exists ? "" : String.valueOf(column(engine, s, "SELECT index_name FROM v$index_usage"));
                    assertTrue(exists, () -> "an acknowledged CREATE INDEX survives; cycles so far: " + outcomes
                            + "; indexes: " + indexes + "; trees: " + tm.tables() + failureContext);
                } else if (acked.equals("DROPPED")) {
                    assertTrue(!exists, () -> "an acknowledged DROP INDEX survives; cycles so far: " + outcomes
                            + "; trees: " + tm.tables() + failureContext);
                }
                if (exists) {
                    sawIndex++;
                    for (String p : PREDICATES) {
                        String full = "SELECT id FROM t WHERE " + p.replace("k", "(k + 0)") + " ORDER BY id";
                        String viaIndex = "SELECT id FROM t WHERE " + p + " ORDER BY id";
                        if (!p.contains("NULL")) {
                            String plan = String.join("\n", column(engine, s, "EXPLAIN " + viaIndex));
                            assertTrue(plan.contains("Index Only Scan using t_k"), plan);
                        }
                        assertEquals(column(engine, s, full), column(engine, s, viaIndex), "cycle " + cycle + ", " + p
                                + failureContext);
                    }
                    assertEquals(column(engine, s, "SELECT count(*) FROM t WHERE (id + 0) IS NOT NULL"),
                            column(engine, s, "SELECT count(*) FROM t"));
                }
                s.close();
            }
        }
        if (Files.exists(crashImageCopy())) {
            DatabaseEngine.deleteTree(crashImageCopy());
        }
        System.out.println("CreateIndexKillTest: " + kills + " kills, index present after " + sawIndex + ": " + outcomes);
    }

    /** Where the last crash image is copied before it is opened (under target/, kept after a failure). */
    private static Path crashImageCopy() {
        return Path.of("target", "CreateIndexKillTest-crash-image");
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
