/**
 * Cairn storage API: the page store, its B+trees, write-ahead log, checkpoints and the
 * counters the monitoring plugins read.
 */
@Export
@Version("0.1.0")
package io.cairn.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
