/**
 * Private implementation of Cairn Core Transactions; never exported.
 * <p>No implementation yet.
 */
package io.cairn.txn.internal;
