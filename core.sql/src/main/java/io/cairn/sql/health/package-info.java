/**
 * Health checks as a whiteboard: any bundle registers a {@link io.cairn.sql.health.HealthContributor}
 * service and whoever reports health (admin.web's {@code /api/v1/admin/health}, the
 * {@code cairn:health} shell command, the monitoring plugin) asks every registered contributor
 * for a {@link io.cairn.sql.health.HealthCheck} and reports the worst status.
 * <p>The kernel registers three contributors per open database, each with the service property
 * {@code cairn.database=<name>}: {@code database:<name>} (a query runs and answers),
 * {@code wal:<name>} (the store accepts changes, i.e. no log write or fsync failed, and the log
 * checkpoints and flushes keep up) and {@code disk:<name>} (free space
 * on the data directory's file system).
 * <p>Contract: {@code check()} must be cheap (it runs on every health request, at most a few
 * milliseconds), must not block on locks, and reports failure as an {@code UNHEALTHY} check rather
 * than by throwing; a contributor that throws is reported {@code UNHEALTHY} with the exception's message.
 */
@Export
@Version("0.1.0")
package io.cairn.sql.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
