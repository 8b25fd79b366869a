package io.cairn.monitoring.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.cairn.monitoring.cfg}: Active Session History, v$sql and slow-query log settings. */
@ObjectClassDefinition(name = "Cairn Monitoring",
        description = "Active Session History sampling, SQL statistics and the slow-query log of every open Cairn database.")
public @interface MonitoringConfig {

    @AttributeDefinition(name = "ASH interval (ms)", min = "100", max = "60000",
            description = "Milliseconds between two Active Session History samples, 100 to 60000.")
    long ashIntervalMillis() default 1000;

    @AttributeDefinition(name = "ASH buffer (samples)", min = "1000", max = "10000000",
            description = "Session samples kept in memory, 1000 to 10000000; each takes about 100 bytes. "
                    + "The default holds one hour of 100 active sessions sampled every second.")
    int ashBufferSamples() default 360_000;

    @AttributeDefinition(name = "ASH persist every N samples", min = "1", max = "3600",
            description = "Every Nth ASH sample is written to the table cairn_ash_history of its database, 1 to 3600.")
    int ashPersistEvery() default 10;

    @AttributeDefinition(name = "ASH retention (hours)", min = "1", max = "8760",
            description = "Persisted ASH samples older than this are deleted, 1 to 8760.")
    int ashRetentionHours() default 24;

    @AttributeDefinition(name = "Slow-query threshold (ms)", min = "0", max = "3600000",
            description = "Statements running at least this long go to the slow-query log and v$slow_query; "
                    + "0 logs every statement.")
    long slowQueryThresholdMillis() default 1000;

    @AttributeDefinition(name = "Slow-query log directory",
            description = "Directory of slow-query.jsonl; empty means ${karaf.data}/cairn-monitoring.")
    String slowQueryLogDirectory() default "";

    @AttributeDefinition(name = "v$sql CPU time",
            description = "Each statement's CPU time for v$sql and the slow-query log: read from the thread CPU clock, "
                    + "for very short statements on one execution in 16 and otherwise estimated as elapsed time minus "
                    + "waits (core.sql/INSTRUMENTATION.md, Cost). false: CPU columns are NULL.")
    boolean sqlCpuTime() default true;

    @AttributeDefinition(name = "v$sql digests", min = "100", max = "1000000",
            description = "Statement shapes v$sql tracks per database, 100 to 1000000; new shapes beyond it are "
                    + "counted in cairn_sql_untracked_statements_total but get no row.")
    int sqlMaxDigests() default 5000;

    @AttributeDefinition(name = "Alert evaluation interval (s)", min = "1", max = "3600",
            description = "Seconds between two evaluations of the alert rules, 1 to 3600.")
    long alertIntervalSeconds() default 10;

    @AttributeDefinition(name = "Alert database",
            description = "The database whose tables cairn_alert_rules and cairn_alert_history hold the rules and history.")
    String alertDatabase() default "default";

    @AttributeDefinition(name = "Metrics port enabled",
            description = "Also serve /metrics (Prometheus text, no authentication) on a port of its own.")
    boolean metricsPortEnabled() default false;

    @AttributeDefinition(name = "Metrics port", min = "1", max = "65535",
            description = "The port of the unauthenticated /metrics listener, 1 to 65535.")
    int metricsPort() default 9100;

    @AttributeDefinition(name = "Metrics bind address",
            description = "The address the /metrics listener binds to; the default is loopback only, since the port "
                    + "has no authentication. 0.0.0.0 listens on every interface.")
    String metricsBind() default "127.0.0.1";

    // Incidents, v$health_check and diagnostic dumps (INCIDENTS.md); stored in alertDatabase.

    @AttributeDefinition(name = "Incident check interval (s)", min = "1", max = "3600",
            description = "Seconds between two checks for deadlock storms, low disk space and bad health, 1 to 3600.")
    long incidentCheckSeconds() default 10;

    @AttributeDefinition(name = "Deadlock storm: deadlocks", min = "1", max = "1000000",
            description = "This many deadlocks of one database within incidentDeadlockWindowSeconds open an incident.")
    int incidentDeadlocks() default 10;

    @AttributeDefinition(name = "Deadlock storm: window (s)", min = "1", max = "86400",
            description = "The window, in seconds, the deadlock count is measured over, 1 to 86400.")
    long incidentDeadlockWindowSeconds() default 60;

    @AttributeDefinition(name = "Disk free threshold (%)", min = "0", max = "100",
            description = "An incident opens (and v$health_check says DOWN) when the usable space of a database's "
                    + "file system falls below this share, 0 to 100; 0 switches the check off.")
    int incidentDiskFreePercent() default 5;

    @AttributeDefinition(name = "Diagnostic dump limit (MiB)", min = "1", max = "1024",
            description = "Largest diagnostic dump, 1 to 1024 MiB; parts beyond it are left out and named in the manifest.")
    int diagDumpMaxMegabytes() default 64;

    @AttributeDefinition(name = "Diagnostic dump log tail (KiB)", min = "0", max = "65536",
            description = "How much of the end of the container log a dump carries, 0 to 65536 KiB.")
    int diagLogTailKilobytes() default 1024;

    @AttributeDefinition(name = "Diagnostic dump ASH window (min)", min = "1", max = "1440",
            description = "Minutes of ASH an on-demand dump carries; an incident's dump takes this much before "
                    + "the incident opened up to its last occurrence. 1 to 1440.")
    int diagAshMinutes() default 15;
}
