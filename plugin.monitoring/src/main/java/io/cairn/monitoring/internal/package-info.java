/**
 * Private implementation of Cairn Monitoring; never exported.
 * <p>No implementation yet.
 */
package io.cairn.monitoring.internal;
