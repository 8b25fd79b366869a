/**
 * Cairn Blockchain Tables API. Hash-chained insert-only tables, audit trail, retention policies and legal holds.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.blockchain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
