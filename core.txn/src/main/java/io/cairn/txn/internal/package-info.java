/**
 * Implementation of Cairn transactions: MVCC over the page store's trees, the lock manager,
 * commit publication, garbage collection, sessions and wait events. Never exported.
 */
package io.cairn.txn.internal;
