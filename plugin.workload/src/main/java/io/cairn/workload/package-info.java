/**
 * Cairn Workload API. AWR snapshots, baselines and reports, ADDM findings, SQL monitor and tuning advisor.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.workload;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
