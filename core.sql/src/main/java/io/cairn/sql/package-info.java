/**
 * Cairn SQL API: the database as the rest of the container sees it. The parser, planner,
 * executor, sessions and the JDBC driver will publish their contracts here. 0.4.0 adds
 * {@link io.cairn.sql.Database#tableStorage()} and {@link io.cairn.sql.TableStorage} (each table's
 * owner and size).
 */
@Export
@Version("0.4.0")
package io.cairn.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
