package io.cairn.pool.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one named pool ({@code etc/io.cairn.pool-<name>.cfg}). Numbers and durations
 * are read as text so that a bad value fails with a message naming it (see {@link PoolSettings}).
 */
@ObjectClassDefinition(
        name = "Cairn connection pool",
        description = "A named JDBC connection pool (HikariCP) over one Cairn database, published as a DataSource service.")
public @interface PoolConfig {

    @AttributeDefinition(description = "Pool name, unique in the container: letters, digits, _ and -, starting with a letter.")
    String name();

    @AttributeDefinition(description = "The database to connect to (the name of an io.cairn.database configuration).")
    String database() default "default";

    @AttributeDefinition(name = "Maximum pool size", description = "The most connections the pool opens (1 to 1000).")
    String maximumPoolSize() default "10";

    @AttributeDefinition(name = "Minimum idle",
            description = "Idle connections the pool keeps open, at most maximumPoolSize.")
    String minimumIdle() default "2";

    @AttributeDefinition(name = "Connection timeout",
            description = "How long getConnection() waits for a free connection before failing, e.g. 30s (at least 250ms).")
    String connectionTimeout() default "30s";

    @AttributeDefinition(name = "Idle timeout",
            description = "An idle connection above minimumIdle is closed after this, e.g. 10m; 0 keeps them (at least 10s).")
    String idleTimeout() default "10m";

    @AttributeDefinition(name = "Maximum lifetime",
            description = "A connection is retired after this, e.g. 30m; 0 means never (at least 30s).")
    String maxLifetime() default "30m";

    @AttributeDefinition(description = "The session user shown in v$session; empty means the pool name.")
    String user() default "";

    @AttributeDefinition(description = "Isolation of the pool's connections: READ_COMMITTED, SNAPSHOT or REPEATABLE_READ.")
    String isolation() default "READ_COMMITTED";

    @AttributeDefinition(name = "Read-only", description = "true: the connections refuse statements that write.")
    String readOnly() default "false";

    @AttributeDefinition(name = "Autocommit", description = "The autocommit mode of connections as they are lent.")
    String autoCommit() default "true";
}
