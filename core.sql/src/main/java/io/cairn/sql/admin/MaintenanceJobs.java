package io.cairn.sql.admin;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.cairn.sql.SqlException;

/**
 * Runs maintenance statements of one database as background jobs, one at a time in submission
 * order, and remembers the last {@value #HISTORY} jobs.
 */
@ProviderType
public interface MaintenanceJobs {

    /** How many finished jobs are remembered; older ones are forgotten first. */
    int HISTORY = 100;

    /**
     * Validates and queues a job.
     *
     * @param tables empty for all tables; must be empty for VACUUM and CHECKPOINT
     * @throws SqlException 42P01 for a table that does not exist, 42601 for a malformed name,
     *         22023 for tables given to an operation that takes none
     */
    MaintenanceJob submit(MaintenanceOperation operation, List<String> tables, String requestedBy) throws SqlException;

    /** The job, if it is in the history. */
    Optional<MaintenanceJob> job(long id);

    /** The history, newest first. */
    List<MaintenanceJob> jobs();
}
