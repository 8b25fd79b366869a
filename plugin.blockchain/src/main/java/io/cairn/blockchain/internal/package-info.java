/**
 * Private implementation of Cairn Blockchain Tables; never exported.
 * <p>No implementation yet.
 */
package io.cairn.blockchain.internal;
