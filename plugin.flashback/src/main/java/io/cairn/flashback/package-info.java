/**
 * Cairn Flashback API. AS OF queries, VERSIONS BETWEEN, FLASHBACK TABLE and undo retention.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.flashback;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
