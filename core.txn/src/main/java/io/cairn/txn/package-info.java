/**
 * Cairn Core Transactions API. Transactions, SCNs, MVCC, row locks with deadlock detection, commit and change events.
 * <p>No API yet: this package is versioned so plugins can import it once it has types.
 */
@Export
@Version("0.1.0")
package io.cairn.txn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
