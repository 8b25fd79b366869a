package io.cairn.sql.internal.admin;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.sql.SqlException;
import io.cairn.sql.admin.MaintenanceJob;
import io.cairn.sql.admin.MaintenanceJob.State;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.sql.admin.MaintenanceOperation;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.engine.SqlResult;
import io.cairn.txn.Session;

/**
 * The maintenance job queue of one database: one worker thread runs the jobs' statements in
 * submission order (so two VACUUMs never race), and the last {@value MaintenanceJobs#HISTORY}
 * jobs stay visible.
 */
public final class MaintenanceRunner implements MaintenanceJobs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRunner.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Container-wide, so a job id names one job whichever database it ran in. */
    private static final AtomicLong IDS = new AtomicLong();

    private final String database;
    private final SqlEngine engine;
    private final ExecutorService worker;
    private final Map<Long, MaintenanceJob> jobs = new LinkedHashMap<>();
    private final Deque<Long> order = new ArrayDeque<>();

    public MaintenanceRunner(String database, SqlEngine engine) {
        this.database = database;
        this.engine = engine;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cairn-maintenance-" + database);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public MaintenanceJob submit(MaintenanceOperation operation, List<String> tables, String requestedBy)
            throws SqlException {
        if (operation == null) {
            throw new SqlException("no maintenance operation given: use vacuum, analyze, reindex or checkpoint", "22023");
        }
        List<String> resolved = resolve(operation, tables == null ? List.of() : tables);
        MaintenanceJob job = new MaintenanceJob(IDS.incrementAndGet(), database, operation, resolved, State.QUEUED,
                requestedBy, Instant.now(), null, null, null, null, null);
        synchronized (this) {
            jobs.put(job.id(), job);
            order.addLast(job.id());
            forgetOldest();
        }
        worker.execute(() -> run(job));
        return job;
    }

    private List<String> resolve(MaintenanceOperation op, List<String> tables) throws SqlException {
        if ((op == MaintenanceOperation.VACUUM || op == MaintenanceOperation.CHECKPOINT) && !tables.isEmpty()) {
            throw new SqlException(op.label() + " works on the whole database and takes no tables", "22023");
        }
        List<String> existing = userTables();
        List<String> out = new ArrayList<>();
        for (String t : tables) {
            if (t == null || !NAME.matcher(t).matches()) {
                throw new SqlException("invalid table name '" + t + "'", "42601");
            }
            String found = existing.stream().filter(e -> e.equalsIgnoreCase(t)).findFirst()
                    .orElseThrow(() -> new SqlException("table \"" + t + "\" does not exist", "42P01"));
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        return List.copyOf(out);
    }

    private List<String> userTables() throws SqlException {
        Session session = engine.manager().openSession("cairn", "maintenance");
        try {
            SqlResult r = engine.execute(session, "SELECT table_name FROM information_schema.tables");
            List<String> names = new ArrayList<>();
            for (Object[] row : r.rows()) {
                names.add((String) row[0]);
            }
            return names;
        } finally {
            engine.forget(session);
            session.close();
        }
    }

    private void run(MaintenanceJob queued) {
        MaintenanceJob job = update(queued, State.RUNNING, Instant.now(), null, null, null, null);
        List<String> statements = statements(job);
        List<String> result = new ArrayList<>();
        Session session = engine.manager().openSession(job.requestedBy(), "maintenance job " + job.id());
        try {
            for (String sql : statements) {
                SqlResult r = engine.execute(session, sql);
                result.add(describe(sql, r));
            }
            update(job, State.SUCCEEDED, job.started(), Instant.now(), result, null, null);
        } catch (SqlException e) {
            update(job, State.FAILED, job.started(), Instant.now(), result, e.getSQLState(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("database '{}': maintenance job {} failed", database, job.id(), e);
            update(job, State.FAILED, job.started(), Instant.now(), result, "XX000", String.valueOf(e.getMessage()));
        } finally {
            engine.forget(session);
            session.close();
        }
    }

    private List<String> statements(MaintenanceJob job) {
        return switch (job.operation()) {
            case VACUUM -> List.of("VACUUM");
            case CHECKPOINT -> List.of("CHECKPOINT");
            case ANALYZE -> job.tables().isEmpty() ? List.of("ANALYZE")
                    : job.tables().stream().map(t -> "ANALYZE " + t).toList();
            case REINDEX -> {
                List<String> tables = job.tables();
                if (tables.isEmpty()) {
                    try {
                        tables = userTables();
                    } catch (SqlException e) {
                        tables = List.of();
                    }
                }
                yield tables.stream().map(t -> "REINDEX TABLE " + t).toList();
            }
        };
    }

    private static String describe(String sql, SqlResult r) {
        if (!r.isQuery() || r.rows().isEmpty()) {
            return sql;
        }
        StringBuilder s = new StringBuilder(sql).append(':');
        Object[] row = r.rows().get(0);
        for (int i = 0; i < row.length; i++) {
            s.append(' ').append(r.columnNames().get(i).toLowerCase(Locale.ROOT)).append('=').append(row[i]);
        }
        return s.toString();
    }

    private synchronized MaintenanceJob update(MaintenanceJob j, State state, Instant started, Instant finished,
            List<String> result, String sqlState, String error) {
        MaintenanceJob next = new MaintenanceJob(j.id(), j.database(), j.operation(), j.tables(), state,
                j.requestedBy(), j.submitted(), started, finished, result == null ? null : List.copyOf(result),
                sqlState, error);
        if (jobs.containsKey(j.id())) {
            jobs.put(j.id(), next);
            forgetOldest();
        }
        return next;
    }

    /** Drops the oldest finished jobs beyond the history size; queued and running jobs stay. */
    private void forgetOldest() {
        var it = order.iterator();
        while (order.size() > HISTORY && it.hasNext()) {
            Long id = it.next();
            if (jobs.get(id).state().done()) {
                it.remove();
                jobs.remove(id);
            }
        }
    }

    @Override
    public synchronized Optional<MaintenanceJob> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<MaintenanceJob> jobs() {
        List<MaintenanceJob> all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all);
        return all;
    }

    /** Stops taking jobs and waits briefly for the running one, so the database can close under it. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
