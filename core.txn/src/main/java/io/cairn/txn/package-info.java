/**
 * Cairn transactions API: sessions, transactions over tables of byte-keyed rows, SCNs and their
 * wall-clock map, MVCC retention, locks, change events and wait events. The layout of versions
 * on disk is described in core.txn/MVCC.md.
 */
@Export
@Version("1.0.0")
package io.cairn.txn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
