/**
 * Cairn SQL API: the database as the rest of the container sees it. The parser, planner,
 * executor, sessions and the JDBC driver will publish their contracts here.
 */
@Export
@Version("0.3.0")
package io.cairn.sql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
