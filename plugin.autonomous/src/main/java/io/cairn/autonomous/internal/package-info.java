/**
 * Private implementation of Cairn Autonomous; never exported.
 * <p>No implementation yet.
 */
package io.cairn.autonomous.internal;
