/**
 * Cairn Monitoring API. Metrics and Prometheus, health, Active Session History, alerts, v$ views, incidents, resource manager.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.monitoring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
