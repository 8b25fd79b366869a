/**
 * The page store: ties the data file, the buffer pool, the write-ahead log and the B+trees
 * together with log points, checkpoints, redo recovery, verification, compaction and backup
 * sessions. Private to the bundle; the API is {@link io.cairn.storage.Storage}. See FORMAT.md.
 */
package io.cairn.storage.internal.store;
