/**
 * Private implementation of Cairn Workload; never exported.
 * <p>No implementation yet.
 */
package io.cairn.workload.internal;
