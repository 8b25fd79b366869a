/**
 * Administration services of one open database, for the admin REST API, the console and shell
 * commands (which must not reach into the engine's internal packages). The kernel registers one of
 * each per database with the service property {@code cairn.database=<name>}:
 * <ul>
 * <li>{@link io.cairn.sql.admin.SqlConsole}: runs SQL text for a named user with a row limit (the
 * console's worksheet, {@code POST /api/v1/sql});</li>
 * <li>{@link io.cairn.sql.admin.DatabaseParameters}: the parameters {@code ALTER SYSTEM SET} can
 * change, read and set through the very same validation and persistence (Config Admin in a
 * container, {@code cairn.properties} outside);</li>
 * <li>{@link io.cairn.sql.admin.MaintenanceJobs}: VACUUM, ANALYZE, REINDEX and CHECKPOINT as
 * background jobs with ids and a bounded history ({@code cairn:maintenance},
 * {@code /api/v1/admin/maintenance}).</li>
 * </ul>
 */
@Export
@Version("0.1.0")
package io.cairn.sql.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
