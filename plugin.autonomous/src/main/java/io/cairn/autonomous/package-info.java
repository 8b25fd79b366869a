/**
 * Cairn Autonomous API. Auto-indexing, auto-tuning, self-healing, capacity forecast and anomaly detection.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.autonomous;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
