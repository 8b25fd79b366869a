package io.cairn.sql.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One maintenance job as it stands.
 *
 * @param id          unique in this container (ids are not reused until restart)
 * @param result      one line per statement run, e.g. {@code ANALYZE orders}; null until finished
 * @param sqlState    the SQLSTATE of the failure, null unless FAILED
 * @param error       the failure message, null unless FAILED
 * @param started     null while queued
 * @param finished    null until SUCCEEDED or FAILED
 */
public record MaintenanceJob(long id, String database, MaintenanceOperation operation, List<String> tables,
        State state, String requestedBy, Instant submitted, Instant started, Instant finished,
        List<String> result, String sqlState, String error) {

    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean done() {
            return this == SUCCEEDED || this == FAILED;
        }
    }
}
