/**
 * Private implementation of Cairn Flashback; never exported.
 * <p>No implementation yet.
 */
package io.cairn.flashback.internal;
