/**
 * The buffer pool: page frames with pins, usage counts, clock-sweep eviction and the dirty,
 * unlogged and recLSN bookkeeping that keeps the write-ahead-log-before-data rule. Private to the bundle.
 */
package io.cairn.storage.internal.buffer;
