package io.cairn.monitoring.internal.rsrc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of a resource group ({@code etc/io.cairn.rsrc.group-<name>.cfg}); the values are read
 * and checked by {@link ResourceGroup#parse}, so a bad value is a clear error, not a silent 0.
 */
@ObjectClassDefinition(pid = ResourceGroupComponent.FACTORY_PID, name = "Cairn resource group",
        description = "Limits for the sessions and statements of some users: concurrent statements, CPU time, "
                + "elapsed time, memory and I/O rate per statement, sessions; each with a policy.")
@interface ResourceGroupConfig {

    @AttributeDefinition(description = "Group name (letters, digits, underscores); default: the configuration's name")
    String name() default "";

    @AttributeDefinition(description = "User names governed by this group (comma-separated)")
    String[] users() default {};

    @AttributeDefinition(description = "Only sessions of these databases (comma-separated); empty = every database")
    String[] databases() default {};

    @AttributeDefinition(description = "Governs users no group lists")
    boolean default$() default false;

    @AttributeDefinition(name = "max.concurrent.statements", description = "Statements running at once; 0 = unlimited")
    int max_concurrent_statements() default 0;

    @AttributeDefinition(name = "concurrency.policy", description = "When all statement slots are busy",
            options = {@Option(value = "queue"), @Option(value = "reject"), @Option(value = "allow")})
    String concurrency_policy() default "queue";

    @AttributeDefinition(name = "max.queue.wait.ms", description = "Longest wait for a slot before the statement is rejected")
    long max_queue_wait_ms() default 10_000;

    @AttributeDefinition(name = "cpu.per.statement.ms", description = "CPU time one statement may use; 0 = unlimited")
    long cpu_per_statement_ms() default 0;

    @AttributeDefinition(name = "cpu.policy", options = {@Option(value = "terminate"), @Option(value = "allow")})
    String cpu_policy() default "terminate";

    @AttributeDefinition(name = "statement.timeout.ms", description = "Elapsed time one statement may take; 0 = unlimited")
    long statement_timeout_ms() default 0;

    @AttributeDefinition(name = "timeout.policy", options = {@Option(value = "terminate"), @Option(value = "allow")})
    String timeout_policy() default "terminate";

    @AttributeDefinition(name = "memory.per.statement.mb", description = "Estimated memory of a statement's largest sort or hash table, in MB; 0 = unlimited")
    long memory_per_statement_mb() default 0;

    @AttributeDefinition(name = "memory.policy", options = {@Option(value = "terminate"), @Option(value = "allow")})
    String memory_policy() default "terminate";

    @AttributeDefinition(name = "io.pages.per.second", description = "Pages one statement may read per second (buffer pool hits and data file reads); 0 = unlimited")
    long io_pages_per_second() default 0;

    @AttributeDefinition(name = "io.policy", description = "When a statement reads faster: slow it down to the rate, cancel it, or log",
            options = {@Option(value = "throttle"), @Option(value = "terminate"), @Option(value = "allow")})
    String io_policy() default "throttle";

    @AttributeDefinition(name = "max.sessions", description = "Open sessions of the group's users; 0 = unlimited")
    int max_sessions() default 0;

    @AttributeDefinition(name = "sessions.policy", options = {@Option(value = "reject"), @Option(value = "allow")})
    String sessions_policy() default "reject";

    @AttributeDefinition(name = "user.max.sessions", description = "Open sessions per user of the group; 0 = unlimited; over it: rejected")
    int user_max_sessions() default 0;

    @AttributeDefinition(name = "user.statements.per.hour", description = "Statements per user in a sliding hour; 0 = unlimited; over it: rejected")
    long user_statements_per_hour() default 0;

    @AttributeDefinition(name = "user.storage.mb", description = "MiB of tables and indexes each user may own in a database; "
            + "at or over it, INSERT, UPDATE, CREATE TABLE/INDEX and REINDEX of that user are rejected (53400) while "
            + "SELECT, DELETE, DROP and VACUUM still run; 0 = unlimited")
    long user_storage_mb() default 0;
}
