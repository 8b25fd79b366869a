package io.cairn.pool;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named connection pool over one Cairn database, registered while the pool runs (its database
 * is open and its configuration valid) with the service properties {@value #POOL_NAME} and
 * {@value #DATABASE}. Its connections are handed out by the {@code javax.sql.DataSource} service
 * registered beside it with the same properties.
 */
@ProviderType
public interface ConnectionPool {

    /** Service property: the pool's name (the {@code name} of its configuration). */
    String POOL_NAME = "pool.name";

    /** Service property: the database the pool connects to (as on the {@code Database} service). */
    String DATABASE = "cairn.database";

    /** The pool's name, unique in the container. */
    String name();

    /** The name of the database the pool connects to. */
    String database();

    /** The pool's figures now; cheap enough to call on every REST request. */
    PoolStats stats();
}
