package io.cairn.sql.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.sql.SqlException;
import io.cairn.sql.admin.DatabaseParameter;
import io.cairn.sql.admin.MaintenanceJob;
import io.cairn.sql.admin.MaintenanceOperation;
import io.cairn.sql.admin.StatementOutcome;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;
import io.cairn.sql.internal.DatabaseComponent;
import io.cairn.sql.internal.SystemParameterFile;

class AdminServicesTest {

    @TempDir
    Path tmp;
    DatabaseComponent db;

    @BeforeEach
    void open() {
        db = DatabaseComponent.openStandalone("sales", tmp);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void worksheetRunsAScriptInOneSessionAndCutsRowsToTheLimit() throws Exception {
        List<StatementOutcome> out = db.sqlConsole().execute("alice",
                "CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3); SELECT id FROM t ORDER BY id",
                2, Duration.ofSeconds(10));
        assertEquals(3, out.size());
        assertEquals(3, out.get(1).updateCount());
        StatementOutcome select = out.get(2);
        assertTrue(select.query());
        assertEquals(List.of("id"), select.columns());
        assertEquals(List.of(List.of(1), List.of(2)), select.rows());
        assertEquals(3, select.rowCount());
        assertTrue(select.truncated());
        SqlException e = assertThrows(SqlException.class,
                () -> db.sqlConsole().execute("alice", "SELECT * FROM nope", 10, Duration.ofSeconds(10)));
        assertEquals("42P01", e.getSQLState());
    }

    @Test
    void maintenanceJobsRunInTheBackgroundAndTheirEffectIsVisible() throws Exception {
        db.sqlConsole().execute("alice", "CREATE TABLE orders (id INT PRIMARY KEY, v INT); "
                + "INSERT INTO orders VALUES (1, 1), (2, 2); UPDATE orders SET v = 3; DELETE FROM orders WHERE id = 1",
                0, Duration.ofSeconds(10));
        long deadBefore = db.transactions().versionStats().deadVersions();
        assertTrue(deadBefore > 0, "updates and deletes left dead versions");

        MaintenanceJob vacuum = await(db.maintenanceJobs().submit(MaintenanceOperation.VACUUM, List.of(), "alice").id());
        assertEquals(MaintenanceJob.State.SUCCEEDED, vacuum.state(), String.valueOf(vacuum.error()));
        assertTrue(db.transactions().versionStats().deadVersions() < deadBefore);
        assertTrue(vacuum.result().get(0).startsWith("VACUUM: horizon="), vacuum.result().toString());

        MaintenanceJob analyze = await(db.maintenanceJobs().submit(MaintenanceOperation.ANALYZE, List.of("ORDERS"), "alice").id());
        assertEquals(MaintenanceJob.State.SUCCEEDED, analyze.state());
        assertEquals(List.of("orders"), analyze.tables());
        StatementOutcome stats = db.sqlConsole().execute("alice",
                "SELECT analyzed FROM v$table_statistics WHERE table_name = 'orders'", 10, Duration.ofSeconds(5)).get(0);
        assertEquals(List.of(List.of(true)), stats.rows());

        assertEquals("42P01", assertThrows(SqlException.class,
                () -> db.maintenanceJobs().submit(MaintenanceOperation.REINDEX, List.of("nope"), "alice")).getSQLState());
        assertEquals("42601", assertThrows(SqlException.class,
                () -> db.maintenanceJobs().submit(MaintenanceOperation.ANALYZE, List.of("x; DROP TABLE orders"), "a")).getSQLState());
        assertEquals("22023", assertThrows(SqlException.class,
                () -> db.maintenanceJobs().submit(MaintenanceOperation.CHECKPOINT, List.of("orders"), "a")).getSQLState());
        assertEquals(List.of(analyze.id(), vacuum.id()),
                db.maintenanceJobs().jobs().stream().map(MaintenanceJob::id).toList(), "history, newest first");
    }

    @Test
    void historyIsBounded() throws Exception {
        long last = 0;
        for (int i = 0; i < 110; i++) {
            last = db.maintenanceJobs().submit(MaintenanceOperation.CHECKPOINT, List.of(), "a").id();
        }
        await(last);
        assertEquals(100, db.maintenanceJobs().jobs().size(), "finished jobs beyond the history are forgotten");
        assertTrue(db.maintenanceJobs().job(last).isPresent());
    }

    @Test
    void parametersAreTheAlterSystemOnesAndSetGoesThroughTheSameStore() throws Exception {
        Map<String, DatabaseParameter> p = db.databaseParameters().parameters().stream()
                .collect(Collectors.toMap(DatabaseParameter::name, x -> x));
        assertEquals(List.of("buffer_pool_size", "checkpoint_wal_size", "lock_timeout", "max_memory_rows",
                "wal_segment_size"), p.keySet().stream().sorted().toList());
        assertEquals(8L << 20, p.get("buffer_pool_size").value());
        assertEquals("ms", p.get("lock_timeout").unit());
        assertEquals(1_000_000L, p.get("max_memory_rows").value());
        assertEquals("rows", p.get("max_memory_rows").unit());
        assertTrue(db.databaseParameters().set("lock_timeout", "5s").contains("next opened"));
        assertTrue(java.nio.file.Files.readString(tmp.resolve(SystemParameterFile.FILE)).contains("lockTimeout=5s"));
        assertEquals("22023", assertThrows(SqlException.class,
                () -> db.databaseParameters().set("lock_timeout", "soon")).getSQLState());
        assertEquals("42704", assertThrows(SqlException.class,
                () -> db.databaseParameters().set("fsync", "off")).getSQLState());

        java.util.Map<String, String> two = new java.util.LinkedHashMap<>();
        two.put("checkpoint_wal_size", "128m");
        two.put("lock_timeout", "later");
        assertEquals("22023", assertThrows(SqlException.class, () -> db.databaseParameters().setAll(two)).getSQLState());
        String file = java.nio.file.Files.readString(tmp.resolve(SystemParameterFile.FILE));
        assertFalse(file.contains("checkpointWalSize"), "nothing is stored when one value is bad: " + file);
        two.put("lock_timeout", "9s");
        db.databaseParameters().setAll(two);
        file = java.nio.file.Files.readString(tmp.resolve(SystemParameterFile.FILE));
        assertTrue(file.contains("checkpointWalSize=128m") && file.contains("lockTimeout=9s"), file);
    }

    @Test
    void kernelHealthChecksReportRealFigures() {
        Map<String, HealthCheck> checks = db.healthContributors().stream()
                .collect(Collectors.toMap(HealthContributor::name, HealthContributor::check));
        assertEquals(java.util.Set.of("database:sales", "wal:sales", "disk:sales"), checks.keySet());
        checks.values().forEach(c -> assertFalse(c.status() == HealthStatus.UNHEALTHY, c.message()));
        assertTrue((Long) checks.get("disk:sales").details().get("usable_bytes") > 0);
        assertTrue(checks.get("wal:sales").details().containsKey("bytes_since_checkpoint"));
        db.close();
        assertEquals(HealthStatus.UNHEALTHY, checks.isEmpty() ? null
                : db.healthContributors().get(0).check().status(), "a closed database is unhealthy");
        db = DatabaseComponent.openStandalone("sales", tmp);
    }

    private MaintenanceJob await(long id) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            MaintenanceJob j = db.maintenanceJobs().job(id).orElseThrow();
            if (j.state().done()) {
                return j;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not finish");
    }
}
