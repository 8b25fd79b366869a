/**
 * Cairn storage API: the page store, its B+trees, write-ahead log, checkpoints and the
 * counters the monitoring plugins read. 0.2.0 adds {@link io.cairn.storage.IoCounter} (per-thread
 * page and log I/O, for per-statement figures). 0.3.0 adds {@link io.cairn.storage.Storage#failure()}.
 * 0.4.0 adds {@link io.cairn.storage.Tree#load} (bottom-up bulk loading of an empty tree). 0.5.0
 * adds {@link io.cairn.storage.Tree#pages()} and {@link io.cairn.storage.Tree#bytes()} (a tree's
 * size, kept with the tree's catalog entry) and {@link io.cairn.storage.Storage#PAGE_SIZE}. 0.6.0 adds
 * {@link io.cairn.storage.Tree#putIfAbsent} (insert a new key in one descent, or read the present value).
 * 0.7.0 adds {@link io.cairn.storage.StorageOptions#readAheadPages()} (sequential read-ahead for scans).
 */
@Export
@Version("0.7.0")
package io.cairn.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
