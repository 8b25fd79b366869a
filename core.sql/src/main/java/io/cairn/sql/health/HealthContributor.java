package io.cairn.sql.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named health check, registered as an OSGi service (whiteboard). See the package documentation
 * for the contract.
 */
@ConsumerType
public interface HealthContributor {

    /** A stable, unique name such as {@code disk:default} or {@code backup}; the key in health reports. */
    String name();

    /** Runs the check now; cheap and non-blocking. */
    HealthCheck check();
}
