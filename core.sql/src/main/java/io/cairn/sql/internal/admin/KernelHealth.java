package io.cairn.sql.internal.admin;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.health.HealthCheck;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.health.HealthStatus;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageStats;
import io.cairn.txn.Session;

/** The kernel's own health checks for one database: it answers queries, its log keeps up, its disk has room. */
public final class KernelHealth {

    /** Degraded below this share of the file system free. */
    static final double DISK_DEGRADED_FREE = 0.10;
    /** Degraded when the log not yet covered by a checkpoint is this many times the checkpoint threshold. */
    static final int WAL_DEGRADED_FACTOR = 4;

    private KernelHealth() {
    }

    public static List<HealthContributor> contributors(String database, Path directory, SqlEngine engine,
            StorageOptions options) {
        return List.of(database(database, engine), wal(database, engine, options), disk(database, directory, options));
    }

    /** {@code database:<name>}: a session opens and a query over the catalog answers. */
    static HealthContributor database(String name, SqlEngine engine) {
        return contributor("database:" + name, () -> {
            long started = System.nanoTime();
            Session session = engine.manager().openSession("cairn", "health check");
            try {
                int tables = engine.execute(session, "SELECT table_name FROM information_schema.tables").rows().size();
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("query_ms", (System.nanoTime() - started) / 1_000_000.0);
                d.put("tables", tables);
                d.put("sessions", engine.manager().sessionRegistry().sessions().size());
                d.put("current_scn", engine.manager().currentScn());
                return HealthCheck.of(HealthStatus.HEALTHY, "database '" + name + "' answers queries", d);
            } finally {
                engine.forget(session);
                session.close();
            }
        });
    }

    /**
     * {@code wal:<name>}: the store accepts changes (unhealthy after a failed log write or fsync),
     * and the log not yet covered by a checkpoint stays near the checkpoint threshold.
     */
    static HealthContributor wal(String name, SqlEngine engine, StorageOptions options) {
        return contributor("wal:" + name, () -> {
            StorageStats s = engine.manager().storage().stats();
            long sinceCheckpoint = Math.max(0, s.walEndLsn() - s.checkpointRedoLsn());
            long unflushed = Math.max(0, s.walEndLsn() - s.walDurableLsn());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("wal_bytes", s.walBytes());
            d.put("bytes_since_checkpoint", sinceCheckpoint);
            d.put("checkpoint_wal_size", options.checkpointWalBytes());
            d.put("unflushed_bytes", unflushed);
            d.put("checkpoints", s.checkpoints());
            d.put("fsyncs", s.walFsyncs());
            d.put("avg_fsync_ms", s.walFsyncs() == 0 ? 0.0 : s.walFsyncNanos() / 1e6 / s.walFsyncs());
            d.put("dirty_pages", s.bufferPool().dirtyPages());
            String failure = engine.manager().storage().failure();
            if (failure != null) { // a failed log write or fsync: nothing can commit until the database reopens
                d.put("failure", failure);
                return HealthCheck.of(HealthStatus.UNHEALTHY, "the store refuses changes after a failure; reopen "
                        + "the database to recover every committed change: " + failure, d);
            }
            if (sinceCheckpoint > WAL_DEGRADED_FACTOR * options.checkpointWalBytes()) {
                return HealthCheck.of(HealthStatus.DEGRADED, "checkpoints are falling behind: " + sinceCheckpoint
                        + " bytes of log since the last checkpoint's redo point", d);
            }
            return HealthCheck.of(HealthStatus.HEALTHY, "the log is checkpointed and flushed", d);
        });
    }

    /**
     * {@code disk:<name>}: unhealthy when the data directory's file system has less room than two
     * WAL segments (the next segment could not be created), degraded below 10% free.
     */
    static HealthContributor disk(String name, Path directory, StorageOptions options) {
        return contributor("disk:" + name, () -> {
            FileStore store;
            long total;
            long usable;
            try {
                store = Files.getFileStore(directory);
                total = store.getTotalSpace();
                usable = store.getUsableSpace();
            } catch (IOException e) {
                return HealthCheck.of(HealthStatus.UNHEALTHY, "cannot read the file system of " + directory + ": " + e,
                        Map.of());
            }
            long floor = 2L * options.walSegmentBytes();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("directory", directory.toString());
            d.put("total_bytes", total);
            d.put("usable_bytes", usable);
            d.put("free_ratio", total == 0 ? 0.0 : (double) usable / total);
            d.put("unhealthy_below_bytes", floor);
            if (usable < floor) {
                return HealthCheck.of(HealthStatus.UNHEALTHY, "only " + usable + " bytes free: less than two WAL segments", d);
            }
            if (total > 0 && (double) usable / total < DISK_DEGRADED_FREE) {
                return HealthCheck.of(HealthStatus.DEGRADED, "less than 10% of the file system is free", d);
            }
            return HealthCheck.of(HealthStatus.HEALTHY, usable / (1024 * 1024) + " MiB free", d);
        });
    }

    private interface Check {
        HealthCheck run() throws Exception;
    }

    private static HealthContributor contributor(String name, Check check) {
        return new HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheck check() {
                try {
                    return check.run();
                } catch (Exception | AssertionError e) {
                    return HealthCheck.of(HealthStatus.UNHEALTHY, name + " failed: " + e.getMessage(), Map.of());
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
