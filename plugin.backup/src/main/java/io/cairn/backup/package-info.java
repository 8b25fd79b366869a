/**
 * Cairn Backup API. Full, incremental and point-in-time backups with verify, restore, retention and schedules.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.backup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
