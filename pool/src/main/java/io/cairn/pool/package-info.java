/**
 * Named JDBC connection pools over Cairn databases: each {@code etc/io.cairn.pool-<name>.cfg}
 * becomes a pool published as a {@link javax.sql.DataSource} service and a {@link ConnectionPool}
 * service (for the admin REST API and the shell). See pool/README.md.
 */
@Export
@Version("0.1.0")
package io.cairn.pool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
